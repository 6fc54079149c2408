import AutoDiff
import Foundation

/// How the error of finite differences depends on the step h, measured against the exact
/// derivative from forward-mode AD: truncation error falls as h shrinks, rounding error
/// rises, and no step gets close to AD's accuracy.
///
/// ```swift
/// let study = try FiniteDifferenceStudy()   // f(x) = 3x³ − 5x² at 1.5, h = 10⁻¹ … 10⁻¹⁶
/// study.exact                                // 5.25, by one forward pass
/// study.rows[7].forwardError                 // ≈ 1e-8, near the best step √ε
/// ```
public struct FiniteDifferenceStudy: Sendable {
  /// One step size and the two estimates it gives.
  public struct Row: Sendable, Equatable, Codable {
    /// h.
    public var step: Double
    /// (f(x + h) − f(x)) / h.
    public var forward: Double
    /// |forward − exact|.
    public var forwardError: Double
    /// (f(x + h) − f(x − h)) / 2h.
    public var central: Double
    /// |central − exact|.
    public var centralError: Double

    /// Whether x + h rounds to x, so that the step vanishes and both quotients are 0/0
    /// (NaN): h is below half an ulp of x.
    public var stepVanishes: Bool { forward.isNaN && central.isNaN }
  }

  /// The default function, f(x) = 3x³ − 5x², and point, as in the teaching material.
  public static let defaultExpression = "3*x^3 - 5*x^2"
  public static let defaultPoint = 1.5

  /// The expression as typed.
  public let source: String
  /// The expression as shown in headings: `3x³ − 5x²` for the default, else as typed.
  public var displayName: String { source == Self.defaultExpression ? "3x³ − 5x²" : source }
  /// The expression's one variable.
  public let variable: String
  /// The point x.
  public let point: Double
  /// f(x).
  public let value: Double
  /// f′(x) by forward-mode AD: exact up to the rounding of f's own operations.
  public let exact: Double
  /// f″(x) and f‴(x) by nested duals, which set the truncation error.
  public let secondDerivative: Double
  public let thirdDerivative: Double
  /// One row per step, largest step first.
  public let rows: [Row]

  /// Tabulates forward and central differences of `source` at `point` for the steps
  /// h = 10^−k, k in `exponents`.
  ///
  /// - Throws: ``InputError`` if the expression does not parse, has other than one
  ///   variable, or has no real value or derivative at the point.
  public init(
    expression source: String = defaultExpression, at point: Double = defaultPoint,
    exponents: ClosedRange<Int> = 1...16
  ) throws(InputError) {
    let expression = try ExpressionParser.parse(source)
    let variables = expression.variables
    guard variables.count == 1 else {
      let found = variables.isEmpty ? "none" : "\(variables.count) (\(variables.joined(separator: ", ")))"
      throw InputError(
        variables.isEmpty ? .noVariables : .unknownVariable,
        "finite-difference needs an expression in one variable, such as 3*x^3 - 5*x^2; '\(source)' has \(found)")
    }
    // Records the expression once, which reports division by zero or a value that is
    // not real at the point, with its position.
    _ = try WengertList(
      recording: expression, source: source,
      at: try VariableAssignment(parsing: ["\(variables[0])=\(point)"], for: expression))
    let formula = Formula(expression)
    let f: (Double) -> Double = { formula.value(at: [$0]) }
    let (value, exact) = valueWithDerivative(of: { formula.value(at: [$0]) }, at: point)
    guard exact.isFinite else {
      throw InputError(
        .notARealNumber,
        "f'(\(NumberFormat.value(point))) = \(NumberFormat.value(exact)): '\(source)' is not differentiable there")
    }
    self.source = source
    self.variable = variables[0]
    self.point = point
    self.value = value
    self.exact = exact
    secondDerivative = derivative(
      of: { (x: Dual<Double>) in derivative(of: { formula.value(at: [$0]) }, at: x) }, at: point)
    thirdDerivative = derivative(
      of: { (x: Dual<Double>) in
        derivative(
          of: { (y: Dual<Dual<Double>>) in derivative(of: { formula.value(at: [$0]) }, at: y) }, at: x)
      }, at: point)
    rows = exponents.map { k in
      let h = Foundation.pow(10, Double(-k))
      let forward = forwardDifference(of: f, at: point, step: h)
      let central = centralDifference(of: f, at: point, step: h)
      return Row(
        step: h, forward: forward, forwardError: (forward - exact).magnitude, central: central,
        centralError: (central - exact).magnitude)
    }
  }

  /// The row with the smallest forward-difference error.
  public var bestForward: Row? { rows.filter { !$0.forwardError.isNaN }.min { $0.forwardError < $1.forwardError } }

  /// The row with the smallest central-difference error.
  public var bestCentral: Row? { rows.filter { !$0.centralError.isNaN }.min { $0.centralError < $1.centralError } }

  /// The error model: truncation |f″|·h/2 for the forward difference.
  public func forwardTruncation(step h: Double) -> Double { secondDerivative.magnitude * h / 2 }

  /// The error model: truncation |f‴|·h²/6 for the central difference.
  public func centralTruncation(step h: Double) -> Double { thirdDerivative.magnitude * h * h / 6 }

  /// The error model: rounding ε·|f|/h, with |x·f′| standing in for |f| where f(x) = 0.
  public func rounding(step h: Double) -> Double {
    Double.ulpOfOne * Swift.max(value.magnitude, (point * exact).magnitude, Double.leastNormalMagnitude) / h
  }
}
