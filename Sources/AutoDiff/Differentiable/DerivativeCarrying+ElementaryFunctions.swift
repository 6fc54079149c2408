import RealModule

// ElementaryFunctions and RealFunctions: one line per function, each one rule.
extension DerivativeCarrying {
  @inlinable public static func exp(_ x: Self) -> Self { x.applying(UnaryPrimitive.exp) }
  @inlinable public static func expMinusOne(_ x: Self) -> Self { x.applying(UnaryPrimitive.expMinusOne) }
  @inlinable public static func exp2(_ x: Self) -> Self { x.applying(UnaryPrimitive.exp2) }
  @inlinable public static func exp10(_ x: Self) -> Self { x.applying(UnaryPrimitive.exp10) }
  @inlinable public static func log(_ x: Self) -> Self { x.applying(UnaryPrimitive.log) }
  @inlinable public static func log(onePlus x: Self) -> Self { x.applying(UnaryPrimitive.logOnePlus) }
  @inlinable public static func log2(_ x: Self) -> Self { x.applying(UnaryPrimitive.log2) }
  @inlinable public static func log10(_ x: Self) -> Self { x.applying(UnaryPrimitive.log10) }
  @inlinable @inline(__always) public static func sin(_ x: Self) -> Self { x.applying(UnaryPrimitive.sin) }
  @inlinable @inline(__always) public static func cos(_ x: Self) -> Self { x.applying(UnaryPrimitive.cos) }
  @inlinable public static func tan(_ x: Self) -> Self { x.applying(UnaryPrimitive.tan) }
  @inlinable public static func asin(_ x: Self) -> Self { x.applying(UnaryPrimitive.asin) }
  @inlinable public static func acos(_ x: Self) -> Self { x.applying(UnaryPrimitive.acos) }
  @inlinable public static func atan(_ x: Self) -> Self { x.applying(UnaryPrimitive.atan) }
  @inlinable public static func sinh(_ x: Self) -> Self { x.applying(UnaryPrimitive.sinh) }
  @inlinable public static func cosh(_ x: Self) -> Self { x.applying(UnaryPrimitive.cosh) }
  @inlinable public static func tanh(_ x: Self) -> Self { x.applying(UnaryPrimitive.tanh) }
  @inlinable public static func asinh(_ x: Self) -> Self { x.applying(UnaryPrimitive.asinh) }
  @inlinable public static func acosh(_ x: Self) -> Self { x.applying(UnaryPrimitive.acosh) }
  @inlinable public static func atanh(_ x: Self) -> Self { x.applying(UnaryPrimitive.atanh) }
  @inlinable public static func erf(_ x: Self) -> Self { x.applying(UnaryPrimitive.erf) }
  @inlinable public static func erfc(_ x: Self) -> Self { x.applying(UnaryPrimitive.erfc) }
  @inlinable public static func gamma(_ x: Self) -> Self { x.applying(UnaryPrimitive.gamma) }
  @inlinable public static func logGamma(_ x: Self) -> Self { x.applying(UnaryPrimitive.logGamma) }
  @inlinable public static func sqrt(_ x: Self) -> Self { x.applying(UnaryPrimitive.squareRoot) }
  @inlinable public static func pow(_ x: Self, _ y: Self) -> Self { x.applying(BinaryPrimitive.pow, y) }
  @inlinable public static func pow(_ x: Self, _ n: Int) -> Self { x.applying(IntegerPower(n)) }
  @inlinable public static func root(_ x: Self, _ n: Int) -> Self { x.applying(IntegerRoot(n)) }
  @inlinable public static func atan2(y: Self, x: Self) -> Self { y.applying(BinaryPrimitive.atan2, x) }
  @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self { x.applying(BinaryPrimitive.hypot, y) }

  // RealModule's defaults for cosMinusOne (−2·sin²(x/2)), reciprocal (1/x) and
  // signGamma (from the value) compose through the rules above and stay exact, so
  // they are inherited. exp10 and sqrt are overridden: the defaults go through
  // pow(10, x) and squareRoot(), one rule deeper than needed.
}
