// The sparse path of the Lagrange–Newton solver (KKTSolver.sparse): the same iteration as
// LagrangeMultipliers.swift, with the KKT matrix
//
//     K = [ H   −Jᵀ ]     H = ∇²f − Σλᵢ∇²gᵢ,  J the constraints' Jacobian
//         [ −J   0  ]
//
// evaluated through its sparsity pattern and factored by UMFPACK.
//
// The pattern. K is the Hessian of the Lagrangian L(x, λ) = f(x) − Σλᵢgᵢ(x), so one
// sparse Hessian gives both H and J. Its pattern is detected locally (Sparsity.detect) at
// every iterate, and coloured again only when it changed: a local pattern is exact where
// it was detected but may miss entries where the function's branches go the other way,
// and an iterate may cross such a branch. Detecting at the iterate itself keeps every
// Hessian exact (and never meets PreparedSparseHessian's refusal of an entry outside its
// pattern) for the price of one run of L on SparsityTracer per step. Global detection
// would avoid that, but it stops the program on the first comparison, and the solver
// cannot know beforehand whether a user's function compares.
//
// The second-order test. The dense path projects H onto the null space of J and takes
// eigenvalues; at 10⁴ variables that basis is a dense 10⁴ × (n − m) matrix. Instead,
// Debreu's lemma (1952): vᵀHv > 0 for every v ≠ 0 with Jv = 0 if and only if H + ρJᵀJ is
// positive definite for every ρ beyond some ρ̄. One direction holds for every ρ ≥ 0: if
// H + ρJᵀJ − 2δI is positive definite, then vᵀHv > 2δ‖v‖² on the null space. CHOLMOD
// decides that definiteness by attempting a Cholesky factorisation, and SparseCholesky
// bounds the rounding error of the attempt; a success whose error bound (with that of
// forming H + ρJᵀJ) stays below δ proves every curvature along the constraints exceeds δ,
// the dense path's threshold δ = √ε·max(1, max|Hᵢⱼ|): a minimum, certified. The same test
// on −H certifies a maximum. ρ runs over 0 and ρ₀·10ᵏ, ρ₀ = ‖H‖∞/‖JᵀJ‖∞, until the error
// of forming H + ρJᵀJ (which grows with ρ) passes δ. Without constraints (m = 0) the four tests on ±H
// ± δI also decide saddles and degenerate points, as the dense eigenvalues do. With
// constraints a failed test proves nothing about the null space (ρ may be below ρ̄), so a
// point that is neither certified is `.undetermined`: never a wrong kind, sometimes no
// kind. Curvatures are not computed.

/// The sparse path's state, reused across Newton steps: the prepared Hessian of the
/// Lagrangian (pattern and colouring) and UMFPACK's analysis of that pattern.
final class SparseKKT<Scalar: TensorScalar> {
  let lagrangian: Lagrangian
  let n: Int
  let m: Int
  private var prepared: PreparedSparseHessian<Lagrangian, Scalar>?
  private var lu: SparseLU?

  init(_ lagrangian: Lagrangian, n: Int, m: Int) {
    self.lagrangian = lagrangian
    self.n = n
    self.m = m
  }

  /// The colours of the current pattern (Hessian–vector products per evaluation).
  var colorCount: Int { prepared?.coloring.colorCount ?? 0 }
  /// The entries of the current pattern.
  var entryCount: Int { prepared?.pattern.nonzeroCount ?? 0 }

  /// K at z, its pattern detected there; the time spent detecting (and colouring, when
  /// the pattern changed) and evaluating.
  func kktMatrix(
    at z: [Scalar]
  ) -> (matrix: SparseMatrix<Scalar>, detection: Duration, evaluation: Duration) {
    var watch = Stopwatch()
    let pattern = hessianSparsity(of: lagrangian, at: z)
    let current: PreparedSparseHessian<Lagrangian, Scalar>
    if let prepared, prepared.pattern == pattern {
      current = prepared
    } else {
      // A pattern given, not detected: the prepared Hessian then evaluates without
      // detecting again at each new point.
      current = PreparedSparseHessian(of: lagrangian, at: z, sparsity: .pattern(pattern))
      prepared = current
      lu = nil
    }
    let detection = watch.lap()
    let k = current.hessian(at: z)
    return (k, detection, watch.lap())
  }

  /// The LU factors of K, reusing UMFPACK's symbolic analysis while the pattern stays.
  func factor(_ k: SparseMatrix<Scalar>) -> SparseLU {
    if let lu, lu.pattern == k.pattern {
      lu.refactor(values: k.values)
      return lu
    }
    let made = SparseLU(k)
    lu = made
    return made
  }
}

