import CSuiteSparse

// The only file that calls CHOLMOD (SuiteSparse's sparse Cholesky, Chen, Davis, Hager and
// Rajamanickam 2008), in its 64-bit-index form (cholmod_l_*). It answers one question:
// is a symmetric sparse matrix, shifted by a multiple of the identity, positive definite?
// The Lagrange solver's second-order test for large problems asks it (see
// Optimizers/LagrangeSparseKKT.swift).

/// Positive definiteness of symmetric sparse matrices by Cholesky factorisation.
enum SparseCholesky {
  /// The outcome of one attempt at a Cholesky factorisation.
  struct Outcome {
    /// Whether the factorisation L·Lᵀ ran to completion with every pivot positive.
    let isPositiveDefinite: Bool
    /// When it did: a bound on ‖ΔA‖₂ for the matrix A + ΔA that the computed L·Lᵀ is
    /// exactly, so that A + ΔA is positive definite. Higham's componentwise result
    /// (*Accuracy and Stability of Numerical Algorithms*, 2nd ed., Theorem 10.3) with inner
    /// products of at most k terms, k the largest column count of L, gives
    /// |ΔA| ≤ γₖ₊₁·|L|·|Lᵀ|, γₖ₊₁ = (k + 1)u/(1 − (k + 1)u); a symmetric non-negative
    /// matrix has its 2-norm below its ∞-norm, so ‖ΔA‖₂ ≤ γₖ₊₁·max row sum of |L|·|Lᵀ|,
    /// computed from the factor as |L|·(|Lᵀ|·1). u is taken as ε = `Double.ulpOfOne`,
    /// twice the unit roundoff. Infinity when the factorisation failed.
    let backwardErrorBound: Double
  }

  /// Whether A + shift·I is positive definite: whether its Cholesky factorisation L·Lᵀ
  /// exists in floating point.
  ///
  /// Only the upper triangle of `a` (entries with row ≤ column) is read; the matrix is
  /// taken to be symmetric. The factorisation is supernodal, so it is a true L·Lᵀ (whose
  /// every pivot must be positive), not CHOLMOD's simplicial L·D·Lᵀ, which accepts
  /// negative pivots; it stops at the first pivot that is not positive.
  static func isPositiveDefinite(_ a: SparseMatrix<Double>, shift: Double = 0) -> Bool {
    factor(a, shift: shift).isPositiveDefinite
  }

  /// Attempts the Cholesky factorisation of A + shift·I (reading the upper triangle of
  /// `a`) and bounds its backward error; see ``Outcome``.
  static func factor(_ a: SparseMatrix<Double>, shift: Double = 0) -> Outcome {
    require(
      a.rowCount == a.columnCount,
      "SparseCholesky: expects a square matrix, got \(a.rowCount) × \(a.columnCount)")
    let n = a.rowCount
    guard n > 0 else { return Outcome(isPositiveDefinite: true, backwardErrorBound: 0) }
    let common = UnsafeMutablePointer<cholmod_common>.allocate(capacity: 1)
    defer { common.deallocate() }
    require(cholmod_l_start(common) != 0, "SparseCholesky: cholmod_l_start failed")
    defer { cholmod_l_finish(common) }
    // A matrix that is not positive definite is an answer here, not a warning to print.
    common.pointee.print = 0
    common.pointee.supernodal = CHOLMOD_SUPERNODAL
    common.pointee.quick_return_if_not_posdef = 1
    return a.pattern.columnStarts.withUnsafeBufferPointer { p in
      a.pattern.rowIndices.withUnsafeBufferPointer { i in
        a.values.withUnsafeBufferPointer { x in
          // CHOLMOD takes void pointers but does not write the matrix it factors.
          var matrix = cholmod_sparse(
            nrow: n, ncol: n, nzmax: a.values.count,
            p: UnsafeMutableRawPointer(mutating: p.baseAddress),
            i: UnsafeMutableRawPointer(mutating: i.baseAddress), nz: nil,
            x: UnsafeMutableRawPointer(mutating: x.baseAddress), z: nil,
            stype: 1, itype: CHOLMOD_LONG, xtype: CHOLMOD_REAL, dtype: CHOLMOD_DOUBLE,
            sorted: 1, packed: 1)
          var factor = cholmod_l_analyze(&matrix, common)
          guard let analysed = factor else {
            stopMisuse("SparseCholesky: CHOLMOD's analysis failed, status \(common.pointee.status)")
          }
          defer { cholmod_l_free_factor(&factor, common) }
          var beta = [shift, 0]
          _ = cholmod_l_factorize_p(&matrix, &beta, nil, 0, analysed, common)
          let status = common.pointee.status
          require(
            status == CHOLMOD_OK || status == CHOLMOD_NOT_POSDEF,
            "SparseCholesky: CHOLMOD's factorisation failed, status \(status)")
          guard status == CHOLMOD_OK && analysed.pointee.minor == n else {
            return Outcome(isPositiveDefinite: false, backwardErrorBound: .infinity)
          }
          return Outcome(isPositiveDefinite: true, backwardErrorBound: errorBound(analysed, n: n, common))
        }
      }
    }
  }

  /// γₖ₊₁·‖|L|·|Lᵀ|‖∞ for the numeric factor L (see ``Outcome/backwardErrorBound``).
  private static func errorBound(
    _ factor: UnsafeMutablePointer<cholmod_factor>, n: Int, _ common: UnsafeMutablePointer<cholmod_common>
  ) -> Double {
    // A copy of L in compressed-column form (L itself becomes symbolic, and is freed next).
    var l = cholmod_l_factor_to_sparse(factor, common)
    guard let copied = l else {
      stopMisuse("SparseCholesky: CHOLMOD could not copy the factor, status \(common.pointee.status)")
    }
    defer { cholmod_l_free_sparse(&l, common) }
    let starts = copied.pointee.p.assumingMemoryBound(to: Int.self)
    let rows = copied.pointee.i.assumingMemoryBound(to: Int.self)
    let values = copied.pointee.x.assumingMemoryBound(to: Double.self)
    // An unpacked copy has room to spare at the end of each column; nz holds the counts.
    let counts = copied.pointee.packed != 0 ? nil : copied.pointee.nz?.assumingMemoryBound(to: Int.self)
    let column = { (j: Int) in starts[j]..<(counts.map { starts[j] + $0[j] } ?? starts[j + 1]) }
    // w = |Lᵀ|·1: column sums of |L|; then v = |L|·w, the row sums of |L|·|Lᵀ|.
    var w = [Double](repeating: 0, count: n)
    var v = [Double](repeating: 0, count: n)
    var k = 0
    for j in 0..<n {
      k = Swift.max(k, column(j).count)
      for p in column(j) { w[j] += values[p].magnitude }
    }
    for j in 0..<n {
      for p in column(j) { v[rows[p]] += values[p].magnitude * w[j] }
    }
    let t = Double(k + 1) * Double.ulpOfOne
    return t / (1 - t) * (v.max() ?? 0)
  }
}
