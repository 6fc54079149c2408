import RealModule

// Equality-constrained optimisation by Lagrange multipliers: Newton's method on
// ∇L(x, λ) = 0 for L(x, λ) = f(x) − Σ λᵢ gᵢ(x).
//
// In z = (x, λ), ∇L = (∇f − Jᵀλ, −g) and the Hessian of L is the KKT matrix
//
//     K = [ ∇²f − Σλᵢ∇²gᵢ   −Jᵀ ]
//         [      −J          0  ]
//
// with J the Jacobian of the constraints. Both come from differentiating the one scalar
// function L of n + m variables: its gradient by reverse mode, its Hessian by
// forward-over-reverse, so the constraints' Jacobian is the off-diagonal block and no
// second code path is needed. Each step solves K·d = −∇L by LU, then backtracks along d
// until the merit ½‖∇L‖² falls enough (Armijo). The Newton direction always descends that
// merit (its slope is −‖∇L‖²) when K is invertible; when K is singular, or when no Newton
// step is accepted, the step falls back to steepest descent of the merit, −K·∇L.
//
// K is formed and factored densely (LAPACK) or sparsely (the Hessian through its
// sparsity pattern, UMFPACK's LU): see KKTSolver, and LagrangeSparseKKT.swift for the
// sparse path.

/// A local minimum of f subject to gᵢ(x) = 0 for every constraint, by Newton's method on
/// the Lagrange conditions ∇f(x) = Σ λᵢ ∇gᵢ(x), gᵢ(x) = 0.
///
/// Gradients and Hessians are exact (automatic differentiation), so convergence near the
/// solution is quadratic. Newton's method finds the stationary point of the Lagrangian
/// nearest the start, whatever its kind; `minimize` then checks the second-order
/// conditions and throws ``LagrangeError/Reason/wrongKind(_:)`` if it is a maximum or a
/// saddle.
///
/// ```swift
/// struct Paraboloid: DifferentiableScalarFunction {
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] + 2 * x[1] * x[1] }
/// }
/// struct Line: DifferentiableScalarFunction {
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] + x[1] - 3 }
/// }
/// let solution = try minimize(Paraboloid(), subjectTo: [Line()], from: [0.0, 0.0])
/// // x = [2, 1], λ = [4], one Newton step
/// ```
///
/// - Parameters:
///   - f: the objective.
///   - constraints: the functions gᵢ held at zero (none: an unconstrained Newton method).
///   - start: the starting point; the starting multipliers are the least-squares
///     solution of ∇f = Jᵀλ there.
///   - tolerance: the residual ‖∇L‖₂ to reach; by default 10⁻¹⁰ for `Double` and
///     100 ulp (about 1.2·10⁻⁵) for `Float`.
///   - maxIterations: the Newton steps allowed.
///   - kktSolver: dense or sparse linear algebra for the KKT system; by default sparse
///     from n + m = 200 on (``KKTSolver/automatic``).
/// - Throws: ``LagrangeError`` when the iteration does not converge, gets stuck, meets a
///   non-finite value, or converges to a maximum or a saddle. (The sparse path's
///   second-order test certifies minima and maxima; where it cannot decide it returns
///   the solution with kind ``StationaryPointKind/undetermined`` rather than throw.)
/// - Precondition: there are at most as many constraints as variables.
/// - Complexity: per iteration, one Hessian of L, one LU factorisation of order n + m,
///   and a gradient of L per line-search trial. Dense: ⌈(n + m)/8⌉ recordings and
///   O((n + m)³) for the LU. Sparse: a sparsity detection, one recording carrying a
///   Hessian–vector product per colour of the pattern, and a sparse LU whose cost
///   follows its fill-in (linear in n + m for banded problems such as discretised
///   optimal control).
public func minimize<F: DifferentiableScalarFunction, Scalar: TensorScalar>(
  _ f: F, subjectTo constraints: [any DifferentiableScalarFunction], from start: [Scalar],
  tolerance: Scalar? = nil, maxIterations: Int = 100, kktSolver: KKTSolver = .automatic
) throws(LagrangeError<Scalar>) -> LagrangeSolution<Scalar> {
  try solveLagrangian(
    "minimize", f, constraints, start, tolerance, maxIterations, kktSolver,
    rejecting: [.maximum, .saddle])
}

/// A local maximum of f subject to gᵢ(x) = 0 for every constraint: the same Newton
/// method as ``minimize(_:subjectTo:from:tolerance:maxIterations:kktSolver:)``, then a
/// check that the point found is not a minimum or a saddle.
///
/// With L = f − Σλᵢgᵢ as for minimising, ∇f(x) = Σ λᵢ ∇gᵢ(x) at the solution.
public func maximize<F: DifferentiableScalarFunction, Scalar: TensorScalar>(
  _ f: F, subjectTo constraints: [any DifferentiableScalarFunction], from start: [Scalar],
  tolerance: Scalar? = nil, maxIterations: Int = 100, kktSolver: KKTSolver = .automatic
) throws(LagrangeError<Scalar>) -> LagrangeSolution<Scalar> {
  try solveLagrangian(
    "maximize", f, constraints, start, tolerance, maxIterations, kktSolver,
    rejecting: [.minimum, .saddle])
}

