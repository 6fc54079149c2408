/// What a stationary point of the Lagrangian is for the constrained problem, from the
/// curvature of the Lagrangian along the constraint surface: the eigenvalues of its
/// Hessian in x projected onto the null space of the constraints' Jacobian (the
/// second-order conditions).
public enum StationaryPointKind: String, Sendable, Hashable {
  /// Every curvature along the constraints is positive: a strict local minimum.
  case minimum
  /// Every curvature along the constraints is negative: a strict local maximum.
  case maximum
  /// Curvatures of both signs: neither a minimum nor a maximum.
  case saddle
  /// Some curvature is zero to working precision and none has the other sign: the
  /// second-order test cannot decide.
  case degenerate
  /// The constraints leave no direction to move in: the feasible set is locally this one
  /// point, which is trivially both a minimum and a maximum.
  case isolated
}

/// A solution of ∇L(x, λ) = 0 for L(x, λ) = f(x) − Σ λᵢ gᵢ(x).
public struct LagrangeSolution<Scalar: TensorScalar>: Sendable {
  /// The point x.
  public var x: [Scalar]
  /// The Lagrange multipliers λ, one per constraint: ∇f(x) = Σ λᵢ ∇gᵢ(x). λᵢ is the rate
  /// at which the optimal value changes as constraint i is relaxed to gᵢ(x) = ε.
  public var multipliers: [Scalar]
  /// f(x).
  public var value: Scalar
  /// The number of Newton steps taken.
  public var iterations: Int
  /// ‖∇L(x, λ)‖₂: the stationarity error ∇f − Σλᵢ∇gᵢ and the constraint values gᵢ(x)
  /// together.
  public var residual: Scalar
  /// Minimum, maximum, saddle, … by the second-order conditions.
  public var kind: StationaryPointKind
  /// The curvatures of L along the constraint surface (ascending): the eigenvalues of the
  /// projected Hessian, whose signs give ``kind``.
  public var curvatures: [Scalar]
}

/// The constrained solver stopped without a usable answer.
public struct LagrangeError<Scalar: TensorScalar>: Error, CustomStringConvertible {
  public enum Reason: Sendable, Hashable {
    /// The residual was still above the tolerance after the allowed iterations.
    case didNotConverge
    /// No step along the Newton direction, nor along steepest descent of ‖∇L‖², reduced
    /// the residual: the iteration is stuck at a point that is not a solution (for
    /// instance because the constraints cannot all hold).
    case lineSearchFailed
    /// f, a constraint or a derivative came out infinite or NaN.
    case nonFinite
    /// It converged, but to a stationary point of the other kind (a maximum when
    /// minimising, a saddle, …).
    case wrongKind(StationaryPointKind)
  }

  /// `minimize`, `maximize` or `stationaryPoint`.
  public var operation: String
  public var reason: Reason
  /// Newton steps taken.
  public var iterations: Int
  /// Where it stopped: x, λ and ‖∇L‖₂ there.
  public var x: [Scalar]
  public var multipliers: [Scalar]
  public var residual: Scalar
  /// The tolerance the residual had to reach.
  public var tolerance: Scalar

  public var description: String {
    let at = "at x = \(x), λ = \(multipliers)"
    switch reason {
    case .didNotConverge:
      return "\(operation): Newton's method on ∇L = 0 did not converge in \(count(iterations)): "
        + "the residual ‖∇L‖ is \(residual) > tolerance \(tolerance) \(at); try another starting point "
        + "or more iterations"
    case .lineSearchFailed:
      return "\(operation): Newton's method on ∇L = 0 is stuck after \(count(iterations)): no step "
        + "reduces the residual ‖∇L‖ = \(residual) (tolerance \(tolerance)) \(at); the constraints may "
        + "be inconsistent, or there is no stationary point near the start"
    case .nonFinite:
      return "\(operation): a value or derivative became infinite or NaN after \(count(iterations)) "
        + "\(at) (residual \(residual))"
    case .wrongKind(let kind):
      return "\(operation): Newton's method converged in \(count(iterations)) to a stationary point "
        + "of the Lagrangian that is a \(kind), \(at); start from another point"
    }
  }

  private func count(_ iterations: Int) -> String {
    iterations == 1 ? "1 iteration" : "\(iterations) iterations"
  }
}
