import AutoDiff
import RealModule

extension Expression {
  /// The expression's value for any differentiable scalar type, with each variable's
  /// value supplied by `variable`.
  ///
  /// Run on `Double` it evaluates; on `Dual<Double>` it differentiates in forward mode;
  /// on `Tracked<Double>` it records a tape. Constant parts are folded in `Double` first,
  /// as the trace folds them, so every mode sees the same constants.
  public func evaluate<T: Differentiable>(_ variable: (String) -> T) -> T {
    if isConstant { return Self.converted(constantValue) }
    switch kind {
    case .number(let x):
      return Self.converted(x)
    case .variable(let name):
      return variable(name)
    case .unary(let primitive, let operand):
      return operand.evaluate(variable).applying(primitive)
    case .binary(let primitive, let lhs, let rhs):
      if let n = integerExponent { return lhs.evaluate(variable).applying(IntegerPower(n)) }
      return lhs.evaluate(variable).applying(primitive, rhs.evaluate(variable))
    }
  }

  /// The value of a node without variables, computed in `Double` (NaN if the node has
  /// a variable).
  public var constantValue: Double {
    switch kind {
    case .number(let x):
      return x
    case .variable:
      return .nan
    case .unary(let primitive, let operand):
      return primitive.evaluate(at: operand.constantValue).value
    case .binary(let primitive, let lhs, let rhs):
      if let n = integerExponent { return IntegerPower(n).evaluate(at: lhs.constantValue).value }
      return primitive.evaluate(lhs.constantValue, rhs.constantValue).value
    }
  }

  /// `x` as a constant of any `Real` type, exactly when `T` holds doubles (`Dual<Double>`,
  /// `Tracked<Double>`, …): RealModule offers no generic conversion from `Double`, so
  /// the value is rebuilt from its integer significand and binary exponent.
  static func converted<T: Real>(_ x: Double) -> T {
    if x.isNaN { return .nan }
    if x.isInfinite { return x < 0 ? -.infinity : .infinity }
    if x == 0 { return x.sign == .minus ? -T.zero : .zero }
    let significand = T(Int64(x.significand * 0x1p52))
    return T(sign: x.sign, exponent: T.Exponent(x.exponent - 52), significand: significand)
  }
}
