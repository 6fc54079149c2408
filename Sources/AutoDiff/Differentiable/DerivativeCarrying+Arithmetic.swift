import RealModule

// AdditiveArithmetic, Numeric, SignedNumeric and AlgebraicField: the four field
// operations and negation, each one rule of BinaryPrimitive or UnaryPrimitive.
extension DerivativeCarrying {
  @inlinable @inline(__always)
  public static func + (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.add, rhs)
  }

  @inlinable @inline(__always)
  public static func - (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.subtract, rhs)
  }

  @inlinable @inline(__always)
  public static func * (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.multiply, rhs)
  }

  @inlinable @inline(__always)
  public static func / (lhs: Self, rhs: Self) -> Self {
    lhs.applying(BinaryPrimitive.divide, rhs)
  }

  @inlinable @inline(__always)
  public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }

  @inlinable @inline(__always)
  public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }

  @inlinable @inline(__always)
  public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

  @inlinable @inline(__always)
  public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }

  @inlinable
  public static prefix func - (operand: Self) -> Self {
    operand.applying(UnaryPrimitive.negate)
  }

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

  @inlinable
  public init(_ value: Int) {
    self.init(constant: Primal(value))
  }

  @inlinable
  public init<Source: BinaryInteger>(_ value: Source) {
    self.init(constant: Primal(value))
  }

  @inlinable
  public init?<Source: BinaryInteger>(exactly value: Source) {
    guard let exact = Primal(exactly: value) else { return nil }
    self.init(constant: exact)
  }
}
