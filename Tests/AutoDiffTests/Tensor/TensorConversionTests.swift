import AutoDiff
import Foundation
import Testing

@Suite("Tensor conversion, Codable and seeded initialisers")
struct TensorConversionTests {
  @Test("Float ↔ Double: values rounded to Float, Float values exact in Double, no graph")
  func precision() {
    let d = Tensor<Double>(shape: [2, 2], scalars: [0.1, -2, 1e300, 1.0 / 3])
    let f = Tensor<Float>(d)
    #expect(f.shape == [2, 2])
    #expect(f.scalars == [0.1, -2, .infinity, Float(1.0 / 3)])
    let back = Tensor<Double>(f)
    #expect(back.scalars == f.scalars.map(Double.init))
    #expect(Tensor<Float>(back) == f)  // Float → Double → Float is exact
    var tracked = Tensor<Double>([1, 2])
    tracked.requiresGradient = true
    let converted = Tensor<Float>(tracked * 2)
    #expect(converted.gradientFunction == nil)
    #expect(!converted.requiresGradient)
  }

  @Test("Codable round trip keeps shape and bits; the JSON has only shape and scalars")
  func codable() throws {
    let tensors = [
      Tensor<Double>(shape: [2, 3], scalars: [0.1, -0.0, 3 * .leastNonzeroMagnitude, 3, .pi, -7.5]),
      Tensor<Double>(4.25), Tensor<Double>.zeros([0, 3]),
    ]
    #expect(tensors.count == 3)
    for t in tensors {
      let data = try JSONEncoder().encode(t)
      let decoded = try JSONDecoder().decode(Tensor<Double>.self, from: data)
      #expect(decoded.shape == t.shape)
      #expect(decoded.scalars.map(\.bitPattern) == t.scalars.map(\.bitPattern))
    }
    let json = try JSONEncoder().encode(Tensor<Float>([1, 2]))
    let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
    #expect(Set(object?.keys.map { $0 } ?? []) == ["shape", "scalars"])
  }

  @Test("decoding a wrong count or a negative dimension throws, naming the shape")
  func decodingErrors() {
    let cases = [
      (#"{"shape":[2,2],"scalars":[1,2,3]}"#, "shape [2, 2] needs 4 elements, got 3"),
      (#"{"shape":[-1,2],"scalars":[]}"#, "shape [-1, 2] has a negative dimension"),
    ]
    #expect(cases.count == 2)
    for (json, message) in cases {
      #expect {
        _ = try JSONDecoder().decode(Tensor<Double>.self, from: Data(json.utf8))
      } throws: { error in
        guard case DecodingError.dataCorrupted(let context) = error else { return false }
        return context.debugDescription.contains(message)
      }
    }
  }

  @Test("initialisers: seeded, within their bounds, with the usual variances")
  func initialisers() {
    var g1 = SplitMix64(seed: 7)
    var g2 = SplitMix64(seed: 7)
    let a = Tensor<Double>.glorotUniform([300, 200], fanIn: 300, fanOut: 200, using: &g1)
    let b = Tensor<Double>.glorotUniform([300, 200], fanIn: 300, fanOut: 200, using: &g2)
    #expect(a == b)
    let bound = (6.0 / 500).squareRoot()
    #expect(a.scalars.allSatisfy { abs($0) <= bound })
    func deviation(_ t: Tensor<Double>) -> Double {
      let mean = t.scalars.reduce(0, +) / Double(t.count)
      return (t.scalars.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(t.count)).squareRoot()
    }
    var g = SplitMix64(seed: 11)
    // 60 000 samples: the sample standard deviation is within 3·σ/√(2n) ≈ 0.9 % of σ with
    // overwhelming probability (and the seed is fixed); 2 % leaves room for the uniform's
    // larger kurtosis.
    let cases: [(String, Tensor<Double>, Double)] = [
      ("glorotUniform", a, (2.0 / 500).squareRoot()),
      ("glorotNormal", .glorotNormal([300, 200], fanIn: 300, fanOut: 200, using: &g), (2.0 / 500).squareRoot()),
      ("heNormal", .heNormal([300, 200], fanIn: 300, using: &g), (2.0 / 300).squareRoot()),
      ("heUniform", .heUniform([300, 200], fanIn: 300, using: &g), (2.0 / 300).squareRoot()),
    ]
    #expect(cases.count == 4)
    for (name, t, sigma) in cases {
      #expect(t.shape == [300, 200], "\(name)")
      #expect(abs(deviation(t) / sigma - 1) < 0.02, "\(name): deviation \(deviation(t)), expected \(sigma)")
    }
    let f = Tensor<Float>.heNormal([3], fanIn: 2, using: &g)
    #expect(f.count == 3)
  }
}
