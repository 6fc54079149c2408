@testable import AutoDiff
import RealModule
import Testing

/// ½h Σᵢ (uᵢ² + yᵢ₊₁²) for x = (y₁, …, y_N, u₀, …, u_{N−1}), h = 5/N: the cost of the
/// discretised optimal-control problem of the Optimization article
/// (`Sources/AutoDiff/AutoDiff.docc/Optimization.md`).
struct ControlCost: DifferentiableScalarFunction {
  let steps: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for v in x { sum += v * v }
    return sum * (T(5) / T(steps)) / 2
  }
}

/// The explicit Euler step i of y′ = −y³ + u: yᵢ₊₁ − yᵢ − h(uᵢ − yᵢ³), with y₀ = 2.
struct EulerStep: DifferentiableScalarFunction {
  let i: Int
  let steps: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let h = T(5) / T(steps)
    let y = i == 0 ? T(2) : x[i - 1]
    return x[i] - y - h * (x[steps + i] - y * y * y)
  }
}

/// Σ sᵢ·xᵢ² with signs sᵢ = ±1 from `negative` (indices with −1).
struct SignedSquares: DifferentiableScalarFunction {
  let negative: Set<Int>
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for (i, v) in x.enumerated() { sum += negative.contains(i) ? -(v * v) : v * v }
    return sum
  }
}

/// x₀⁴ + Σᵢ₌₁ xᵢ²: at 0 its Hessian has a zero eigenvalue.
struct QuarticFirst: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum = x[0] * x[0] * x[0] * x[0]
    for v in x.dropFirst() { sum += v * v }
    return sum
  }
}

/// Σ xᵢ (scaled by `scale`).
struct ScaledSum: DifferentiableScalarFunction {
  var scale = 1
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x.reduce(0, +) * T(scale) }
}

/// Σ xᵢ − `total`: one linear constraint touching every variable.
struct Total: DifferentiableScalarFunction {
  let total: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x.reduce(0, +) - T(total) }
}

/// ‖x‖² − r².
struct SquaredRadius: DifferentiableScalarFunction {
  let radiusSquared: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x.reduce(0) { $0 + $1 * $1 } - T(radiusSquared)
  }
}

/// xᵢ − i: pins variable i.
struct Pin: DifferentiableScalarFunction {
  let i: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[i] - T(i) }
}

/// Σ (xᵢ − 1)² + Σ [xᵢ > 0]·xᵢ²·xᵢ₊₁/10: the coupling of xᵢ and xᵢ₊₁ exists only where
/// xᵢ > 0 (a C¹ branch), so the Hessian's pattern at a negative start lacks the entries it
/// has at the solution near x = 1.
struct BranchCoupled: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for i in x.indices {
      sum += (x[i] - 1) * (x[i] - 1)
      if i + 1 < x.count, x[i] > 0 { sum += x[i] * x[i] * x[i + 1] / 10 }
    }
    return sum
  }
}

/// The sparse path of the Lagrange solver and the SuiteSparse factorisations under it.
@Suite("Sparse Lagrange–Newton: UMFPACK, CHOLMOD and the sparse KKT solve")
struct SparseLagrangeTests {
  // MARK: The optimal-control problem

  /// ∇L for L = f − Σλᵢgᵢ of the control problem, written out by hand (no AD):
  /// ∂L/∂uᵢ = h(uᵢ + λᵢ); ∂L/∂yₖ = h·yₖ − λₖ₋₁ + λₖ(1 − 3h·yₖ²), λ_N = 0; and −gᵢ.
  static func handWrittenResidual(x: [Double], multipliers λ: [Double], steps: Int) -> [Double] {
    let h = 5 / Double(steps)
    let y = { (k: Int) -> Double in k == 0 ? 2 : x[k - 1] }
    var r: [Double] = []
    for k in 1...steps {
      let next = k < steps ? λ[k] * (1 - 3 * h * y(k) * y(k)) : 0
      r.append(h * y(k) - λ[k - 1] + next)
    }
    for i in 0..<steps { r.append(h * (x[steps + i] + λ[i])) }
    for i in 0..<steps {
      let u = x[steps + i]
      r.append(-(y(i + 1) - y(i) - h * (u - y(i) * y(i) * y(i))))
    }
    return r
  }

