import AutoDiff
import RealModule
import Testing

/// The activation rules: their derivative is the derivative of the value they return, so
/// nested modes (which differentiate the inner level's value) agree with the rule, at ±0
/// and for large |x| too. The fuzzer found both cases wrong in an earlier sigmoid.
@Suite("Activations: the rule's derivative is its value's derivative")
struct ActivationTests {
  /// σ(x)² has second derivative 2σ′² + 2σσ″, which is 2·(1/4)² + 0 = 1/8 at x = ±0.
  @Test("sigmoid squared at ±0: the Hessian is 1/8 in both nested modes", arguments: [0.0, -0.0])
  func sigmoidSquaredAtZero(x: Double) {
    func f<T: Differentiable>(_ v: [T]) -> T {
      let s = v[0].applying(Activation.sigmoid)
      return s * s
    }
    let overReverse = hessian(of: f, at: [x])
    let overForward = hessian(of: f, at: [x], mode: .forward)
    // Exact: σ(0) = 1/2, σ′(0) = 1/4 and σ″(0) = 0 are exact in binary.
    #expect(overReverse == [[0.125]])
    #expect(overForward == [[0.125]])
  }

  /// σ′(x) = e^(−x)/(1 + e^(−x))² ≈ e^(−x) for large x: a normal number, not 0.
  @Test("sigmoid′ at large x is e^(−x), not a cancelled 0", arguments: [40.0, 61.9, 700.0])
  func sigmoidDerivativeLarge(x: Double) {
    let d = derivative(of: { $0.applying(Activation.sigmoid) }, at: x)
    let expected = Double.exp(-x) / ((1 + Double.exp(-x)) * (1 + Double.exp(-x)))
    #expect(expected > 0)
    // A few roundings in each (exp, one add, one multiply, one divide): 8 ulps.
    #expect((d - expected).magnitude <= 8 * expected.ulp)
    let negative = derivative(of: { $0.applying(Activation.sigmoid) }, at: -x)
    #expect((negative - expected).magnitude <= 8 * expected.ulp)
  }

  /// The second derivative by nesting against σ″ = e(e − 1)/(1 + e)³, e = e^(−x), a closed
  /// form without the cancellation of σ′(1 − 2σ) at large x.
  @Test("sigmoid″ by nested duals matches the closed form", arguments: [-3.0, -0.5, 0.25, 2.0, 9.0])
  func sigmoidSecondDerivative(x: Double) {
    let nested = derivative(
      of: { (y: Dual<Double>) in derivative(of: { $0.applying(Activation.sigmoid) }, at: y) }, at: x)
    let e = Double.exp(-x)
    let expected = e * (e - 1) / ((1 + e) * (1 + e) * (1 + e))
    // Relative 1e-13: a handful of roundings on both sides; e − 1 cancels only near
    // x = 0, which is not among the points.
    #expect((nested - expected).magnitude <= 1e-13 * expected.magnitude)
  }
}
