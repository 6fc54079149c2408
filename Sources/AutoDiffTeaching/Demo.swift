import AutoDiff
import RealModule

/// The classic examples of the teaching material, each computed by AutoDiff and
/// checked against its closed form.
public enum Demo {
  /// Every section, in teaching order.
  public static func sections() -> [DemoSection] {
    [cubicPolynomial(), productOfSum()]
  }

  /// f(x) = 3x³ − 5x² at 1.5 by one forward pass: f′(x) = 9x² − 10x = 5.25.
  static func cubicPolynomial() -> DemoSection {
    func f<T: Real>(_ x: T) -> T { 3 * x * x * x - 5 * x * x }
    let x = 1.5
    let result = valueWithDerivative(of: f, at: x)
    return DemoSection(
      title: "Forward mode: f(x) = 3x³ − 5x² at x = 1.5",
      notes: [
        "Evaluate f at the dual number x + 1ε; the ε part of the result is f'(x).",
        "f(1.5 + 1ε) = \(result.value) + \(result.derivative)ε",
      ],
      checks: [
        DemoCheck("f(1.5)", computed: [result.value], expected: [3 * x * x * x - 5 * x * x]),
        DemoCheck("f'(1.5)", computed: [result.derivative], expected: [9 * x * x - 10 * x]),
      ])
  }

  /// d = a·(a + b) at a = 2, b = 3 by two forward passes, one per input.
  static func productOfSum() -> DemoSection {
    func d<T: Differentiable>(_ v: [T]) -> [T] { [v[0] * (v[0] + v[1])] }
    let point = [2.0, 3.0]
    let alongA = jvp(of: d, at: point, along: [1, 0])
    let alongB = jvp(of: d, at: point, along: [0, 1])
    let (a, b) = (point[0], point[1])
    return DemoSection(
      title: "Forward mode: d = a·(a + b) at a = 2, b = 3",
      notes: [
        "Forward mode needs one pass per input: seed a with ε, then b with ε.",
        "pass 1 (ȧ = 1, ḃ = 0): d = \(alongA.value[0]), ḋ = ∂d/∂a = \(alongA.tangent[0])",
        "pass 2 (ȧ = 0, ḃ = 1): d = \(alongB.value[0]), ḋ = ∂d/∂b = \(alongB.tangent[0])",
      ],
      checks: [
        DemoCheck("∂d/∂a", computed: alongA.tangent, expected: [2 * a + b]),
        DemoCheck("∂d/∂b", computed: alongB.tangent, expected: [a]),
      ])
  }
}
