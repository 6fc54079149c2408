import AutoDiff
import RealModule
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One step of a random tensor chain. Constants are rebuilt from numbers inside the
/// closure (tensors are not Sendable), with shapes that broadcast against the current one.
struct TensorStep: Sendable, CustomStringConvertible {
  enum Kind: Sendable {
    case unary(UnaryPrimitive)
    case activation(Activation)
    case binary(BinaryPrimitive, constantShape: [Int], swapped: Bool)
    case sum(axis: Int)
    case softmax(axis: Int)
    case logSumExp(axis: Int)
    case matmul(columns: Int)
    case transpose
    case slice(axis: Int)
  }

  let kind: Kind
  var description: String { "\(kind)" }

  static func constant(_ shape: [Int], seed: Int) -> Tensor<Double> {
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<n).map { 1.2 + 0.5 * Double.sin(Double(3 * $0 + seed)) })
  }

  func apply(_ x: Tensor<Double>) -> Tensor<Double> {
    switch kind {
    case .unary(let rule): return x.applying(rule)
    case .activation(let rule): return x.applying(rule)
    case .binary(let rule, let shape, let swapped):
      let c = Self.constant(shape, seed: shape.count)
      return swapped ? c.applying(rule, x) : x.applying(rule, c)
    case .sum(let axis): return x.sum(alongAxes: [axis], keepingDimensions: true)
    case .softmax(let axis): return x.softmax(alongAxis: axis)
    case .logSumExp(let axis): return x.logSumExp(alongAxes: [axis], keepingDimensions: true)
    case .matmul(let columns): return matmul(x, Self.constant([x.shape[1], columns], seed: columns))
    case .transpose: return x.transposed()
    case .slice(let axis): return x.slice(0..<max(1, x.shape[axis] - 1), alongAxis: axis)
    }
  }

  /// A random step that keeps a rank-2 shape and stays where every op is smooth.
  static func random(for shape: [Int], using g: inout SeededGenerator) -> TensorStep {
    let axis = Int.random(in: 0..<2, using: &g)
    switch Int.random(in: 0..<9, using: &g) {
    case 0: return TensorStep(kind: .unary([.sin, .cos, .tanh, .atan, .asinh, .erf].randomElement(using: &g)!))
    case 1: return TensorStep(kind: .activation(.sigmoid))
    case 2, 3:
      let shapes = [shape, [shape[1]], [shape[0], 1], [1, shape[1]], []]
      let rule: BinaryPrimitive = [.add, .subtract, .multiply, .divide, .hypot, .atan2].randomElement(using: &g)!
      // Never c / x: x is drawn from [−1, 1], and a pole would leave differences meaningless.
      let swapped = rule != .divide && Bool.random(using: &g)
      return TensorStep(
        kind: .binary(rule, constantShape: shapes.randomElement(using: &g)!, swapped: swapped))
    case 4: return TensorStep(kind: .sum(axis: axis))
    case 5: return TensorStep(kind: .softmax(axis: axis))
    case 6: return TensorStep(kind: .logSumExp(axis: axis))
    case 7: return TensorStep(kind: .matmul(columns: Int.random(in: 1...3, using: &g)))
    default: return Bool.random(using: &g) ? TensorStep(kind: .transpose) : TensorStep(kind: .slice(axis: axis))
    }
  }
}

@Suite("Differential fuzzing: random chains of tensor operations with broadcasting")
struct TensorChainFuzzTests {
  static var chainCount: Int {
    getenv("AUTODIFF_FUZZ_TENSOR_CHAINS").flatMap { Int(String(cString: $0)) } ?? 300
  }

  @Test("tensor forward == tensor reverse, and both match central differences")
  func randomChains() {
    var failures: [String] = []
    for k in 0..<Self.chainCount {
      var g = SeededGenerator(seed: 0x7E_2501 &+ UInt64(k))
      let shape = [Int.random(in: 1...3, using: &g), Int.random(in: 2...3, using: &g)]
      var steps: [TensorStep] = []
      var current = shape
      for _ in 0..<Int.random(in: 1...5, using: &g) {
        let step = TensorStep.random(for: current, using: &g)
        current = step.apply(Tensor.zeros(current)).shape
        steps.append(step)
      }
      let chain = { (x: Tensor<Double>) in steps.reduce(x) { $1.apply($0) } }
      let x = Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Double.random(in: -1...1, using: &g) })
      let forward = jacobian(of: chain, at: x, mode: .forward).scalars
      let reverse = jacobian(of: chain, at: x, mode: .reverse).scalars
      let estimate = centralDifferenceJacobian(of: { chain(Tensor(shape: shape, scalars: $0)).scalars }, at: x.scalars)
        .flatMap { $0 }
      let scale = max(1, (forward + reverse).map(\.magnitude).max() ?? 0)
      let modesAgree = zip(forward, reverse).allSatisfy { ($0 - $1).magnitude <= 1e-12 * scale }
      let differencesAgree = zip(reverse, estimate).allSatisfy { ($0 - $1).magnitude <= 1e-6 * scale }
      if !modesAgree || !differencesAgree || forward.count != estimate.count {
        failures.append("seed \(0x7E_2501 &+ UInt64(k)): \(shape) → \(steps), modes agree \(modesAgree), differences agree \(differencesAgree)")
        if failures.count >= 5 { break }
      }
    }
    #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
  }
}