  @Test("Optimal control, N = 200 (400 variables, 200 constraints): sparse path, checked by hand")
  func optimalControl() throws {
    let steps = 200
    let constraints: [any DifferentiableScalarFunction] = (0..<steps).map { EulerStep(i: $0, steps: steps) }
    let start = [Double](repeating: 0, count: 2 * steps)
    let solution = try minimize(ControlCost(steps: steps), subjectTo: constraints, from: start)
    #expect(solution.profile.kktSolver == .sparse)  // n + m = 600 ≥ 200
    #expect(solution.kind == .minimum)
    #expect(solution.curvatures.isEmpty)
    #expect(solution.residual <= 1e-10)
    let r = Self.handWrittenResidual(x: solution.x, multipliers: solution.multipliers, steps: steps)
    // The solver's residual is ≤ 1e-10 (its default tolerance); the hand-written one sums
    // the same terms in another order, each of size ≤ 10 (|y| ≤ 2, h·|λ|·3y² ≤ 1), so the
    // two differ by a few ulp per entry: 1e-9 leaves ample room.
    let handNorm = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
    #expect(handNorm <= 1e-9, "hand-written ‖∇L‖ = \(handNorm)")
    // u = −λ, the first block of conditions, holds to rounding.
    for i in 0..<steps {
      #expect((solution.x[steps + i] + solution.multipliers[i]).magnitude <= 1e-9)
    }
  }

  @Test("Sparse and dense paths agree on the optimal-control problem (N = 40)")
  func sparseAgreesWithDense() throws {
    let steps = 40
    let constraints: [any DifferentiableScalarFunction] = (0..<steps).map { EulerStep(i: $0, steps: steps) }
    let start = [Double](repeating: 0, count: 2 * steps)
    let sparse = try minimize(ControlCost(steps: steps), subjectTo: constraints, from: start, kktSolver: .sparse)
    let dense = try minimize(ControlCost(steps: steps), subjectTo: constraints, from: start, kktSolver: .dense)
    #expect(sparse.profile.kktSolver == .sparse)
    #expect(dense.profile.kktSolver == .dense)
    #expect(sparse.kind == dense.kind)
    #expect(sparse.iterations == dense.iterations)
    // Both converge quadratically to ‖∇L‖ ≤ 1e-10 at the same solution, which is well
    // conditioned (the dense curvatures are ≥ h/2): the points agree to ~1e-10.
    for (a, b) in zip(sparse.x + sparse.multipliers, dense.x + dense.multipliers) {
      #expect((a - b).magnitude <= 1e-9)
    }
  }

  @Test("Float: the control problem (N = 100) on the sparse path, to Float's tolerance")
  func floatControl() throws {
    let steps = 100
    let constraints: [any DifferentiableScalarFunction] = (0..<steps).map { EulerStep(i: $0, steps: steps) }
    let start = [Float](repeating: 0, count: 2 * steps)
    let solution = try minimize(ControlCost(steps: steps), subjectTo: constraints, from: start, kktSolver: .sparse)
    let reference = try minimize(
      ControlCost(steps: steps), subjectTo: constraints, from: start.map { Double($0) }, kktSolver: .sparse)
    #expect(solution.kind == .minimum)
    #expect(solution.residual <= 100 * Float.ulpOfOne)
    // Float's solution differs from Double's by its conditioning times Float's rounding:
    // the multipliers are O(1) and the KKT matrix well conditioned here, so 1e-4 is ample
    // (about 1000 ulp of Float).
    for (a, b) in zip(solution.x + solution.multipliers, reference.x + reference.multipliers) {
      #expect((Double(a) - b).magnitude <= 1e-4)
    }
  }

  // MARK: The path taken and the second-order test

  @Test("automatic: dense below n + m = 200, sparse from there on")
  func automaticThreshold() throws {
    let small = try minimize(ScaledSum(), subjectTo: [SquaredRadius(radiusSquared: 199)], from: [Double](repeating: -0.5, count: 198))
    #expect(small.profile.kktSolver == .dense)  // 198 + 1 = 199
    #expect(!small.curvatures.isEmpty)
    let large = try minimize(ScaledSum(), subjectTo: [SquaredRadius(radiusSquared: 199)], from: [Double](repeating: -0.5, count: 199))
    #expect(large.profile.kktSolver == .sparse)  // 199 + 1 = 200
    #expect(large.curvatures.isEmpty)
    #expect(large.kind == .minimum)
    // x = −1 in every coordinate, λ = −1/2 (∇Σx = 1 = λ·2x).
    #expect(large.x.allSatisfy { ($0 + 1).magnitude <= 1e-12 })
    #expect((large.multipliers[0] + 0.5).magnitude <= 1e-12)
  }