/// A stationary point of the Lagrangian of f subject to gᵢ(x) = 0, of whatever kind
/// (its ``LagrangeSolution/kind`` says which): Newton's method on ∇L = 0 without the
/// second-order check of ``minimize(_:subjectTo:from:tolerance:maxIterations:kktSolver:)``.
public func stationaryPoint<F: DifferentiableScalarFunction, Scalar: TensorScalar>(
  of f: F, subjectTo constraints: [any DifferentiableScalarFunction], from start: [Scalar],
  tolerance: Scalar? = nil, maxIterations: Int = 100, kktSolver: KKTSolver = .automatic
) throws(LagrangeError<Scalar>) -> LagrangeSolution<Scalar> {
  try solveLagrangian(
    "stationaryPoint", f, constraints, start, tolerance, maxIterations, kktSolver, rejecting: [])
}

/// Newton's method on ∇L = 0 for the three public entry points, refusing a stationary
/// point of the kinds in `rejected`.
private func solveLagrangian<F: DifferentiableScalarFunction, Scalar: TensorScalar>(
  _ operation: String, _ f: F, _ constraints: [any DifferentiableScalarFunction], _ start: [Scalar],
  _ tolerance: Scalar?, _ maxIterations: Int, _ kktSolver: KKTSolver,
  rejecting rejected: Set<StationaryPointKind>
) throws(LagrangeError<Scalar>) -> LagrangeSolution<Scalar> {
  var solver = LagrangeNewton(
    operation: operation, f: f, constraints: constraints, start: start, tolerance: tolerance,
    maxIterations: maxIterations, kktSolver: kktSolver)
  let solution = try solver.specializedSolve().get()
  if rejected.contains(solution.kind) { throw solver.error(.wrongKind(solution.kind)) }
  return solution
}

/// L(x, λ) = f(x) − Σ λᵢ gᵢ(x) as one function of z = (x, λ).
///
/// The objective is held as an existential, like the constraints: its generic body runs
/// unspecialised either way (the library cannot specialise a caller's function), and
/// without a type parameter for it the solver is generic over the scalar alone, so its
/// own loops (the sparse Hessian's seeding and recovery, tapes, sweeps) are specialised
/// for `Double` and `Float`.
struct Lagrangian: DifferentiableScalarFunction {
  let objective: any DifferentiableScalarFunction
  let constraints: [any DifferentiableScalarFunction]
  let variableCount: Int

  func callAsFunction<T: Differentiable>(_ z: [T]) -> T {
    let x = Array(z[..<variableCount])
    var value = objective(x)
    for (i, g) in constraints.enumerated() { value -= z[variableCount + i] * g(x) }
    return value
  }
}

/// The state of one solve: the current z = (x, λ) and its residual.
struct LagrangeNewton<Scalar: TensorScalar> {
  let operation: String
  let lagrangian: Lagrangian
  let n: Int
  let m: Int
  let tolerance: Scalar
  let maxIterations: Int
  var z: [Scalar]
  var residual: [Scalar] = []
  var iterations = 0
  /// The sparse path's prepared Hessian and factors; nil on the dense path.
  let sparse: SparseKKT<Scalar>?
  var profile: LagrangeProfile

  /// From n + m = 200 on, ``KKTSolver/automatic`` goes sparse. Below, the dense path
  /// stays affordable (≤ 25 recordings per Hessian, an LU of order < 200) and reports the
  /// curvatures that the sparse second-order test cannot; a problem whose KKT matrix is
  /// dense would also pay the sparse path's detection and colouring for nothing. (On the
  /// sparse optimal-control benchmark the sparse path already wins at n + m = 60.)
  static var sparseThreshold: Int { 200 }

