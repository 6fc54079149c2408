import RealModule

/// A scalar type tensors can hold: `Float` or `Double`, each with its BLAS routines.
///
/// The BLAS and LAPACK entry points are requirements so that generic tensor code reaches
/// the right precision's routine without type tests; the BLAS ones live in `BLAS.swift`
/// and the LAPACK ones in `LinearAlgebra/LAPACK.swift`, the only files that talk to the C
/// library.
public protocol TensorScalar: Differentiable, BinaryFloatingPoint, Sendable
where Magnitude == Self {
  /// C ← α·op(A)·op(B) + β·C for row-major A (m×k after op), B (k×n after op), C (m×n).
  static func _gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

  // LAPACK, implemented in LinearAlgebra/LAPACK.swift. Column-major, as Fortran stores
  // matrices; each returns LAPACK's `info` (0 on success).

  /// LU factorisation with partial pivoting, P·L·U, of the n×n matrix `a` in place (getrf).
  /// A positive result k means U[k, k] (1-based) is exactly zero.
  static func _getrf(n: Int, a: UnsafeMutablePointer<Self>, lda: Int, pivots: UnsafeMutablePointer<CInt>) -> Int
  /// The inverse from a getrf factorisation, in place (getri).
  static func _getri(n: Int, a: UnsafeMutablePointer<Self>, lda: Int, pivots: UnsafePointer<CInt>) -> Int
  /// Solves op(A)·X = B for `nrhs` columns of B in place, op(A) = A or Aᵀ, from a getrf
  /// factorisation (getrs).
  static func _getrs(
    transpose: Bool, n: Int, nrhs: Int, a: UnsafePointer<Self>, lda: Int, pivots: UnsafePointer<CInt>,
    b: UnsafeMutablePointer<Self>, ldb: Int) -> Int
  /// The Cholesky factor of a symmetric positive-definite matrix in place, in its upper
  /// (UᵀU) or lower (LLᵀ) triangle (potrf). A positive result k means the leading minor
  /// of order k is not positive.
  static func _potrf(upper: Bool, n: Int, a: UnsafeMutablePointer<Self>, lda: Int) -> Int
  /// Solves op(T)·X = B in place for a triangular T with a non-unit diagonal (trtrs).
  static func _trtrs(
    upper: Bool, transpose: Bool, n: Int, nrhs: Int, a: UnsafePointer<Self>, lda: Int,
    b: UnsafeMutablePointer<Self>, ldb: Int) -> Int
  /// The eigenvalues (ascending) of a symmetric matrix, and with `computingVectors` its
  /// orthonormal eigenvectors in place of `a`, one per column (syev).
  static func _syev(
    computingVectors: Bool, n: Int, a: UnsafeMutablePointer<Self>, lda: Int,
    eigenvalues: UnsafeMutablePointer<Self>) -> Int
}
