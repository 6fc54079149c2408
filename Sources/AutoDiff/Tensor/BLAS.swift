import COpenBLAS

// The only file that calls BLAS. Row-major throughout; transposes are passed as flags to
// gemm rather than materialised.

/// `Double` is a ``TensorScalar``: `Tensor<Double>` multiplies matrices with OpenBLAS's
/// `cblas_dgemm`.
extension Double: TensorScalar {
  public static func _gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb), beta, c,
      blasInt(ldc))
  }
}

/// `Float` is a ``TensorScalar``: `Tensor<Float>` multiplies matrices with OpenBLAS's
/// `cblas_sgemm`.
extension Float: TensorScalar {
  public static func _gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb), beta, c,
      blasInt(ldc))
  }
}

/// BLAS takes 32-bit sizes; a dimension beyond that is refused rather than truncated.
private func blasInt(_ value: Int) -> blasint {
  guard let converted = blasint(exactly: value) else {
    stopMisuse("BLAS: dimension \(value) does not fit BLAS's \(blasint.self)")
  }
  return converted
}