extension LagrangeNewton {
  /// λ₀ minimising ‖∇f − Jᵀλ‖ at the start, from the augmented system
  /// [I Jᵀ; J 0]·(r, λ) = (∇f, 0), whose solution has r = ∇f − Jᵀλ and J·r = 0, the
  /// normal equations J·Jᵀλ = J·∇f without forming J·Jᵀ. Zero if J is rank-deficient (the
  /// system is then singular).
  mutating func initializeMultipliers(_ sparse: SparseKKT<Scalar>) throws(LagrangeError<Scalar>) {
    guard m > 0 else { return }
    let k = sparse.kktMatrix(at: z).matrix
    let g = gradient(at: z)
    guard k.values.allSatisfy(\.isFinite), g.allSatisfy(\.isFinite) else {
      residual = g
      throw error(.nonFinite)
    }
    let system = SparseLU(leastSquaresSystem(k))
    guard let solution = system.solve(Array(g[..<n]) + [Scalar](repeating: 0, count: m)) else { return }
    let multipliers = solution[n...]
    guard multipliers.allSatisfy(\.isFinite) else { return }
    z.replaceSubrange(n..., with: multipliers)
  }

  /// [I Jᵀ; J 0] from K = [H −Jᵀ; −J 0]: H replaced by the identity, the off-diagonal
  /// blocks negated.
  func leastSquaresSystem(_ k: SparseMatrix<Scalar>) -> SparseMatrix<Scalar> {
    let pattern = k.pattern
    var starts = [0]
    var rows: [Int] = []
    var values: [Scalar] = []
    for j in 0..<(n + m) {
      if j < n {
        rows.append(j)
        values.append(1)
      }
      for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
        let i = pattern.rowIndices[p]
        // Column j < n keeps the rows of −J (all below the diagonal); column j ≥ n keeps
        // the rows of −Jᵀ.
        guard (j < n) == (i >= n) else { continue }
        rows.append(i)
        values.append(-k.values[p])
      }
      starts.append(rows.count)
    }
    return SparseMatrix(
      pattern: SparsityPattern(unchecked: n + m, n + m, starts, rows), values: values)
  }

  /// One damped Newton step with the sparse KKT matrix (or steepest descent of ½‖∇L‖²
  /// when Newton fails), as the dense ``step()``.
  mutating func step(_ sparse: SparseKKT<Scalar>) throws(LagrangeError<Scalar>) {
    let (k, detection, evaluation) = sparse.kktMatrix(at: z)
    profile.sparsityDetection += detection
    profile.hessianEvaluation += evaluation
    profile.kktEntries = sparse.entryCount
    profile.colorCount = sparse.colorCount
    guard k.values.allSatisfy(\.isFinite) else { throw error(.nonFinite) }
    // ∇(½‖r‖²) = K·r, K being symmetric.
    let meritSlope = k.multiplied(by: residual)
    var watch = Stopwatch()
    let lu = sparse.factor(k)
    profile.factorization += watch.lap()
    if let solved = lu.solve(residual) {
      let newton = solved.map { -$0 }
      profile.solve += watch.lap()
      if newton.allSatisfy(\.isFinite), searchLine(along: newton, slope: meritSlope) { return }
    }
    let steepest = meritSlope.map { -$0 }
    if searchLine(along: steepest, slope: meritSlope) { return }
    throw error(.lineSearchFailed)
  }

  /// The solution with its kind by the sparse second-order test (no curvatures).
  func classified(_ sparse: SparseKKT<Scalar>) -> LagrangeSolution<Scalar> {
    let x = Array(z[..<n])
    let k = sparse.kktMatrix(at: z).matrix
    var profile = self.profile
    profile.kktEntries = sparse.entryCount
    profile.colorCount = sparse.colorCount
    // A Hessian with ∞ or NaN at the solution certifies nothing: the Cholesky tests would
    // fail on it and read as a saddle.
    let kind =
      k.values.allSatisfy(\.isFinite)
      ? SparseSecondOrderTest(kkt: k, n: n, m: m).kind(zero: Double(Scalar.ulpOfOne.squareRoot()))
      : .undetermined
    return LagrangeSolution(
      x: x, multipliers: Array(z[n...]), value: lagrangian.objective(x), iterations: iterations,
      residual: norm(residual), kind: kind, curvatures: [], profile: profile)
  }
}

