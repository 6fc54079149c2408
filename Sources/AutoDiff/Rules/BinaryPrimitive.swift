import RealModule

/// Every built-in function of two arguments, with its derivative rule.
///
/// The single table of binary rules, shared by every mode like ``UnaryPrimitive``.
/// Special cases of the edge policy (<doc:DerivativeConventions>) are written
/// here and nowhere else.
public enum BinaryPrimitive: UInt8, CaseIterable, Sendable, BinaryDerivativeRule {
  /// x + y; partials 1 and 1.
  case add
  /// x − y; partials 1 and −1.
  case subtract
  /// x·y; partials y and x.
  case multiply
  /// x / y; partials 1/y and −x/y².
  case divide
  /// The real power xʸ; partials y·xʸ⁻¹ and xʸ·ln x, with fixed values where those
  /// formulas are undefined (y = 0, x = 0, x < 0).
  case pow
  /// The angle atan2(y, x) of the point (x, y); the first argument is y. Partials
  /// x/(x² + y²) with respect to y and −y/(x² + y²) with respect to x, both 0 at the
  /// origin.
  case atan2
  /// √(x² + y²) without overflow; partials x/h and y/h for h the result, both 0 at the
  /// origin.
  case hypot
  /// The smaller argument (`T.minimum`); partial 1 for the one picked, ½ each at a tie.
  case minimum
  /// The larger argument (`T.maximum`); partial 1 for the one picked, ½ each at a tie.
  case maximum
  /// x − n·y for n = x/y rounded to nearest, ties to even (`remainder(dividingBy:)`);
  /// partials 1 and −n.
  case remainder
  /// x − n·y for n = x/y rounded toward zero (`truncatingRemainder(dividingBy:)`);
  /// partials 1 and −n.
  case truncatingRemainder

  /// The name used in traces and in the conventions table.
  public var name: String { Self.names[Int(rawValue)] }

  /// The case names, read once (see ``UnaryPrimitive/name``).
  private static let names = allCases.map { String(describing: $0) }

  /// f(x, y), ∂f/∂x and ∂f/∂y together. For ``atan2`` the first argument is y and the
  /// second is x, as in `atan2(y:x:)`.
  @inlinable @inline(__always)
  public func evaluate<T: Real>(_ x: T, _ y: T) -> (value: T, dx: T, dy: T) {
    switch self {
    case .add: return (x + y, 1, 1)
    case .subtract: return (x - y, 1, -1)
    case .multiply: return (x * y, y, x)
    case .divide:
      // Division has its own rule: x · (1/y) rounds differently from x / y. The partials
      // share one reciprocal: ∂/∂x = 1/y, ∂/∂y = −(x/y)·(1/y).
      let q = x / y
      let r = 1 / y
      return (q, r, -q * r)
    case .pow:
      let z = T.pow(x, y)
      // ∂/∂x = y·x^(y−1). When y == 0 it is 0 for every x, also x ≤ 0 where x^(y−1) is
      // ∞ or NaN; at x == 0 with y == 1 it is 1 (not 1·pow(0, 0), which RealModule makes
      // NaN). For x > 0 the general formula stands, so nested duals keep ∂²/∂x∂y there.
      let dx: T
      if y == 0 && (x == 0 || x < 0) {
        dx = 0
      } else if x == 0 && y == 1 {
        dx = 1
      } else {
        dx = y * T.pow(x, y - 1)
      }
      // ∂/∂y = xʸ·log x. At x == 0 with y > 0 the limit is 0; for x < 0 the real power
      // is undefined off the integers, so the answer is NaN, never a silent 0.
      let dy: T
      if x == 0 && y > 0 {
        dy = 0
      } else if x < 0 {
        dy = .nan
      } else {
        dy = z * T.log(x)
      }
      return (z, dx, dy)
    case .atan2:
      // Partials of atan2(y: x, x: y) with respect to its y (here `x`) and x (here `y`):
      // y/(x² + y²) and −x/(x² + y²), divided through the hypotenuse twice so that tiny
      // arguments do not underflow x² + y² to 0. At the origin both are 0 by convention.
      let angle = T.atan2(y: x, x: y)
      if x == 0 && y == 0 { return (angle, 0, 0) }
      let h = T.hypot(x, y)
      return (angle, y / h / h, -x / h / h)
    case .hypot:
      let h = T.hypot(x, y)
      if h == 0 { return (h, 0, 0) }
      return (h, x / h, y / h)
    case .minimum:
      // Ties split the derivative evenly (`tieShare`). The value is always the primal's
      // own: at a tie of −0 and +0 it is the zero `T.minimum` picks, not x.
      let m = T.minimum(x, y)
      if x == y { return (m, tieShare(among: 2), tieShare(among: 2)) }
      return m == x ? (m, 1, 0) : (m, 0, 1)
    case .maximum:
      let m = T.maximum(x, y)
      if x == y { return (m, tieShare(among: 2), tieShare(among: 2)) }
      return m == x ? (m, 1, 0) : (m, 0, 1)
    case .remainder:
      let n = (x / y).rounded(.toNearestOrEven)
      return (x.remainder(dividingBy: y), 1, -n)
    case .truncatingRemainder:
      let n = (x / y).rounded(.towardZero)
      return (x.truncatingRemainder(dividingBy: y), 1, -n)
    }
  }
}