  init(
    operation: String, f: any DifferentiableScalarFunction,
    constraints: [any DifferentiableScalarFunction], start: [Scalar], tolerance: Scalar?,
    maxIterations: Int, kktSolver: KKTSolver
  ) {
    require(!start.isEmpty, "\(operation): the starting point has no variables")
    require(
      constraints.count <= start.count,
      "\(operation): \(constraints.count) constraints on \(start.count) variables; the Lagrange "
        + "system needs at most as many constraints as variables")
    require(maxIterations >= 0, "\(operation): maxIterations must be ≥ 0, got \(maxIterations)")
    self.operation = operation
    self.lagrangian = Lagrangian(objective: f, constraints: constraints, variableCount: start.count)
    self.n = start.count
    self.m = constraints.count
    self.tolerance = tolerance ?? Swift.max(Scalar(1e-10), 100 * Scalar.ulpOfOne)
    self.maxIterations = maxIterations
    self.z = start + [Scalar](repeating: 0, count: constraints.count)
    let sparse =
      kktSolver == .sparse
      || (kktSolver == .automatic && start.count + constraints.count >= Self.sparseThreshold)
    self.sparse = sparse ? SparseKKT(lagrangian, n: start.count, m: constraints.count) : nil
    self.profile = LagrangeProfile(kktSolver: sparse ? .sparse : .dense)
    if !sparse {
      profile.kktEntries = (start.count + constraints.count) * (start.count + constraints.count)
      profile.colorCount = start.count + constraints.count
    }
  }

  func gradient(at z: [Scalar]) -> [Scalar] {
    let lagrangian = self.lagrangian
    return AutoDiff.gradient(of: { (z: [Tracked<Scalar>]) in lagrangian(z) }, at: z)
  }

  func hessian(at z: [Scalar]) -> Tensor<Scalar> {
    let lagrangian = self.lagrangian
    let rows = AutoDiff.hessian(of: { (z: [Tracked<ChunkedDual<Scalar, 8>>]) in lagrangian(z) }, at: z)
    return Tensor(rows)
  }

  func error(_ reason: LagrangeError<Scalar>.Reason) -> LagrangeError<Scalar> {
    LagrangeError(
      operation: operation, reason: reason, iterations: iterations, x: Array(z[..<n]),
      multipliers: Array(z[n...]), residual: norm(residual), tolerance: tolerance)
  }

