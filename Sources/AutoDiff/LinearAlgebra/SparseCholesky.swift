import CSuiteSparse

// The only file that calls CHOLMOD (SuiteSparse's sparse Cholesky, Chen, Davis, Hager and
// Rajamanickam 2008), in its 64-bit-index form (cholmod_l_*). It answers one question:
// is a symmetric sparse matrix, shifted by a multiple of the identity, positive definite?
// The Lagrange solver's second-order test for large problems asks it (see
// Optimizers/LagrangeSparseKKT.swift).

/// Positive definiteness of symmetric sparse matrices by Cholesky factorisation.
enum SparseCholesky {
  /// Whether A + shift·I is positive definite: whether its Cholesky factorisation L·Lᵀ
  /// exists in floating point.
  ///
  /// Only the upper triangle of `a` (entries with row ≤ column) is read; the matrix is
  /// taken to be symmetric. The factorisation is supernodal, so it is a true L·Lᵀ (whose
  /// every pivot must be positive), not CHOLMOD's simplicial L·D·Lᵀ, which accepts
  /// negative pivots; it stops at the first pivot that is not positive.
  ///
  /// Success proves that A + shift·I + E is positive definite for the rounding error E of
  /// Cholesky, ‖E‖₂ ≤ c·k·ε·‖A + shift·I‖₂ with k the largest column count of L (Higham,
  /// *Accuracy and Stability of Numerical Algorithms*, §10.1): callers that need A itself
  /// must leave a margin of that size in `shift`.
  static func isPositiveDefinite(_ a: SparseMatrix<Double>, shift: Double = 0) -> Bool {
    require(
      a.rowCount == a.columnCount,
      "SparseCholesky: expects a square matrix, got \(a.rowCount) × \(a.columnCount)")
    let n = a.rowCount
    guard n > 0 else { return true }
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
          require(
            factor != nil, "SparseCholesky: CHOLMOD's analysis failed, status \(common.pointee.status)")
          defer { cholmod_l_free_factor(&factor, common) }
          var beta = [shift, 0]
          _ = cholmod_l_factorize_p(&matrix, &beta, nil, 0, factor, common)
          let status = common.pointee.status
          require(
            status == CHOLMOD_OK || status == CHOLMOD_NOT_POSDEF,
            "SparseCholesky: CHOLMOD's factorisation failed, status \(status)")
          return status == CHOLMOD_OK && factor!.pointee.minor == n
        }
      }
    }
  }
}
