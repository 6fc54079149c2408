// Arithmetic between a tensor and a scalar held in a variable (`x * learningRate`).
//
// A literal already converts to a rank-0 tensor (`x * 2`, `x * 0.5`), so these overloads
// are `@_disfavoredOverload`: when both apply — a literal operand — the tensor–tensor
// operator wins and nothing changes; a `Scalar` variable matches only these. Each one is
// the tensor–tensor operator on a rank-0 constant, so values, derivatives and rounding are
// the same bits as the literal form (x / c divides; it is not x times 1/c).
extension Tensor {
  /// `lhs · c` for a scalar variable `c`, as `lhs * Tensor(c)`.
  ///
  /// Derivative: c times the tangent or cotangent of `lhs`; `c` is a constant (it has no
  /// derivative of its own). Uses the constant-scalar fast path: no partial arrays kept.
  @_disfavoredOverload
  public static func * (lhs: Tensor, rhs: Scalar) -> Tensor {
    lhs.scaled(byConstant: rhs, constantFirst: false)
  }

  /// `c · rhs` for a scalar variable `c`, as `Tensor(c) * rhs`.
  ///
  /// Derivative: c times the tangent or cotangent of `rhs`.
  @_disfavoredOverload
  public static func * (lhs: Scalar, rhs: Tensor) -> Tensor {
    rhs.scaled(byConstant: lhs, constantFirst: true)
  }

  /// `lhs + c` elementwise for a scalar variable `c`. Derivative: the identity on `lhs`.
  @_disfavoredOverload
  public static func + (lhs: Tensor, rhs: Scalar) -> Tensor { lhs + Tensor(rhs) }

  /// `c + rhs` elementwise for a scalar variable `c`. Derivative: the identity on `rhs`.
  @_disfavoredOverload
  public static func + (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) + rhs }

  /// `lhs − c` elementwise for a scalar variable `c`. Derivative: the identity on `lhs`.
  @_disfavoredOverload
  public static func - (lhs: Tensor, rhs: Scalar) -> Tensor { lhs - Tensor(rhs) }

  /// `c − rhs` elementwise for a scalar variable `c`. Derivative: −1 times the tangent or
  /// cotangent of `rhs`.
  @_disfavoredOverload
  public static func - (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) - rhs }

  /// `lhs / c` elementwise for a scalar variable `c`: a division, rounded as one (not a
  /// product with 1/c). Derivative: the tangent or cotangent of `lhs` divided by c; c = 0
  /// gives ±∞ or NaN as IEEE division does.
  @_disfavoredOverload
  public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { lhs / Tensor(rhs) }

  /// `c / rhs` elementwise for a scalar variable `c`. Derivative: −c / x² times the
  /// tangent or cotangent of `rhs`.
  @_disfavoredOverload
  public static func / (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) / rhs }

  /// `lhs = lhs · c` for a scalar variable `c`, with the rules of `*=`
  /// (a parameter only inside ``withoutGradient(_:)``).
  @_disfavoredOverload
  public static func *= (lhs: inout Tensor, rhs: Scalar) { lhs *= Tensor(rhs) }

  /// `lhs = lhs / c` for a scalar variable `c`, with the rules of `/=`.
  @_disfavoredOverload
  public static func /= (lhs: inout Tensor, rhs: Scalar) { lhs /= Tensor(rhs) }

  /// `lhs = lhs + c` for a scalar variable `c`, with the rules of `+=`.
  @_disfavoredOverload
  public static func += (lhs: inout Tensor, rhs: Scalar) { lhs += Tensor(rhs) }

  /// `lhs = lhs − c` for a scalar variable `c`, with the rules of `-=`.
  @_disfavoredOverload
  public static func -= (lhs: inout Tensor, rhs: Scalar) { lhs -= Tensor(rhs) }
}