  @Test("Kinds with constraints: certified minimum and maximum, isolated; a saddle is undetermined, not mislabelled")
  func constrainedKinds() throws {
    let n = 300
    let start = (0..<n).map { 0.5 + Double($0 % 7) / 20 }
    let maximum = try maximize(ScaledSum(), subjectTo: [SquaredRadius(radiusSquared: n)], from: start)
    #expect(maximum.profile.kktSolver == .sparse)
    #expect(maximum.kind == .maximum)
    let minimum = try minimize(ScaledSum(), subjectTo: [SquaredRadius(radiusSquared: n)], from: start.map { -$0 })
    #expect(minimum.kind == .minimum)
    // minimize refuses the maximum it finds from the positive start, as on the dense path.
    #expect(throws: LagrangeError<Double>.self) {
      _ = try minimize(ScaledSum(), subjectTo: [SquaredRadius(radiusSquared: n)], from: start)
    }

    // x₀² − x₁² + Σ xᵢ² on Σx = 0: curvatures of both signs along the plane. The dense
    // path sees the saddle; the sparse test cannot certify one and says so.
    let saddle = SignedSquares(negative: [1])
    let sparse = try stationaryPoint(of: saddle, subjectTo: [Total(total: 0)], from: start, kktSolver: .sparse)
    let dense = try stationaryPoint(of: saddle, subjectTo: [Total(total: 0)], from: start, kktSolver: .dense)
    #expect(dense.kind == .saddle)
    #expect(sparse.kind == .undetermined)
    #expect(sparse.residual <= 1e-10)

