import CAutoDiffMath
import RealModule

/// sin x and cos x together: the value and derivative of `sin` (and, negated, of `cos`).
///
/// For `Double` and `Float` this is one `sincos` call, which shares the argument
/// reduction and costs little more than one of the two; other types call `sin` and `cos`.
/// The type tests fold away once the rule is specialised.
@inlinable @inline(__always)
func sineAndCosine<T: Real>(_ x: T) -> (sin: T, cos: T) {
  if T.self == Double.self {
    let pair = autodiff_sincos_pair(unsafeBitCast(x, to: Double.self))
    return (unsafeBitCast(pair.sine, to: T.self), unsafeBitCast(pair.cosine, to: T.self))
  }
  if T.self == Float.self {
    var s: Float = 0
    var c: Float = 0
    autodiff_sincosf(unsafeBitCast(x, to: Float.self), &s, &c)
    return (unsafeBitCast(s, to: T.self), unsafeBitCast(c, to: T.self))
  }
  return (T.sin(x), T.cos(x))
}
