import RealModule

// AdditiveArithmetic, Numeric, SignedNumeric and AlgebraicField: the four field
// operations and negation, each one rule of BinaryPrimitive or UnaryPrimitive.
extension DerivativeCarrying {
  /// The sum, by the ``BinaryPrimitive/add`` rule (partials 1 and 1).
  @inlinable @inline(__always)
  public static func + (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.add, rhs)
  }

  /// The difference, by the ``BinaryPrimitive/subtract`` rule (partials 1 and −1).
  @inlinable @inline(__always)
  public static func - (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.subtract, rhs)
  }

  /// The product, by the ``BinaryPrimitive/multiply`` rule (partials `rhs` and `lhs`).
  @inlinable @inline(__always)
  public static func * (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.multiply, rhs)
  }

  /// The quotient, by the ``BinaryPrimitive/divide`` rule (partials 1/rhs and −lhs/rhs²).
  @inlinable @inline(__always)
  public static func / (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.divide, rhs)
  }

  /// Replaces `lhs` with `lhs + rhs`.
  @inlinable @inline(__always)
  public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }

  /// Replaces `lhs` with `lhs - rhs`.
  @inlinable @inline(__always)
  public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }

  /// Replaces `lhs` with `lhs * rhs`.
  @inlinable @inline(__always)
  public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

  /// Replaces `lhs` with `lhs / rhs`.
  @inlinable @inline(__always)
  public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }

  /// The negation, by the ``UnaryPrimitive/negate`` rule (derivative −1).
  @inlinable
  public static prefix func - (operand: Self) -> Self {
    operand.applying(UnaryPrimitive.negate)
  }

  /// Replaces the value with its negation, derivative included.
  @inlinable
  public mutating func negate() { self = -self }

  /// |x|, whose derivative is sign(x) and 0 at ±0.
  @inlinable
  public var magnitude: Self { applying(UnaryPrimitive.abs) }

  /// `self` multiplied by a constant: the policy of swift-numerics (no mixed
  /// `T * Dual<T>` operator, which would break literal inference).
  @inlinable
  public func scaled(by factor: Primal) -> Self {
    self * Self(constant: factor)
  }

  /// A constant from an integer literal: its derivative is zero in every mode.
  @inlinable
  public init(integerLiteral value: Int) {
    self.init(constant: Primal(value))
  }

  /// A decimal literal: a constant of the primal type, so `x * 0.5` compiles in generic
  /// code and on every carrier.
  @inlinable
  public init(floatLiteral value: Primal.FloatLiteralType) {
    self.init(constant: Primal(floatLiteral: value))
  }

  /// `value` as a constant of the primal type (``Differentiable/constant(_:)``): its
  /// derivative is zero in every mode.
  @inlinable
  public static func constant(_ value: Double) -> Self {
    Self(constant: Primal.constant(value))
  }

  /// A constant equal to `value`: its derivative is zero in every mode.
  @inlinable
  public init(_ value: Int) {
    self.init(constant: Primal(value))
  }

  /// A constant equal to `value`, rounded to the primal type: its derivative is zero.
  @inlinable
  public init<Source: BinaryInteger>(_ value: Source) {
    self.init(constant: Primal(value))
  }

  /// A constant equal to `value`, or nil when the primal type cannot represent it exactly.
  @inlinable
  public init?<Source: BinaryInteger>(exactly value: Source) {
    guard let exact = Primal(exactly: value) else { return nil }
    self.init(constant: exact)
  }
}
