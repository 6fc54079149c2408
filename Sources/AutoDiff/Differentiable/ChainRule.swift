import RealModule

/// `partial · perturbation`, the one multiplication of the chain rule.
///
/// Forward mode calls it with a tangent, reverse mode with a cotangent (adjoint). With
/// the `NaNSafe` package trait (on by default) the product is exactly zero whenever
/// either factor is exactly zero, even if the other is infinite or NaN (0 · ∞ = 0):
/// √x at x = 0 does not spread NaN along a direction in which x does not move.
///
/// The rule is symmetric on purpose. A Jacobian entry is a sum over paths of products
/// of partials; forward mode multiplies along a path from the inputs, reverse mode from
/// the outputs. Letting a zero factor annihilate the product whichever side it sits on
/// makes both orders give the same entry, so the two modes agree bit for bit at the
/// edge points of `Sources/AutoDiff/AutoDiff.docc/DerivativeConventions.md`. Without the
/// trait this is the plain IEEE product (0 · ∞ = NaN).
@inlinable @inline(__always)
func chainProduct<T: Differentiable>(_ partial: T, _ perturbation: T) -> T {
  #if NaNSafe
  return T._nanSafeProduct(partial, perturbation)
  #else
  return partial * perturbation
  #endif
}

/// ``chainProduct(_:_:)`` for a product that is only ever added to an accumulator that
/// is never −0 (the backward sweep's adjoints start at +0): the sign of a zero product
/// cannot show, so IEEE types skip normalising it and test for NaN only.
@inlinable @inline(__always)
func accumulatedChainProduct<T: Differentiable>(_ partial: T, _ perturbation: T) -> T {
  #if NaNSafe
  return T._nanSafeAccumulatedProduct(partial, perturbation)
  #else
  return partial * perturbation
  #endif
}

/// ``chainProduct(_:_:)``'s value wherever that is not NaN, as one IEEE expression that a
/// loop can vectorise: p·t, plus 0 with the `NaNSafe` trait as the NaN-safe product adds
/// (it turns −0 into +0). A loop of these checks its results for NaN afterwards and, if
/// one is, computes them again with ``chainProduct(_:_:)``.
@inlinable @inline(__always)
func plainChainProduct<T: Differentiable & BinaryFloatingPoint>(_ partial: T, _ perturbation: T) -> T {
  #if NaNSafe
  return partial * perturbation + 0
  #else
  return partial * perturbation
  #endif
}

/// ``chainSum(_:_:_:_:)``'s value wherever that is not NaN, as one IEEE expression (see
/// ``plainChainProduct(_:_:)``).
@inlinable @inline(__always)
func plainChainSum<T: Differentiable & BinaryFloatingPoint>(_ dx: T, _ xDot: T, _ dy: T, _ yDot: T) -> T {
  #if NaNSafe
  return dx * xDot + dy * yDot + 0
  #else
  return dx * xDot + dy * yDot
  #endif
}

/// `∂x·ẋ + ∂y·ẏ`, the chain rule of a binary operation, with NaN-safe products.
@inlinable @inline(__always)
func chainSum<T: Differentiable>(_ dx: T, _ xDot: T, _ dy: T, _ yDot: T) -> T {
  #if NaNSafe
  return T._nanSafeSum(dx, xDot, dy, yDot)
  #else
  return dx * xDot + dy * yDot
  #endif
}
