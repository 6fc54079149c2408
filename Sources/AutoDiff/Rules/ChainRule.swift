import RealModule

/// `partial · perturbation`, the one multiplication of the chain rule.
///
/// Forward mode calls it with a tangent, reverse mode with a cotangent (adjoint). With
/// the `NaNSafe` package trait (on by default) an exactly-zero perturbation stays zero
/// even when the local partial is infinite or NaN, so that √x at x = 0 does not spread
/// NaN into the derivative along a direction in which x does not move. Without the
/// trait this is the plain IEEE product (0 · ∞ = NaN).
@inlinable @inline(__always)
func chainProduct<T: Differentiable>(_ partial: T, _ perturbation: T) -> T {
  #if NaNSafe
  return perturbation.isExactlyZero ? 0 : partial * perturbation
  #else
  return partial * perturbation
  #endif
}
