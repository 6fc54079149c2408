import AutoDiff
import RealModule
import Testing

/// A rule with a deliberately wrong derivative, for the checker to catch.
private struct WrongSine: UnaryDerivativeRule {
  func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) { (T.sin(x), T.sin(x)) }
}

@Suite("Derivative checking and the non-finite finder")
struct CheckerTests {
  @Test("checkGradient passes on a correct gradient")
  func correctGradient() {
    func f<T: Differentiable>(_ x: [T]) -> T { x[0] * .exp(x[1]) + .log(x[2]) * x[0] }
    let check = checkGradient(of: f, at: [0.7, -0.2, 1.9])
    #expect(check.passed, "\(check)")
    // The default tolerance is ε^(1/3) ≈ 6e-6; a central difference at the optimal step
    // errs by about ε^(2/3) ≈ 4e-11 times the third derivative here (of order 1), so
    // 1e-8 leaves room for that and still fails a derivative that is off in its 8th digit.
    #expect(check.worstRelativeError < 1e-8)
  }

  @Test("checkGradient catches a wrong rule and says where")
  func wrongRule() {
    func f<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] + x[1].applying(WrongSine()) }
    let check = checkGradient(of: f, at: [0.5, 1.0])
    #expect(!check.passed)
    #expect(check.worstPosition == (row: 0, column: 1))
    #expect(check.description.contains("FAILED"))
    #expect(check.description.contains("∂f/∂x[1]"))
  }

  @Test("checkJacobian compares every entry")
  func jacobianCheck() {
    func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .atan2(y: x[1], x: x[0]), .hypot(x[0], x[1])] }
    let check = checkJacobian(of: f, at: [0.8, -1.1])
    #expect(check.computed.map(\.count) == [2, 2, 2])
    #expect(check.passed, "\(check)")
  }

  @Test("checkJacobian catches a wrong rule in one output and names the entry")
  func jacobianWrongRule() {
    func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], x[0] + x[1].applying(WrongSine())] }
    let check = checkJacobian(of: f, at: [0.5, 1.0])
    #expect(!check.passed)
    #expect(check.worstPosition == (row: 1, column: 1))
    #expect(check.description.contains("∂f[1]/∂x[1]"))
  }

  @Test("checkJacobian fails when AutoDiff's Jacobian has fewer rows than the estimate")
  func shortResult() {
    // A function that is not a function: the first call (the recording) gives one
    // output, every later call (the finite differences) two. Row 0 agrees, so a check
    // that walked only the computed rows would pass.
    var calls = 0
    let check = checkJacobian(
      of: { (x: [Tracked<Double>]) -> [Tracked<Double>] in
        calls += 1
        return calls == 1 ? [x[0] * x[1]] : [x[0] * x[1], x[0]]
      }, at: [0.5, 2])
    #expect(calls >= 2)
    #expect(check.computed.count == 1)
    #expect(check.estimated.count == 2)
    #expect(!check.shapesAgree)
    #expect(!check.passed)
    #expect(check.worstPosition == (row: 1, column: 0))
    #expect(check.description == "derivative check FAILED: AutoDiff gave 1 row of 2 entries, the central difference 2 rows of 2 entries")
  }

  @Test("checkJacobian fails, without reading past the estimate, when AutoDiff's Jacobian has more rows")
  func longResult() {
    var calls = 0
    let check = checkJacobian(
      of: { (x: [Tracked<Double>]) -> [Tracked<Double>] in
        calls += 1
        return calls == 1 ? [x[0] * x[1], x[0]] : [x[0] * x[1]]
      }, at: [0.5, 2])
    #expect(check.computed.count == 2)
    #expect(check.estimated.count == 1)
    #expect(!check.passed)
    #expect(check.worstPosition == (row: 1, column: 0))
    #expect(check.description.contains("AutoDiff gave 2 rows of 2 entries, the central difference 1 row of 2 entries"))
  }

  @Test("a check with the same shapes and agreeing entries reports the shapes agree")
  func shapesAgree() {
    func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], x[0]] }
    let check = checkJacobian(of: f, at: [0.5, 2])
    #expect(check.shapesAgree)
    #expect(check.computed.map(\.count) == [2, 2])
    #expect(check.passed, "\(check)")
  }

  @Test("The non-finite finder names the operation that makes the gradient infinite")
  func nonFiniteOrigin() throws {
    func f<T: Differentiable>(_ x: [T]) -> T { x[1] * 3 + .sqrt(x[0]) * x[1] }
    let origin = try #require(findNonFiniteDerivative(of: f, at: [0, 2]))
    #expect(origin.operation == "squareRoot")
    // v0, v1 are the inputs; x[1]·3 folds into a scale on v1, √x[0] cannot (its partial
    // is ∞), so it is recorded as v2.
    #expect(origin.entry == 2)
    #expect(origin.partials == [.infinity])
    #expect(origin.description.contains("v2 = squareRoot"))
    #expect(findNonFiniteDerivative(of: f, at: [1, 2]) == nil)
  }

  @Test("The finder reads a two-operand entry after a linear one: both of its partials")
  func nonFiniteBinaryOrigin() throws {
    func f<T: Differentiable>(_ x: [T]) -> T { (x[0] + x[1]) / x[1] }
    let origin = try #require(findNonFiniteDerivative(of: f, at: [1, 0]))
    // v0, v1 the inputs, v2 = add (partials ±1, stored as none), v3 = divide.
    #expect(origin.entry == 3)
    #expect(origin.operation == "divide")
    #expect(origin.partials == [.infinity, -.infinity])
    #expect(findNonFiniteDerivative(of: f, at: [1, 2]) == nil)
  }

  @Test("A zero cotangent does not count: √x feeding nothing")
  func unusedNonFinite() {
    func f<T: Differentiable>(_ x: [T]) -> T { withoutDerivative(at: .sqrt(x[0])) + x[1] }
    #expect(findNonFiniteDerivative(of: f, at: [0, 2]) == nil)
  }

  @Test("Central differences of a function whose output count depends on the point stop with a message")
  func centralDifferenceOutputCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // One output at x = 1, two at 1 + h.
      _ = centralDifferenceJacobian(of: { (x: [Double]) in x[0] > 1 ? [x[0], x[0]] : [x[0]] }, at: [1.0])
    }
    #expect(standardError(of: result).contains(
      "centralDifferenceJacobian: the function returned 1 outputs at the point, 2 at x[0] + h and 1 at x[0] − h"))
  }
}
