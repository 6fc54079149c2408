import AutoDiff

/// An expression with an order for its variables: a function Rⁿ → R that AutoDiff can
/// differentiate in either mode.
///
/// `Formula` conforms to ``DifferentiableFunction``, so the library's transforms take it
/// directly, which is how the trace's hand-made sweeps are checked:
///
/// ```swift
/// let formula = Formula(try ExpressionParser.parse("a*(a+b)"))
/// gradient(of: { formula.value(at: $0) }, at: [2.0, 3.0])   // [7, 2]
/// jacobian(of: formula, at: [2.0, 3.0], mode: .forward)      // [[7, 2]]
/// ```
public struct Formula: DifferentiableFunction, Sendable {
  /// The expression.
  public let expression: Expression
  /// The inputs x₀, x₁, … in order.
  public let variables: [String]
  private let positions: [String: Int]

  /// The expression as a function of `variables` (by default its variables in order of
  /// first appearance).
  ///
  /// - Precondition: every variable of the expression is in `variables`, once.
  public init(_ expression: Expression, variables: [String]? = nil) {
    let variables = variables ?? expression.variables
    var positions: [String: Int] = [:]
    for (index, name) in variables.enumerated() {
      require(positions[name] == nil, "Formula: variable \(name) is listed twice")
      positions[name] = index
    }
    for name in expression.variables {
      require(
        positions[name] != nil, "Formula: variable \(name) of the expression is not in the variables \(variables)")
    }
    self.expression = expression
    self.variables = variables
    self.positions = positions
  }

  /// f(x) for any differentiable scalar type.
  ///
  /// - Precondition: `x.count == variables.count`.
  public func value<T: Differentiable>(at x: [T]) -> T {
    require(x.count == variables.count, "Formula: \(x.count) values for \(variables.count) variables")
    return expression.evaluate { x[positions[$0]!] }
  }

  /// [f(x)], the one-output function the Jacobian transforms expect.
  public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [value(at: x)] }
}
