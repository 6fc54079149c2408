import AutoDiff
import Testing

// Decimal constants in generic code: `Differentiable` is `ExpressibleByFloatLiteral`, so a
// function written once with `0.5 * x` and `x * 0.25` compiles and runs on every number
// type of the library, and the literal is a constant to every mode.

/// Σ wᵢ·xᵢ² with the weights held as `Double` data: `T.constant(_:)` brings them in.
func weightedSquares<T: Differentiable>(_ x: [T], weights: [Double]) -> T {
  zip(x, weights).map { T.constant($1) * $0 * $0 }.reduce(0, +)
}

/// f(x, y) = ½x² + x/4 − 3/2 + xy/10, written as ordinary numeric code with decimals.
func decimalPolynomial<T: Differentiable>(_ v: [T]) -> T {
  0.5 * v[0] * v[0] + v[0] * 0.25 - 1.5 + 0.1 * v[0] * v[1]
}

@Suite("Decimal literals in generic code")
struct DecimalLiteralTests {
  // At (2, 3): f = 2 + 0.5 − 1.5 + 0.6 = 1.6, ∇f = (x + ¼ + y/10, x/10) = (2.55, 0.2),
  // H = [[1, 0.1], [0.1, 0]]. Every literal but 0.1 is exact in binary; 0.1 and the sums
  // round, so values are compared to 4 ulp of their size (a few roundings of Double).
  let point = [2.0, 3.0]
  let expectedGradient = [2.55, 0.2]
  let hessianRows = [[1.0, 0.1], [0.1, 0.0]]

  func expectClose(_ a: [Double], _ b: [Double], _ what: String) {
    #expect(a.count == b.count, "\(what): \(a.count) entries, expected \(b.count)")
    for (x, y) in zip(a, b) {
      #expect(Swift.abs(x - y) <= 4 * Swift.max(Swift.abs(y), 1).ulp, "\(what): \(x) against \(y)")
    }
  }

  @Test("Plain Double and Float evaluate the literals as constants")
  func plainValues() {
    #expect(Swift.abs(decimalPolynomial(point) - 1.6) <= 4 * (1.6).ulp)
    let single: Float = decimalPolynomial([2, 3])
    #expect(Swift.abs(single - 1.6) <= 4 * Float(1.6).ulp)
  }

  @Test("Forward and reverse gradients agree with the closed form")
  func gradients() {
    expectClose(AutoDiff.gradient(of: { decimalPolynomial($0) }, at: point), expectedGradient, "reverse")
    expectClose(AutoDiff.gradient(of: { decimalPolynomial($0) }, at: point, mode: ForwardMode<2>()), expectedGradient, "forward")
    let partialX = derivative(of: { x in decimalPolynomial([x, 3]) }, at: 2.0)
    expectClose([partialX], [expectedGradient[0]], "derivative")
  }

  @Test("Hessians by forward over reverse and forward over forward: the literals carry no derivative")
  func hessians() {
    let overReverse = hessian(of: { decimalPolynomial($0) }, at: point)
    let overForward = hessian(of: { decimalPolynomial($0) }, at: point, mode: ForwardMode<2>())
    #expect(overReverse.count == 2 && overForward.count == 2)
    for (row, expected) in zip(overReverse, hessianRows) { expectClose(row, expected, "forward over reverse") }
    for (row, expected) in zip(overForward, hessianRows) { expectClose(row, expected, "forward over forward") }
  }

  @Test("A literal alone needs its type; in context it takes it")
  func literalsTakeTheirType() {
    let constant: Dual<Double> = 0.75
    #expect(constant.value == 0.75 && constant.derivative == 0)
    let tracked = valueWithGradient(of: { v in v[0] * 0.5 }, at: [4.0])
    #expect(tracked.value == 2 && tracked.gradient == [0.5])
  }

  @Test("Double data enters generic code as constants: T.constant(_:) on every type")
  func doubleData() {
    let weights = [0.3, 2.5, -1.25]
    let x = [1.5, -2.0, 4.0]
    // ∂/∂xᵢ Σ wⱼxⱼ² = 2wᵢxᵢ, exact here: every weight and point is a short binary fraction
    // except 0.3, whose product with 2 · 1.5 rounds once (4 ulp covers it).
    let expected = [0.9, -10.0, -10.0]
    expectClose(AutoDiff.gradient(of: { weightedSquares($0, weights: weights) }, at: x), expected, "reverse")
    expectClose(
      AutoDiff.gradient(of: { weightedSquares($0, weights: weights) }, at: x, mode: ForwardMode<3>()), expected,
      "forward")
    let hessian = hessian(of: { weightedSquares($0, weights: weights) }, at: x)
    #expect(hessian.count == 3)
    for i in 0..<3 {
      expectClose(hessian[i], (0..<3).map { $0 == i ? 2 * weights[i] : 0 }, "Hessian row \(i)")
    }
    #expect(Float.constant(0.1) == Float(0.1) && Double.constant(0.1) == 0.1)
    #expect(Dual<Float>.constant(0.1).value == Float(0.1) && Dual<Float>.constant(0.1).derivative == 0)
  }
}
