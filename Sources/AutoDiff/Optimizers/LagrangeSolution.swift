/// What a stationary point of the Lagrangian is for the constrained problem, from the
/// curvature of the Lagrangian along the constraint surface: the eigenvalues of its
/// Hessian in x projected onto the null space of the constraints' Jacobian (the
/// second-order conditions).
///
/// The dense solver computes those eigenvalues; the sparse one (``KKTSolver/sparse``)
/// cannot afford them and certifies a minimum or a maximum by Cholesky factorisations
/// instead, answering ``undetermined`` where they cannot decide.
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
  /// The sparse solver's second-order test could not decide: the point is a saddle, or
  /// degenerate, or a minimum or maximum whose curvature along the constraints is too
  /// small, next to the rounding error of the test, to certify; or the Hessian there has an
  /// infinite or NaN entry. Only the sparse path
  /// (``KKTSolver/sparse``) answers this; the dense path decides every case, with its
  /// eigenvalues in ``LagrangeSolution/curvatures``.
  case undetermined
}

/// How the Lagrange solver forms and solves its KKT system K·d = −∇L.
public enum KKTSolver: String, Sendable, Hashable {
  /// ``sparse`` when n + m ≥ 200 variables and multipliers, ``dense`` below.
  case automatic
  /// The dense Hessian of the Lagrangian (⌈(n + m)/8⌉ forward-over-reverse passes) and
  /// LAPACK's LU: O((n + m)³) per step, exact eigenvalues for the second-order test.
  case dense
  /// The Hessian of the Lagrangian through its sparsity pattern (detected at each iterate,
  /// star-coloured, one Hessian–vector product per colour) and UMFPACK's sparse LU; the
  /// second-order test by CHOLMOD Cholesky factorisations, without curvatures.
  case sparse
}

/// Where a solve spent its time, and which linear algebra it used.
///
/// The step parts (detection, Hessian, factorisation, solve, line search) are summed over
/// the Newton steps only; the setup of the starting multipliers and the second-order test
/// at the end, which evaluate a KKT matrix of their own, are timed apart. Divide by
/// ``LagrangeSolution/iterations`` for the time per step.
public struct LagrangeProfile: Sendable, Hashable {
  /// The path taken: ``KKTSolver/dense`` or ``KKTSolver/sparse``, never `automatic`.
  public var kktSolver: KKTSolver
  /// Sparsity detection of the Lagrangian's Hessian at each iterate, and its colouring
  /// when the pattern changed (sparse path only).
  public var sparsityDetection: Duration = .zero
  /// Evaluating the KKT matrix, the Hessian of the Lagrangian.
  public var hessianEvaluation: Duration = .zero
  /// LU factorisations of the KKT matrix (UMFPACK's symbolic analysis included when the
  /// pattern is new).
  public var factorization: Duration = .zero
  /// Solves with the LU factors.
  public var solve: Duration = .zero
  /// Line searches: a gradient of the Lagrangian per trial point.
  public var lineSearch: Duration = .zero
  /// The starting multipliers (least squares), with their KKT matrix.
  public var initialization: Duration = .zero
  /// The second-order test at the solution, with its KKT matrix.
  public var classification: Duration = .zero
  /// The entries of the KKT matrix's pattern (sparse path; (n + m)² for dense).
  public var kktEntries: Int = 0
  /// Hessian–vector products per KKT evaluation: the colours of the pattern (sparse
  /// path), or n + m (dense).
  public var colorCount: Int = 0

  /// A profile of the given path with every time and count zero.
  public init(kktSolver: KKTSolver) { self.kktSolver = kktSolver }
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
  /// projected Hessian, whose signs give ``kind``. Empty on the sparse path, which
  /// decides ``kind`` without them.
  public var curvatures: [Scalar]
  /// The linear algebra used and the time spent in each part.
  public var profile: LagrangeProfile
}

/// The constrained solver stopped without a usable answer.
public struct LagrangeError<Scalar: TensorScalar>: Error, CustomStringConvertible {
  /// Why the solver stopped.
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
  /// Why it stopped.
  public var reason: Reason
  /// Newton steps taken.
  public var iterations: Int
  /// The point x where it stopped.
  public var x: [Scalar]
  /// The multipliers λ where it stopped.
  public var multipliers: [Scalar]
  /// ‖∇L(x, λ)‖₂ where it stopped.
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
