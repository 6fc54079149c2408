import COpenBLAS

// The only file that calls LAPACK (the Fortran entry points OpenBLAS exports). LAPACK is
// column-major; the callers in LinearAlgebra/ read a row-major buffer as the column-major
// transpose and choose `transpose`/`upper` accordingly (see Factorizations.swift).
//
// Every size goes through `lapackInt`, and every leading dimension is at least 1, as
// LAPACK requires even for empty matrices.

/// The double-precision LAPACK routines (`dgetrf`, `dgetri`, `dgetrs`, `dpotrf`, `dtrtrs`,
/// `dsyev`) that ``TensorScalar`` requires, for the linear algebra of `Tensor<Double>`.
extension Double {
  public static func _getrf(n: Int, a: UnsafeMutablePointer<Double>, lda: Int, pivots: UnsafeMutablePointer<CInt>) -> Int {
    var (m, order, ld, info) = (lapackInt(n), lapackInt(n), leading(lda), CInt(0))
    dgetrf_(&m, &order, a, &ld, pivots, &info)
    return Int(info)
  }

  public static func _getri(n: Int, a: UnsafeMutablePointer<Double>, lda: Int, pivots: UnsafePointer<CInt>) -> Int {
    var (order, ld, info, query) = (lapackInt(n), leading(lda), CInt(0), CInt(-1))
    var size = 0.0
    dgetri_(&order, a, &ld, pivots, &size, &query, &info)
    var count = workspace(size, minimum: n)
    var work = [Double](repeating: 0, count: Int(count))
    dgetri_(&order, a, &ld, pivots, &work, &count, &info)
    return Int(info)
  }

  public static func _getrs(
    transpose: Bool, n: Int, nrhs: Int, a: UnsafePointer<Double>, lda: Int, pivots: UnsafePointer<CInt>,
    b: UnsafeMutablePointer<Double>, ldb: Int
  ) -> Int {
    var (order, columns, lda, ldb, info) = (lapackInt(n), lapackInt(nrhs), leading(lda), leading(ldb), CInt(0))
    var trans = transposeFlag(transpose)
    dgetrs_(&trans, &order, &columns, a, &lda, pivots, b, &ldb, &info)
    return Int(info)
  }

  public static func _potrf(upper: Bool, n: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Int {
    var (order, ld, info) = (lapackInt(n), leading(lda), CInt(0))
    var uplo = triangleFlag(upper)
    dpotrf_(&uplo, &order, a, &ld, &info)
    return Int(info)
  }

  public static func _trtrs(
    upper: Bool, transpose: Bool, n: Int, nrhs: Int, a: UnsafePointer<Double>, lda: Int,
    b: UnsafeMutablePointer<Double>, ldb: Int
  ) -> Int {
    var (order, columns, lda, ldb, info) = (lapackInt(n), lapackInt(nrhs), leading(lda), leading(ldb), CInt(0))
    var (uplo, trans, diag) = (triangleFlag(upper), transposeFlag(transpose), nonUnitDiagonal)
    dtrtrs_(&uplo, &trans, &diag, &order, &columns, a, &lda, b, &ldb, &info, 1, 1, 1)
    return Int(info)
  }

  public static func _syev(
    computingVectors: Bool, n: Int, a: UnsafeMutablePointer<Double>, lda: Int,
    eigenvalues: UnsafeMutablePointer<Double>
  ) -> Int {
    var (order, ld, info, query) = (lapackInt(n), leading(lda), CInt(0), CInt(-1))
    var (jobz, uplo) = (vectorsFlag(computingVectors), triangleFlag(false))
    var size = 0.0
    dsyev_(&jobz, &uplo, &order, a, &ld, eigenvalues, &size, &query, &info, 1, 1)
    var count = workspace(size, minimum: 3 * n)
    var work = [Double](repeating: 0, count: Int(count))
    dsyev_(&jobz, &uplo, &order, a, &ld, eigenvalues, &work, &count, &info, 1, 1)
    return Int(info)
  }
}

/// The single-precision LAPACK routines (`sgetrf`, `sgetri`, `sgetrs`, `spotrf`, `strtrs`,
/// `ssyev`) that ``TensorScalar`` requires, for the linear algebra of `Tensor<Float>`.
extension Float {
  public static func _getrf(n: Int, a: UnsafeMutablePointer<Float>, lda: Int, pivots: UnsafeMutablePointer<CInt>) -> Int {
    var (m, order, ld, info) = (lapackInt(n), lapackInt(n), leading(lda), CInt(0))
    sgetrf_(&m, &order, a, &ld, pivots, &info)
    return Int(info)
  }