  /// ``solve()``, specialised for `Double` and `Float` together with everything it calls
  /// in this module: the sparse Hessian's seeding and recovery and the tapes of the
  /// gradients then run in the scalar's own type instead of through generic metadata (a
  /// Newton step of the optimal-control benchmark, N = 5000: 179 → 90 ms, the Hessian
  /// 119 → 54 ms, the line search 24 → 7.7 ms). Returns a `Result` because the compiler's
  /// eager specialiser crashes on a typed-throws function (Swift 6.3.1).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  mutating func specializedSolve() -> Result<LagrangeSolution<Scalar>, LagrangeError<Scalar>> {
    do throws(LagrangeError<Scalar>) {
      return .success(try solve())
    } catch {
      return .failure(error)
    }
  }

  mutating func solve() throws(LagrangeError<Scalar>) -> LagrangeSolution<Scalar> {
    var watch = Stopwatch()
    if let sparse { try initializeMultipliers(sparse) } else { try initializeMultipliers() }
    profile.initialization += watch.lap()
    residual = gradient(at: z)
    while true {
      guard residual.allSatisfy(\.isFinite) else { throw error(.nonFinite) }
      if norm(residual) <= tolerance { break }
      guard iterations < maxIterations else { throw error(.didNotConverge) }
      if let sparse { try step(sparse) } else { try step() }
      iterations += 1
    }
    _ = watch.lap()
    var solution = sparse.map { classified($0) } ?? classified()
    profile.classification += watch.lap()
    solution.profile = profile
    return solution
  }

  /// λ₀ minimising ‖∇f − Jᵀλ‖ at the start: (J·Jᵀ)λ = J·∇f. Zero if J·Jᵀ is singular.
  mutating func initializeMultipliers() throws(LagrangeError<Scalar>) {
    guard m > 0 else { return }
    let k = hessian(at: z)
    let g = gradient(at: z)
    guard k.scalars.allSatisfy(\.isFinite), g.allSatisfy(\.isFinite) else {
      residual = g
      throw error(.nonFinite)
    }
    let gradientOfF = Tensor(Array(g[..<n]))
    let jacobian = k.slice(n..<(n + m), alongAxis: 0).slice(0..<n, alongAxis: 1) * -1
    let normal = LUFactorization(Tensor.gemm(jacobian, transposed: false, jacobian, transposed: true))
    guard !normal.isSingular else { return }
    let multipliers = normal.solve(matmul(jacobian, gradientOfF))
    guard multipliers.scalars.allSatisfy(\.isFinite) else { return }
    z.replaceSubrange(n..., with: multipliers.scalars)
  }

  /// One damped Newton step (or steepest-descent step on ½‖∇L‖² when Newton fails).
  mutating func step() throws(LagrangeError<Scalar>) {
    var watch = Stopwatch()
    let k = hessian(at: z)
    profile.hessianEvaluation += watch.lap()
    guard k.scalars.allSatisfy(\.isFinite) else { throw error(.nonFinite) }
    let r = Tensor(residual)
    // ∇(½‖r‖²) = K·r, K being symmetric.
    let meritSlope = matmul(k, r).scalars
    _ = watch.lap()
    let lu = LUFactorization(k)
    profile.factorization += watch.lap()
    if !lu.isSingular {
      let newton = lu.solve(r).scalars.map { -$0 }
      profile.solve += watch.lap()
      if newton.allSatisfy(\.isFinite), searchLine(along: newton, slope: meritSlope) { return }
    }
    let steepest = meritSlope.map { -$0 }
    if searchLine(along: steepest, slope: meritSlope) { return }
    throw error(.lineSearchFailed)
  }

  /// ``lineSearch(along:slope:)``, timed.
  mutating func searchLine(along direction: [Scalar], slope: [Scalar]) -> Bool {
    var watch = Stopwatch()
    let found = lineSearch(along: direction, slope: slope)
    profile.lineSearch += watch.lap()
    return found
  }

  /// Backtracks from a full step along `direction` until ½‖∇L‖² satisfies the Armijo
  /// condition; moves there and returns true, or returns false if no step does.
  mutating func lineSearch(along direction: [Scalar], slope: [Scalar]) -> Bool {
    let merit = half(squaredNorm(residual))
    let decrease = zip(slope, direction).reduce(0) { $0 + $1.0 * $1.1 }
    guard decrease < 0 else { return false }
    var alpha: Scalar = 1
    for _ in 0..<60 {
      let trial = zip(z, direction).map { $0 + alpha * $1 }
      let trialResidual = gradient(at: trial)
      if trialResidual.allSatisfy(\.isFinite),
        half(squaredNorm(trialResidual)) <= merit + Scalar(1e-4) * alpha * decrease
      {
        z = trial
        residual = trialResidual
        return true
      }
      alpha /= 2
    }
    return false
  }

  /// The solution with its kind, from the curvature of L along the constraint surface.
  func classified() -> LagrangeSolution<Scalar> {
    let x = Array(z[..<n])
    let k = hessian(at: z)
    let h = k.slice(0..<n, alongAxis: 0).slice(0..<n, alongAxis: 1)
    let basis = tangentBasis(k)
    var curvatures: [Scalar] = []
    if !basis.isEmpty {
      let zMatrix = Tensor(shape: [basis.count, n], scalars: basis.flatMap { $0 })  // rows: basis
      let projected = Tensor.gemm(
        Tensor.gemm(zMatrix, transposed: false, h, transposed: false), transposed: false, zMatrix, transposed: true)
      curvatures = SymmetricEigendecomposition.compute(projected)?.values ?? []
    }
    let scale = Swift.max(1, h.scalars.map { $0.magnitude }.max() ?? 0)
    let zero = Scalar.ulpOfOne.squareRoot() * scale
    let kind: StationaryPointKind
    if basis.isEmpty {
      kind = .isolated
    } else if curvatures.contains(where: { $0 > zero }) && curvatures.contains(where: { $0 < -zero }) {
      kind = .saddle
    } else if curvatures.allSatisfy({ $0 > zero }) {
      kind = .minimum
    } else if curvatures.allSatisfy({ $0 < -zero }) {
      kind = .maximum
    } else {
      kind = .degenerate
    }
    return LagrangeSolution(
      x: x, multipliers: Array(z[n...]), value: lagrangian.objective(x), iterations: iterations,
      residual: norm(residual), kind: kind, curvatures: curvatures, profile: profile)
  }

  /// An orthonormal basis of the null space of the constraints' Jacobian J (the tangent
  /// space of the constraint surface): the eigenvectors of JᵀJ with eigenvalue zero to
  /// working precision.
  func tangentBasis(_ k: Tensor<Scalar>) -> [[Scalar]] {
    guard m > 0 else {
      return (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
    }
    let jacobian = k.slice(n..<(n + m), alongAxis: 0).slice(0..<n, alongAxis: 1)
    let normal = Tensor.gemm(jacobian, transposed: true, jacobian, transposed: false)
    guard let (values, vectors) = SymmetricEigendecomposition.compute(normal) else { return [] }
    let largest = values.last ?? 0
    let threshold = Scalar(100 * n) * Scalar.ulpOfOne * largest
    return zip(values, vectors).filter { $0.0 <= threshold }.map(\.1)
  }
}

func squaredNorm<Scalar: TensorScalar>(_ v: [Scalar]) -> Scalar {
  v.reduce(0) { $0 + $1 * $1 }
}

func norm<Scalar: TensorScalar>(_ v: [Scalar]) -> Scalar {
  squaredNorm(v).squareRoot()
}

private func half<Scalar: TensorScalar>(_ x: Scalar) -> Scalar { x / 2 }

/// Times the parts of a solve: each ``lap()`` is the time since the previous one.
struct Stopwatch {
  private let clock = ContinuousClock()
  private var last: ContinuousClock.Instant

  init() { last = clock.now }

  mutating func lap() -> Duration {
    let now = clock.now
    defer { last = now }
    return now - last
  }
}
