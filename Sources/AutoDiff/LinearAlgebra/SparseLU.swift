import CSuiteSparse

// The only file that calls UMFPACK (SuiteSparse's unsymmetric multifrontal LU, Davis 2004).
// UMFPACK takes a matrix in compressed sparse column form with 64-bit indices
// (umfpack_dl_*: SuiteSparse_long is `long`, Swift's Int on 64-bit Linux) — exactly the
// arrays of ``SparsityPattern`` — so the pattern is passed without copying.
//
// UMFPACK works in double precision only. A Float matrix is converted to Double, factored
// and solved there, and the solution rounded back to Float: never less accurate than a
// Float factorisation would be, at twice the memory for the factors.

/// The LU factorisation P·R⁻¹·A·Q = L·U of a square sparse matrix, by UMFPACK, kept for
/// solves.
///
/// UMFPACK chooses the row and column orderings (P, Q) to keep L and U sparse and the
/// pivots large, and scales the rows (R). The factorisation is split as UMFPACK splits it:
/// a symbolic analysis of the pattern, done once, and a numeric factorisation of the
/// values; ``refactor(values:)`` factors new values on the same pattern without analysing
/// it again, as a Newton iteration needs.
///
/// A matrix with a zero pivot is reported, not solved: ``isSingular`` is true and
/// ``solve(_:)`` returns nil (UMFPACK's `UMFPACK_WARNING_singular_matrix`; its solve would
/// divide by zero). A matrix that is nearly singular is solved; ``reciprocalCondition``
/// says how nearly.
///
/// ```swift
/// let a = SparseMatrix([[4.0, 1, 0], [1, 3, 1], [0, 1, 2]])
/// let lu = SparseLU(a)
/// lu.solve([6.0, 10, 8])       // [1, 2, 3]
/// ```
///
/// The object owns UMFPACK's symbolic and numeric objects and frees them when it goes
/// away; it is not `Sendable` (``refactor(values:)`` replaces them).
///
/// - Complexity: analysis and factorisation depend on the fill-in of L and U, which the
///   orderings keep small for banded, block and KKT-shaped matrices (about n times the
///   bandwidth for a band); a solve costs the number of entries of L and U.
public final class SparseLU {
  /// The number of rows and columns n.
  public let order: Int
  /// The matrix's pattern (UMFPACK reads its arrays at every solve, for iterative
  /// refinement).
  public let pattern: SparsityPattern
  /// The values of the matrix now factored, aligned with `pattern.rowIndices`.
  private var values: [Double]
  /// UMFPACK's symbolic analysis of `pattern`; nil only for n = 0.
  private var symbolic: UnsafeMutableRawPointer?
  /// UMFPACK's numeric factorisation of `values`; nil only for n = 0.
  private var numeric: UnsafeMutableRawPointer?
  /// Whether U has a zero on its diagonal (numerically or structurally).
  public private(set) var isSingular = false
  /// UMFPACK's estimate of the reciprocal condition number, min |Uᵢᵢ| / max |Uᵢᵢ|: 0 when
  /// singular, near 1 when well conditioned. A cheap, rough indicator, not a bound.
  public private(set) var reciprocalCondition: Double = 1

  /// Analyses and factors the square matrix `a`.
  public convenience init<Scalar: TensorScalar>(_ a: SparseMatrix<Scalar>) {
    require(
      a.rowCount == a.columnCount,
      "SparseLU: expects a square matrix, got \(a.rowCount) × \(a.columnCount)")
    self.init(pattern: a.pattern, values: a.values.map { Double($0) })
  }

  init(pattern: SparsityPattern, values: [Double]) {
    order = pattern.columnCount
    self.pattern = pattern
    self.values = values
    guard order > 0 else { return }
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    let status = pattern.columnStarts.withUnsafeBufferPointer { p in
      pattern.rowIndices.withUnsafeBufferPointer { i in
        values.withUnsafeBufferPointer { x in
          umfpack_dl_symbolic(order, order, p.baseAddress, i.baseAddress, x.baseAddress, &symbolic, nil, &info)
        }
      }
    }
    require(status == Int(UMFPACK_OK), "SparseLU: UMFPACK's symbolic analysis failed: \(describe(status))")
    factor()
  }

  deinit {
    if numeric != nil { umfpack_dl_free_numeric(&numeric) }
    if symbolic != nil { umfpack_dl_free_symbolic(&symbolic) }
  }

  /// Factors new values on the same pattern, reusing the symbolic analysis.
  public func refactor<Scalar: TensorScalar>(values newValues: [Scalar]) {
    require(
      newValues.count == pattern.nonzeroCount,
      "SparseLU.refactor(values:): \(newValues.count) values for a pattern of "
        + "\(pattern.nonzeroCount) entries")
    values = newValues.map { Double($0) }
    guard order > 0 else { return }
    umfpack_dl_free_numeric(&numeric)
    factor()
  }

  /// The numeric factorisation of `values` into `numeric`, with its singularity and
  /// condition estimate.
  private func factor() {
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    let status = pattern.columnStarts.withUnsafeBufferPointer { p in
      pattern.rowIndices.withUnsafeBufferPointer { i in
        values.withUnsafeBufferPointer { x in
          umfpack_dl_numeric(p.baseAddress, i.baseAddress, x.baseAddress, symbolic, &numeric, nil, &info)
        }
      }
    }
    require(
      status == Int(UMFPACK_OK) || status == Int(UMFPACK_WARNING_singular_matrix),
      "SparseLU: UMFPACK's numeric factorisation failed: \(describe(status))")
    isSingular = status == Int(UMFPACK_WARNING_singular_matrix)
    reciprocalCondition = isSingular ? 0 : info[Int(UMFPACK_RCOND)]
  }

  /// x with A·x = b, or nil when A is singular.
  ///
  /// UMFPACK refines the solution iteratively (up to two steps, its default) when that
  /// lowers the residual. For `Float` the solve runs in `Double` and rounds at the end.
  public func solve<Scalar: TensorScalar>(_ b: [Scalar]) -> [Scalar]? {
    require(
      b.count == order,
      "SparseLU.solve: the right-hand side has \(b.count) entries for order \(order)")
    guard !isSingular else { return nil }
    guard order > 0 else { return [] }
    let rhs = b.map { Double($0) }
    var x = [Double](repeating: 0, count: order)
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    let status = pattern.columnStarts.withUnsafeBufferPointer { p in
      pattern.rowIndices.withUnsafeBufferPointer { i in
        values.withUnsafeBufferPointer { a in
          x.withUnsafeMutableBufferPointer { px in
            umfpack_dl_solve(
              Int(UMFPACK_A), p.baseAddress, i.baseAddress, a.baseAddress, px.baseAddress, rhs,
              numeric, nil, &info)
          }
        }
      }
    }
    // The numeric factorisation already said whether U is singular; a singular warning
    // here would contradict it.
    require(status == Int(UMFPACK_OK), "SparseLU.solve: UMFPACK's solve failed: \(describe(status))")
    return x.map { Scalar($0) }
  }
}

/// UMFPACK's status codes in words (umfpack.h).
private func describe(_ status: Int) -> String {
  switch Int32(truncatingIfNeeded: status) {
  case UMFPACK_WARNING_singular_matrix: "the matrix is singular"
  case UMFPACK_ERROR_out_of_memory: "out of memory"
  case UMFPACK_ERROR_invalid_matrix: "invalid matrix (internal error: the pattern was checked)"
  case UMFPACK_ERROR_different_pattern: "the pattern changed (internal error)"
  default: "status \(status) (internal error)"
  }
}