  public static func _getri(n: Int, a: UnsafeMutablePointer<Float>, lda: Int, pivots: UnsafePointer<CInt>) -> Int {
    var (order, ld, info, query) = (lapackInt(n), leading(lda), CInt(0), CInt(-1))
    var size: Float = 0
    sgetri_(&order, a, &ld, pivots, &size, &query, &info)
    var count = workspace(Double(size), minimum: n)
    var work = [Float](repeating: 0, count: Int(count))
    sgetri_(&order, a, &ld, pivots, &work, &count, &info)
    return Int(info)
  }

  public static func _getrs(
    transpose: Bool, n: Int, nrhs: Int, a: UnsafePointer<Float>, lda: Int, pivots: UnsafePointer<CInt>,
    b: UnsafeMutablePointer<Float>, ldb: Int
  ) -> Int {
    var (order, columns, lda, ldb, info) = (lapackInt(n), lapackInt(nrhs), leading(lda), leading(ldb), CInt(0))
    var trans = transposeFlag(transpose)
    sgetrs_(&trans, &order, &columns, a, &lda, pivots, b, &ldb, &info)
    return Int(info)
  }

  public static func _potrf(upper: Bool, n: Int, a: UnsafeMutablePointer<Float>, lda: Int) -> Int {
    var (order, ld, info) = (lapackInt(n), leading(lda), CInt(0))
    var uplo = triangleFlag(upper)
    spotrf_(&uplo, &order, a, &ld, &info)
    return Int(info)
  }

  public static func _trtrs(
    upper: Bool, transpose: Bool, n: Int, nrhs: Int, a: UnsafePointer<Float>, lda: Int,
    b: UnsafeMutablePointer<Float>, ldb: Int
  ) -> Int {
    var (order, columns, lda, ldb, info) = (lapackInt(n), lapackInt(nrhs), leading(lda), leading(ldb), CInt(0))
    var (uplo, trans, diag) = (triangleFlag(upper), transposeFlag(transpose), nonUnitDiagonal)
    strtrs_(&uplo, &trans, &diag, &order, &columns, a, &lda, b, &ldb, &info, 1, 1, 1)
    return Int(info)
  }

  public static func _syev(
    computingVectors: Bool, n: Int, a: UnsafeMutablePointer<Float>, lda: Int,
    eigenvalues: UnsafeMutablePointer<Float>
  ) -> Int {
    var (order, ld, info, query) = (lapackInt(n), leading(lda), CInt(0), CInt(-1))
    var (jobz, uplo) = (vectorsFlag(computingVectors), triangleFlag(false))
    var size: Float = 0
    ssyev_(&jobz, &uplo, &order, a, &ld, eigenvalues, &size, &query, &info, 1, 1)
    var count = workspace(Double(size), minimum: 3 * n)
    var work = [Float](repeating: 0, count: Int(count))
    ssyev_(&jobz, &uplo, &order, a, &ld, eigenvalues, &work, &count, &info, 1, 1)
    return Int(info)
  }
}

private let nonUnitDiagonal = CChar(UInt8(ascii: "N"))

private func transposeFlag(_ transpose: Bool) -> CChar { CChar(UInt8(ascii: transpose ? "T" : "N")) }

private func triangleFlag(_ upper: Bool) -> CChar { CChar(UInt8(ascii: upper ? "U" : "L")) }

private func vectorsFlag(_ vectors: Bool) -> CChar { CChar(UInt8(ascii: vectors ? "V" : "N")) }

/// LAPACK takes 32-bit sizes; a dimension beyond that is refused rather than truncated.
private func lapackInt(_ value: Int) -> CInt {
  guard let converted = CInt(exactly: value) else {
    stopMisuse("LAPACK: dimension \(value) does not fit LAPACK's 32-bit integer")
  }
  return converted
}

/// A leading dimension: LAPACK requires at least 1, even for an empty matrix.
private func leading(_ value: Int) -> CInt { lapackInt(Swift.max(1, value)) }

/// The workspace size a query returned (as a floating-point number), at least `minimum`.
private func workspace(_ queried: Double, minimum: Int) -> CInt {
  lapackInt(Swift.max(1, minimum, Int(queried.rounded(.up))))
}
