import AutoDiff
import RealModule
import Testing

// IntegerPower (pow(x, n: Int)) and IntegerRoot (root(x, n)).

@Suite("Integer powers and roots")
struct ParameterisedPrimitivesTests {
  @Test("pow(x, n) at exactly representable points: value xⁿ and derivative n·xⁿ⁻¹ exactly")
  func integerPowerExactValues() {
    // (x, n, xⁿ, n·xⁿ⁻¹), all exact in binary.
    let cases: [(x: Double, n: Int, value: Double, derivative: Double)] = [
      (1.5, 3, 3.375, 6.75), (-2, 3, -8, 12), (-2, 2, 4, -4), (0.5, -2, 4, -16),
      (-2, -1, -0.5, -0.25), (3, 1, 3, 1), (3, 0, 1, 0), (-1.5, 4, 5.0625, -13.5),
      (2, 10, 1024, 5120),
    ]
    for c in cases {
      let y = valueWithDerivative(of: { Dual<Double>.pow($0, c.n) }, at: c.x)
      #expect(y.value == c.value, "pow(\(c.x), \(c.n))")
      #expect(y.derivative == c.derivative, "d/dx pow(x, \(c.n)) at \(c.x)")
      let f = valueWithDerivative(of: { Dual<Float>.pow($0, c.n) }, at: Float(c.x))
      #expect(f.value == Float(c.value) && f.derivative == Float(c.derivative), "Float pow(\(c.x), \(c.n))")
    }
  }

  @Test("pow(x, n) matches central differences and the rule's name", arguments: -4...6)
  func integerPowerMatchesCentralDifferences(_ n: Int) {
    #expect(IntegerPower(n).name == "pow(·, \(n))")
    var rng = SeededGenerator(stream: 400 + n)
    for _ in 0..<20 {
      let x = rng.sample(from: [-3 ... -0.2, 0.2...3])
      let context = "pow(x, \(n)) at \(x), \(rng.seedDescription)"
      let d = derivative(of: { Dual<Double>.pow($0, n) }, at: x)
      // n·xⁿ⁻¹ computed the same way the rule does, so they agree to an ulp or two; the
      // five-point difference (error about ε^(4/5) ≈ 3e-13 of the scale) is the check
      // that does not share the formula, at 1e-6.
      expectApproximatelyEqual(d, Double(n) * Double.pow(x, n - 1), relativeTolerance: 1e-15, context)
      expectApproximatelyEqual(
        d, fivePointDifference(of: { Double.pow($0, n) }, at: x), relativeTolerance: 1e-6,
        absoluteTolerance: 1e-6, context)
      let second = derivative(of: { (x: Dual<Double>) in derivative(of: { Dual.pow($0, n) }, at: x) }, at: x)
      expectApproximatelyEqual(
        second, Double(n * (n - 1)) * Double.pow(x, n - 2), relativeTolerance: 1e-14,
        absoluteTolerance: 1e-300, "second: " + context)
      let f = derivative(of: { Dual<Float>.pow($0, n) }, at: Float(x))
      expectApproximatelyEqual(
        Double(f), Double(n) * Double.pow(Double(Float(x)), n - 1), relativeTolerance: 1e-5,
        "Float: " + context)
    }
  }

  @Test("root(x, n) at exact points: value and derivative 1/(n·ⁿ√x^(n−1))")
  func integerRootExactValues() {
    let cases: [(x: Double, n: Int, value: Double, derivative: Double)] = [
      (4, 2, 2, 0.25), (8, 3, 2, 1.0 / 12), (-8, 3, -2, 1.0 / 12), (16, 4, 2, 1.0 / 32),
      (-32, 5, -2, 1.0 / 80), (5, 1, 5, 1),
    ]
    for c in cases {
      let y = valueWithDerivative(of: { Dual<Double>.root($0, c.n) }, at: c.x)
      #expect(y.value == c.value, "root(\(c.x), \(c.n))")
      expectApproximatelyEqual(y.derivative, c.derivative, relativeTolerance: 1e-15, "root(\(c.x), \(c.n))′")
    }
  }

  @Test("root(x, n) matches central differences, also for odd n at x < 0", arguments: 1...6)
  func integerRootMatchesCentralDifferences(_ n: Int) {
    #expect(IntegerRoot(n).name == "root(·, \(n))")
    var rng = SeededGenerator(stream: 500 + n)
    let domain: [ClosedRange<Double>] = n % 2 == 1 ? [-20 ... -0.2, 0.2...20] : [0.2...20]
    for _ in 0..<20 {
      let x = rng.sample(from: domain)
      let context = "root(x, \(n)) at \(x), \(rng.seedDescription)"
      let d = derivative(of: { Dual<Double>.root($0, n) }, at: x)
      let r = Double.root(x, n)
      // d/dx x^(1/n) = x^(1/n) / (n·x)
      expectApproximatelyEqual(d, r / (Double(n) * x), relativeTolerance: 1e-13, context)
      expectApproximatelyEqual(
        d, fivePointDifference(of: { Double.root($0, n) }, at: x), relativeTolerance: 1e-6,
        absoluteTolerance: 1e-6, context)
      let second = derivative(of: { (x: Dual<Double>) in derivative(of: { Dual.root($0, n) }, at: x) }, at: x)
      // d²/dx² x^(1/n) = (1/n)(1/n − 1)·x^(1/n) / x²
      let expected = (1 / Double(n)) * (1 / Double(n) - 1) * r / (x * x)
      expectApproximatelyEqual(second, expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-15, "second: " + context)
      // Float: the rule's few operations round to 2⁻²⁴ ≈ 6e-8 each, and the Double
      // reference is exact to 1e-13 (above): 1e-5 relative bounds that (it was 1e-2,
      // which would pass a derivative 1 % off). Against the closed form at the same
      // Float point, so the only difference is Float's rounding.
      let f = derivative(of: { Dual<Float>.root($0, n) }, at: Float(x))
      let xf = Double(Float(x))
      expectApproximatelyEqual(
        Double(f), Double.root(xf, n) / (Double(n) * xf), relativeTolerance: 1e-5, "Float: " + context)
    }
  }

  @Test("root(x, 2) and squareRoot agree in value and derivative")
  func squareRootAgreesWithRootTwo() {
    for x in [0.25, 2, 9, 1e-8] {
      let a = valueWithDerivative(of: { Dual<Double>.root($0, 2) }, at: x)
      let b = valueWithDerivative(of: { $0.squareRoot() }, at: x)
      #expect(a.value == b.value, "at \(x)")
      expectApproximatelyEqual(a.derivative, b.derivative, relativeTolerance: 1e-15, "at \(x)")
    }
  }
}
