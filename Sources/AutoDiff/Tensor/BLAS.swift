import COpenBLAS

// The only file that calls BLAS. Row-major throughout; transposes are passed as flags to
// gemm rather than materialised, and a product with one row or one column goes to gemv.

/// `Double` is a ``TensorScalar``: `Tensor<Double>` multiplies matrices with OpenBLAS's
/// `cblas_dgemm` (`cblas_dgemv` for a matrix and a vector).
extension Double: TensorScalar {
  public static func _gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    blasProduct(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
      b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, gemm: cblas_dgemm, gemv: cblas_dgemv)
  }
}

/// `Float` is a ``TensorScalar``: `Tensor<Float>` multiplies matrices with OpenBLAS's
/// `cblas_sgemm` (`cblas_sgemv` for a matrix and a vector).
extension Float: TensorScalar {
  public static func _gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    blasProduct(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
      b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, gemm: cblas_sgemm, gemv: cblas_sgemv)
  }
}

/// C ← α·op(A)·op(B) + β·C through one precision's gemm, or its gemv when C is one row or
/// one column (``MatrixVectorProduct``).
@inline(__always)
private func blasProduct<S: BinaryFloatingPoint>(
  transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
  alpha: S, a: UnsafePointer<S>, lda: Int, b: UnsafePointer<S>, ldb: Int,
  beta: S, c: UnsafeMutablePointer<S>, ldc: Int,
  gemm: (
    CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, S, UnsafePointer<S>?, blasint,
    UnsafePointer<S>?, blasint, S, UnsafeMutablePointer<S>?, blasint
  ) -> Void,
  gemv: (
    CBLAS_ORDER, CBLAS_TRANSPOSE, blasint, blasint, S, UnsafePointer<S>?, blasint, UnsafePointer<S>?, blasint, S,
    UnsafeMutablePointer<S>?, blasint
  ) -> Void
) {
  if let v = MatrixVectorProduct(
    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc)
  {
    v.clearIfOverwritten(c, beta: beta)
    let (matrix, vector) = v.matrixIsA ? (a, b) : (b, a)
    gemv(
      CblasRowMajor, v.transposed ? CblasTrans : CblasNoTrans, blasInt(v.rows), blasInt(v.columns), alpha,
      matrix, blasInt(v.leadingDimension), vector, blasInt(v.xStride), beta, c, blasInt(v.yStride))
    return
  }
  gemm(
    CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
    blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb), beta, c, blasInt(ldc))
}

/// A gemm whose result is one column (n = 1) or one row (m = 1), as gemv's y ← α·op(M)·x
/// + β·y. gemm packs the whole matrix on every call, which on OpenBLAS 0.3.21's Zen kernels
/// costs four times the product itself (64×64 times a vector: 2.1 µs by dgemm, 0.5 µs by
/// dgemv); the forward passes of a matrix–vector layer make one such product per pass.
private struct MatrixVectorProduct {
  /// Whether the matrix is gemm's A (n = 1: y = op(A)·b) or B (m = 1: yᵀ = aᵀ·op(B), so
  /// y = op(B)ᵀ·a).
  let matrixIsA: Bool
  /// The matrix as stored (row-major rows × columns, leading dimension) and whether gemv
  /// transposes it.
  let transposed: Bool
  let rows: Int
  let columns: Int
  let leadingDimension: Int
  /// The strides of the vector operand and of the result in their arrays.
  let xStride: Int
  let yStride: Int
  /// The result's length.
  let length: Int

  init?(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int) {
    // k = 0 stays with gemm, which then scales C by β (gemv would return untouched).
    if k == 0 { return nil }
    if n == 1 {
      // C (m×1, rows ldc apart) = op(A) (m×k) · op(B) (k×1): B is k×1 (rows ldb apart) or,
      // transposed, 1×k (contiguous).
      matrixIsA = true
      transposed = transposeA
      (rows, columns) = transposeA ? (k, m) : (m, k)
      leadingDimension = lda
      xStride = transposeB ? 1 : ldb
      yStride = ldc
      length = m
    } else if m == 1 {
      // C (1×n, contiguous) = op(A) (1×k) · op(B) (k×n): y = op(B)ᵀ·x, where x is A's k
      // elements, 1×k (contiguous) or, transposed, k×1 (rows lda apart).
      matrixIsA = false
      transposed = !transposeB
      (rows, columns) = transposeB ? (n, k) : (k, n)
      leadingDimension = ldb
      xStride = transposeA ? lda : 1
      yStride = 1
      length = n
    } else {
      return nil
    }
  }

  /// With β = 0, gemm ignores C's old contents, and so must this: y is zeroed first, since
  /// some BLAS versions scale y by β = 0 as a product (NaN · 0 is NaN) rather than
  /// overwriting it, and C may be uninitialised memory.
  func clearIfOverwritten<Scalar: BinaryFloatingPoint>(_ c: UnsafeMutablePointer<Scalar>, beta: Scalar) {
    guard beta == 0 else { return }
    for i in 0..<length { c[i * yStride] = 0 }
  }
}

/// BLAS takes 32-bit sizes; a dimension beyond that is refused rather than truncated.
private func blasInt(_ value: Int) -> blasint {
  guard let converted = blasint(exactly: value) else {
    stopMisuse("BLAS: dimension \(value) does not fit BLAS's \(blasint.self)")
  }
  return converted
}