/// The second-order conditions at a KKT point from H and J in sparse form, by Cholesky
/// factorisations of H + ρJᵀJ (Debreu): see the top of this file.
struct SparseSecondOrderTest {
  let n: Int
  let m: Int
  /// H's upper triangle and J, in Double.
  let h: SparseMatrix<Double>
  let j: SparseMatrix<Double>
  /// max(1, max |Hᵢⱼ|), the dense test's scale.
  let scale: Double

  init<Scalar: TensorScalar>(kkt k: SparseMatrix<Scalar>, n: Int, m: Int) {
    self.n = n
    self.m = m
    var hEntries: [(row: Int, column: Int)] = []
    var hValues: [Double] = []
    var jEntries: [(row: Int, column: Int)] = []
    var jValues: [Double] = []
    var largest = 0.0
    for c in 0..<n {
      for p in k.pattern.columnStarts[c]..<k.pattern.columnStarts[c + 1] {
        let r = k.pattern.rowIndices[p]
        let value = Double(k.values[p])
        if r < n {
          largest = Swift.max(largest, value.magnitude)
          if r <= c {
            hEntries.append((r, c))
            hValues.append(value)
          }
        } else {
          jEntries.append((r - n, c))
          jValues.append(-value)
        }
      }
    }
    // Entries arrive column by column with rows increasing: already in CSC order.
    h = SparseMatrix(
      pattern: SparsityPattern(rowCount: n, columnCount: n, entries: hEntries), values: hValues)
    j = SparseMatrix(
      pattern: SparsityPattern(rowCount: m, columnCount: n, entries: jEntries), values: jValues)
    scale = Swift.max(1, largest)
  }

  /// The kind, with `zero` the relative threshold below which a curvature counts as zero
  /// (√ε of the solver's scalar, as on the dense path).
  func kind(zero: Double) -> StationaryPointKind {
    if m == n, !SparseLU(j).isSingular { return .isolated }
    let delta = zero * scale
    let augmented = AugmentedHessian(h: h, j: j)
    if augmented.certifiesDefinite(sign: 1, margin: delta) { return .minimum }
    if augmented.certifiesDefinite(sign: -1, margin: delta) { return .maximum }
    guard m == 0 else { return .undetermined }
    // No constraints: the curvatures are H's eigenvalues. Neither certified above, so some
    // eigenvalue is ≤ 3δ and some ≥ −3δ (the tests' margin and error bound); H + δI not
    // positive definite means one is ≤ −δ (to rounding), and −H + δI likewise one ≥ δ.
    let negative = !augmented.isDefinite(sign: 1, rho: 0, shift: delta)
    let positive = !augmented.isDefinite(sign: -1, rho: 0, shift: delta)
    return negative && positive ? .saddle : .degenerate
  }
}

/// s·H + ρJᵀJ in the upper triangle, with the bounds on its rounding.
struct AugmentedHessian {
  let pattern: SparsityPattern
  /// H's value at each entry of `pattern` (0 where only JᵀJ has one).
  let hValues: [Double]
  /// JᵀJ's value at each entry (0 where only H has one).
  let jtjValues: [Double]
  /// Σⱼ |Hᵢⱼ| and Σⱼ (|J|ᵀ|J|)ᵢⱼ over whole rows (both triangles): the ∞-norms of |H| and
  /// |J|ᵀ|J| row by row, for the bound on the rounding of forming s·H + ρJᵀJ.
  let hRowSums: [Double]
  let jtjRowSums: [Double]
  /// The most terms in one entry of JᵀJ: the most constraints any one variable enters.
  let termCount: Int

