import RealModule

// FloatingPoint: constants, classification and ordering look at the value; rounding
// gives derivative 0; remainders, square root and fused multiply-add follow their rules.
extension DerivativeCarrying {
  @inlinable public static var radix: Int { Primal.radix }
  @inlinable public static var nan: Self { Self(constant: .nan) }
  @inlinable public static var signalingNaN: Self { Self(constant: .signalingNaN) }
  @inlinable public static var infinity: Self { Self(constant: .infinity) }
  @inlinable public static var greatestFiniteMagnitude: Self { Self(constant: .greatestFiniteMagnitude) }
  @inlinable public static var pi: Self { Self(constant: .pi) }
  @inlinable public static var ulpOfOne: Self { Self(constant: .ulpOfOne) }
  @inlinable public static var leastNormalMagnitude: Self { Self(constant: .leastNormalMagnitude) }
  @inlinable public static var leastNonzeroMagnitude: Self { Self(constant: .leastNonzeroMagnitude) }

  @inlinable public var ulp: Self { Self(constant: value.ulp) }
  @inlinable public var sign: FloatingPointSign { value.sign }
  /// The exponent of the value (an integer, so it carries no derivative).
  @inlinable public var exponent: Primal.Exponent { value.exponent }

  /// The significand |x|·2^(−exponent), which moves with x at the scale 2^(−exponent).
  ///
  /// The value is the primal's own significand, exact even for subnormals, where the
  /// scale itself overflows (the derivative is then ±∞, as large as it truly is).
  @inlinable
  public var significand: Self {
    guard value.isFinite, !value.isZero else { return Self(constant: value.significand) }
    let scale = Primal(sign: .plus, exponent: -value.exponent, significand: 1)
    return magnitude.scaled(by: scale).replacingValue(with: value.significand)
  }

  /// ±significand·2^exponent, linear in `significand`. The value is computed as the
  /// primal type computes it, so it stays exact where 2^exponent alone overflows.
  @inlinable
  public init(sign: FloatingPointSign, exponent: Primal.Exponent, significand: Self) {
    let scale = Primal(sign: sign, exponent: exponent, significand: 1)
    let exact = Primal(sign: sign, exponent: exponent, significand: significand.value)
    self = significand.scaled(by: scale).replacingValue(with: exact)
  }

  /// |magnitudeOf| with the sign of `signOf`: ±1 times `magnitudeOf`, constant in `signOf`.
  @inlinable
  public init(signOf: Self, magnitudeOf: Self) {
    self = signOf.value.sign == magnitudeOf.value.sign ? magnitudeOf : -magnitudeOf
  }

  @inlinable
  public mutating func formRemainder(dividingBy other: Self) {
    self = applying(BinaryPrimitive.remainder, other)
  }

  @inlinable
  public mutating func formTruncatingRemainder(dividingBy other: Self) {
    self = applying(BinaryPrimitive.truncatingRemainder, other)
  }

  @inlinable
  public mutating func formSquareRoot() { self = applying(UnaryPrimitive.squareRoot) }

  /// `self + lhs · rhs` with the value rounded once, as the fused operation does; the
  /// derivative is the sum and product rules'.
  @inlinable
  public mutating func addProduct(_ lhs: Self, _ rhs: Self) {
    let fused = value.addingProduct(lhs.value, rhs.value)
    self = (self + lhs * rhs).replacingValue(with: fused)
  }

  /// Rounding is piecewise constant: derivative 0 everywhere (also at the jumps).
  @inlinable
  public mutating func round(_ rule: FloatingPointRoundingRule) {
    self = Self(constant: value.rounded(rule))
  }

  /// The next representable value, a step function of x: derivative 0.
  @inlinable public var nextUp: Self { Self(constant: value.nextUp) }

  /// The smaller of `x` and `y`; at a tie each gets half the derivative.
  @inlinable
  public static func minimum(_ x: Self, _ y: Self) -> Self {
    x.applying(BinaryPrimitive.minimum, y)
  }

  /// The larger of `x` and `y`; at a tie each gets half the derivative.
  @inlinable
  public static func maximum(_ x: Self, _ y: Self) -> Self {
    x.applying(BinaryPrimitive.maximum, y)
  }

  @inlinable public func isEqual(to other: Self) -> Bool { value.isEqual(to: other.value) }
  @inlinable public func isLess(than other: Self) -> Bool { value.isLess(than: other.value) }
  @inlinable public func isLessThanOrEqualTo(_ other: Self) -> Bool { value.isLessThanOrEqualTo(other.value) }
  @inlinable public func isTotallyOrdered(belowOrEqualTo other: Self) -> Bool {
    value.isTotallyOrdered(belowOrEqualTo: other.value)
  }

  @inlinable public var isNormal: Bool { value.isNormal }
  @inlinable public var isFinite: Bool { value.isFinite }
  @inlinable public var isZero: Bool { value.isZero }
  @inlinable public var isSubnormal: Bool { value.isSubnormal }
  @inlinable public var isInfinite: Bool { value.isInfinite }
  @inlinable public var isNaN: Bool { value.isNaN }
  @inlinable public var isSignalingNaN: Bool { value.isSignalingNaN }
  @inlinable public var isCanonical: Bool { value.isCanonical }

  /// `other - self`, with its derivative.
  @inlinable public func distance(to other: Self) -> Self { other - self }
  /// `self + n`, with its derivative.
  @inlinable public func advanced(by n: Self) -> Self { self + n }
}
