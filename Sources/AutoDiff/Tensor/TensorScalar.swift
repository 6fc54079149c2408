import RealModule

/// A scalar type tensors can hold: `Float` or `Double`, each with its BLAS routines.
///
/// The BLAS entry points are requirements so that generic tensor code reaches the right
/// precision's routine without type tests; both conformances live in `BLAS.swift`, the
/// only file that talks to the C library.
public protocol TensorScalar: Differentiable, BinaryFloatingPoint, Sendable
where Magnitude == Self {
  /// C ← α·op(A)·op(B) + β·C for row-major A (m×k after op), B (k×n after op), C (m×n).
  static func _gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}