  init(h: SparseMatrix<Double>, j: SparseMatrix<Double>) {
    let n = h.columnCount
    // Rows of J, to form JᵀJ column by column (Gustavson): column c of JᵀJ is
    // Σ over the constraints r in column c of J of J[r, c]·(row r of J).
    let jRows = j.transposed
    var accumulated = [Double](repeating: 0, count: n)
    var magnitudes = [Double](repeating: 0, count: n)
    var marked = [Int](repeating: -1, count: n)
    var touched: [Int] = []
    var starts = [0]
    var rows: [Int] = []
    var hPart: [Double] = []
    var jPart: [Double] = []
    var hRowSums = [Double](repeating: 0, count: n)
    var jtjRowSums = [Double](repeating: 0, count: n)
    var termCount = 0
    for c in 0..<n {
      touched.removeAll(keepingCapacity: true)
      let constraints = j.pattern.columnStarts[c]..<j.pattern.columnStarts[c + 1]
      termCount = Swift.max(termCount, constraints.count)
      for p in constraints {
        let r = j.pattern.rowIndices[p]
        for q in jRows.pattern.columnStarts[r]..<jRows.pattern.columnStarts[r + 1] {
          let i = jRows.pattern.rowIndices[q]
          if marked[i] != c {
            marked[i] = c
            accumulated[i] = 0
            magnitudes[i] = 0
            touched.append(i)
          }
          accumulated[i] += j.values[p] * jRows.values[q]
          magnitudes[i] += (j.values[p] * jRows.values[q]).magnitude
        }
      }
      var hColumn: [Int: Double] = [:]
      for p in h.pattern.columnStarts[c]..<h.pattern.columnStarts[c + 1] {
        hColumn[h.pattern.rowIndices[p]] = h.values[p]
      }
      var column = Set(touched.filter { $0 <= c })
      column.formUnion(hColumn.keys)
      for i in column.sorted() {
        rows.append(i)
        let hv = hColumn[i] ?? 0
        let jv = marked[i] == c ? accumulated[i] : 0
        hPart.append(hv)
        jPart.append(jv)
        let jMagnitude = marked[i] == c ? magnitudes[i] : 0
        // Row sums over the whole symmetric matrix: an upper entry (i, c), i < c, also
        // stands for (c, i).
        hRowSums[i] += hv.magnitude
        jtjRowSums[i] += jMagnitude
        if i != c {
          hRowSums[c] += hv.magnitude
          jtjRowSums[c] += jMagnitude
        }
      }
      starts.append(rows.count)
    }
    pattern = SparsityPattern(unchecked: n, n, starts, rows)
    hValues = hPart
    jtjValues = jPart
    self.hRowSums = hRowSums
    self.jtjRowSums = jtjRowSums
    self.termCount = termCount
  }

  /// ρ₀ = ‖H‖∞/‖JᵀJ‖∞ (bounds through |H| and |J|ᵀ|J|), where ρJᵀJ starts to weigh as
  /// much as H; nil without constraints.
  var rhoStart: Double? {
    let jtj = jtjRowSums.max() ?? 0
    guard jtj > 0 else { return nil }
    return Swift.max(hRowSums.max() ?? 0, Double.leastNormalMagnitude) / jtj
  }

  /// Whether s·H + ρJᵀJ − 2·margin·I is positive definite with an error bound ≤ margin,
  /// for ρ = 0 or some ρ = ρ₀·10ᵏ: that proves vᵀ(s·H)v > margin·‖v‖² whenever Jv = 0.
  func certifiesDefinite(sign: Double, margin: Double) -> Bool {
    var rho = 0.0
    var next = rhoStart
    while true {
      let (definite, forming, factoring) = attempt(sign: sign, rho: rho, shift: -2 * margin)
      if definite && forming + factoring <= margin { return true }
      // The error of forming the matrix grows with ρ, and so does a successful
      // factorisation's (its bound exceeds γ·max aᵢᵢ, which grows with ρ): once it passes
      // the margin no larger ρ can certify. Twenty decades past ρ₀ is far beyond that.
      guard forming <= margin, let step = next, step <= (rhoStart ?? 0) * 1e20 else { return false }
      rho = step
      next = step * 10
    }
  }

  /// Whether s·H + ρJᵀJ + shift·I passes Cholesky (no certification).
  func isDefinite(sign: Double, rho: Double, shift: Double) -> Bool {
    attempt(sign: sign, rho: rho, shift: shift).definite
  }

  /// One Cholesky attempt on s·H + ρJᵀJ + shift·I, with bounds on the 2-norm of the
  /// error between that matrix and the one whose factorisation was computed: forming each
  /// entry (at most `termCount` products summed, scaled by ρ, added to s·Hᵢⱼ, the shift
  /// added by CHOLMOD) errs by at most γ_{t+3}·(|Hᵢⱼ| + ρ(|J|ᵀ|J|)ᵢⱼ + |shift|), whose
  /// ∞-norm bounds the 2-norm of that symmetric error; then the Cholesky bound of
  /// ``SparseCholesky/Outcome`` (infinite when the factorisation failed).
  func attempt(sign: Double, rho: Double, shift: Double) -> (definite: Bool, forming: Double, factoring: Double) {
    let values = zip(hValues, jtjValues).map { sign * $0 + rho * $1 }
    let outcome = SparseCholesky.factor(SparseMatrix(pattern: pattern, values: values), shift: shift)
    let t = Double(termCount + 3) * Double.ulpOfOne
    let gamma = t / (1 - t)
    let rowSum = zip(hRowSums, jtjRowSums).map { $0 + rho * $1 }.max() ?? 0
    let forming = gamma * (rowSum + shift.magnitude)
    return (outcome.isPositiveDefinite, forming, outcome.backwardErrorBound)
  }
}