    // n constraints pinning every variable: no direction is left.
    let pins: [any DifferentiableScalarFunction] = (0..<150).map { Pin(i: $0) }
    let isolated = try minimize(ScaledSum(), subjectTo: pins, from: [Double](repeating: 0, count: 150))
    #expect(isolated.profile.kktSolver == .sparse)
    #expect(isolated.kind == .isolated)
    #expect(isolated.x == (0..<150).map { Double($0) })
  }

  @Test("Kinds without constraints: the four Cholesky tests decide, as the dense eigenvalues do")
  func unconstrainedKinds() throws {
    let n = 250
    let start = (0..<n).map { 1 + Double($0 % 5) / 10 }
    let cases: [(SignedSquares, StationaryPointKind)] = [
      (SignedSquares(negative: []), .minimum),
      (SignedSquares(negative: Set(0..<n)), .maximum),
      (SignedSquares(negative: [3, 77]), .saddle),
    ]
    for (f, kind) in cases {
      let sparse = try stationaryPoint(of: f, subjectTo: [], from: start, kktSolver: .sparse)
      let dense = try stationaryPoint(of: f, subjectTo: [], from: start, kktSolver: .dense)
      #expect(sparse.kind == kind)
      #expect(dense.kind == kind)
    }
    // From x₀ = 0 exactly, x₀ stays 0 and the curvature along it is 0.
    let flat = [0] + start.dropFirst()
    let sparse = try stationaryPoint(of: QuarticFirst(), subjectTo: [], from: flat, kktSolver: .sparse)
    let dense = try stationaryPoint(of: QuarticFirst(), subjectTo: [], from: flat, kktSolver: .dense)
    #expect(sparse.kind == .degenerate)
    #expect(dense.kind == .degenerate)
  }

  @Test("A pattern that changes between iterates (a branch) is detected afresh at each one")
  func changingPattern() throws {
    let n = 250
    let start = [Double](repeating: -1, count: n)
    let constraint: [any DifferentiableScalarFunction] = [Total(total: 9 * n / 10)]
    let sparse = try minimize(BranchCoupled(), subjectTo: constraint, from: start, kktSolver: .sparse)
    let dense = try minimize(BranchCoupled(), subjectTo: constraint, from: start, kktSolver: .dense)
    #expect(sparse.kind == .minimum)
    #expect(sparse.x.allSatisfy { $0 > 0 })  // every coupling is active at the solution
    // The same Newton iterates up to rounding, converged to ‖∇L‖ ≤ 1e-10 on a well-
    // conditioned problem (H ≈ 2I): the solutions agree to ~1e-10.
    for (a, b) in zip(sparse.x + sparse.multipliers, dense.x + dense.multipliers) {
      #expect((a - b).magnitude <= 1e-9)
    }
  }

  // MARK: SparseLU (UMFPACK)

  /// A random n × n matrix with about `perColumn` off-diagonal entries per column in
  /// [−1, 1] and a diagonal in ±[1, 2] (so some pivots need row exchanges).
  static func randomSparse(_ n: Int, perColumn: Int, using generator: inout SeededGenerator) -> SparseMatrix<Double> {
    var entries: [(row: Int, column: Int)] = []
    var values: [Int: Double] = [:]
    for j in 0..<n {
      let diagonal = Double.random(in: 1...2, using: &generator) * (Bool.random(using: &generator) ? 1 : -1)
      entries.append((j, j))
      values[j * n + j] = diagonal
      for _ in 0..<perColumn {
        let i = Int.random(in: 0..<n, using: &generator)
        guard i != j else { continue }
        entries.append((i, j))
        values[j * n + i] = Double.random(in: -1...1, using: &generator)
      }
    }
    let pattern = SparsityPattern(rowCount: n, columnCount: n, entries: entries)
    return SparseMatrix(pattern: pattern, values: pattern.entries.map { values[$0.column * n + $0.row]! })
  }

  @Test("Solves random sparse systems to a residual of a few ulp times ‖A‖‖x‖", arguments: [1, 7, 60, 400])
  func solvesRandomSystems(n: Int) {
    var generator = SeededGenerator(stream: n)
    let a = Self.randomSparse(n, perColumn: 3, using: &generator)
    let b = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
    let lu = SparseLU(a)
    #expect(!lu.isSingular)
    let x = lu.solve(b)!
    let r = zip(a.multiplied(by: x), b).map { $0 - $1 }
    let scale = a.values.map(\.magnitude).reduce(0, +) * (x.map(\.magnitude).max() ?? 0)
    // A backward-stable LU with refinement leaves ‖Ax − b‖∞ ≤ c·ε·‖A‖·‖x‖; the sum of |aᵢⱼ|
    // over all entries bounds ‖A‖∞, so this bound holds with c = 16 and room to spare.
    #expect(r.map(\.magnitude).max()! <= 16 * Double.ulpOfOne * scale, "\(generator.seedDescription)")
  }

  @Test("A small system against its known solution")
  func knownSolution() {
    let a = SparseMatrix([[4.0, 1, 0], [1, 3, 1], [0, 1, 2]])
    let x = SparseLU(a).solve([6.0, 10, 8])!
    // Exact: x = (1, 2, 3); a few roundings in elimination and refinement.
    for (computed, exact) in zip(x, [1.0, 2, 3]) {
      #expect((computed - exact).magnitude <= 4 * Double.ulpOfOne)
    }
  }

  @Test("Singular matrices are reported, not solved: structurally and numerically")
  func singular() {
    let zeroColumn = SparseMatrix(
      pattern: SparsityPattern(rowCount: 3, columnCount: 3, entries: [(0, 0), (1, 1), (2, 1)]),
      values: [1.0, 2, 3])
    let structural = SparseLU(zeroColumn)
    #expect(structural.isSingular)
    #expect(structural.reciprocalCondition == 0)
    #expect(structural.solve([1.0, 1, 1]) == nil)

    // Rows 0 and 1 equal: singular in exact arithmetic and, with these small integers,
    // exactly singular in floating point too.
    let numerical = SparseLU(SparseMatrix([[1.0, 2, 0], [1, 2, 0], [0, 1, 1]]))
    #expect(numerical.isSingular)
    #expect(numerical.solve([1.0, 1, 1]) == nil)
  }

  @Test("refactor(values:) factors new values on the same pattern")
  func refactor() {
    var generator = SeededGenerator(stream: 17)
    let a = Self.randomSparse(50, perColumn: 2, using: &generator)
    let lu = SparseLU(a)
    let b = [Double](repeating: 1, count: 50)
    // Singular on the same pattern: every value zero.
    lu.refactor(values: [Double](repeating: 0, count: a.values.count))
    #expect(lu.isSingular)
    #expect(lu.solve(b) == nil)
    let scaled = a.values.map { 2 * $0 }
    lu.refactor(values: scaled)
    #expect(!lu.isSingular)
    let x = lu.solve(b)!
    let expected = SparseLU(a).solve(b)!.map { $0 / 2 }
    // Two factorisations of matrices a power of two apart: the same pivots, scaled exactly.
    for (u, v) in zip(x, expected) { #expect((u - v).magnitude <= 1e-14 * Swift.max(1, v.magnitude)) }
  }

  @Test("Float matrices are solved in Double and rounded once")
  func float() {
    let a = SparseMatrix<Float>([[4, 1, 0], [1, 3, 1], [0, 1, 2]])
    // x = (2/9, 1/9, 13/9): solved in Double, then rounded once to the nearest Float.
    let x = SparseLU(a).solve([Float(1), 2, 3])!
    #expect(x == [Float(2.0 / 9), Float(1.0 / 9), Float(13.0 / 9)])
  }

  @Test("The empty matrix")
  func empty() {
    let lu = SparseLU(SparseMatrix<Double>(pattern: SparsityPattern(rowCount: 0, columnCount: 0, entries: []), values: []))
    #expect(!lu.isSingular)
    #expect(lu.solve([Double]()) == [])
  }

  // MARK: SparseCholesky (CHOLMOD)

  /// The n × n tridiagonal matrix with d on the diagonal and −1 beside it, whose
  /// eigenvalues are d − 2cos(kπ/(n + 1)), k = 1…n; with `diagonal: false` its diagonal is
  /// left out of the pattern.
  static func tridiagonal(_ n: Int, d: Double, diagonal: Bool = true) -> SparseMatrix<Double> {
    var entries: [(row: Int, column: Int)] = []
    for i in 0..<n {
      if diagonal { entries.append((i, i)) }
      if i > 0 { entries.append((i - 1, i)); entries.append((i, i - 1)) }
    }
    let pattern = SparsityPattern(rowCount: n, columnCount: n, entries: entries)
    return SparseMatrix(pattern: pattern, values: pattern.entries.map { $0.row == $0.column ? d : -1 })
  }

  @Test("Positive definiteness of tridiagonal matrices on either side of their smallest eigenvalue")
  func tridiagonalDefiniteness() {
    let n = 1000
    let smallest = 2 * Double.cos(Double.pi / Double(n + 1))  // d − this is λ_min
    // 1e-3 away from the boundary: far beyond Cholesky's rounding (≈ ε·‖A‖ ≈ 1e-15).
    #expect(SparseCholesky.isPositiveDefinite(Self.tridiagonal(n, d: smallest + 1e-3)))
    #expect(!SparseCholesky.isPositiveDefinite(Self.tridiagonal(n, d: smallest - 1e-3)))
    // A shift moves the boundary.
    #expect(SparseCholesky.isPositiveDefinite(Self.tridiagonal(n, d: 0), shift: smallest + 1e-3))
    #expect(!SparseCholesky.isPositiveDefinite(Self.tridiagonal(n, d: 3), shift: -1 - 1e-3 + (2 - smallest)))
    // The shift reaches a diagonal that is not in the pattern.
    #expect(SparseCholesky.isPositiveDefinite(Self.tridiagonal(n, d: 0, diagonal: false), shift: 2.01))
    #expect(!SparseCholesky.isPositiveDefinite(Self.tridiagonal(n, d: 0, diagonal: false), shift: 1.99))
    #expect(SparseCholesky.isPositiveDefinite(Self.tridiagonal(0, d: 1)))
  }

  @Test("Only the upper triangle is read")
  func upperTriangle() {
    // [[2, 1], [junk, 2]]: the upper triangle says [[2, 1], [1, 2]] (eigenvalues 1, 3).
    let a = SparseMatrix([[2.0, 1], [-100, 2]])
    #expect(SparseCholesky.isPositiveDefinite(a))
    #expect(!SparseCholesky.isPositiveDefinite(a, shift: -1.01))
  }
}
