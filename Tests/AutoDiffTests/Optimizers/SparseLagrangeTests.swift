@testable import AutoDiff
import RealModule
import Testing

/// The sparse path of the Lagrange solver and the SuiteSparse factorisations under it.
@Suite("Sparse Lagrange–Newton: UMFPACK, CHOLMOD and the sparse KKT solve")
struct SparseLagrangeTests {
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
