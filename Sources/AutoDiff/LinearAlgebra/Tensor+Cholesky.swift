/// The Cholesky factor of a symmetric positive-definite matrix: the lower-triangular L
/// with a positive diagonal such that A = L·Lᵀ (LAPACK potrf).
///
/// The input is symmetrised first, A ← (A + Aᵀ)/2, as JAX does: the function is then
/// defined, and differentiable, for every entry of A, and a perturbation of Aᵢⱼ acts as
/// half a perturbation of the symmetric pair. On a symmetric matrix nothing changes.
///
/// With Φ(X) the lower triangle of X with its diagonal halved, and S = (dA + dAᵀ)/2,
/// differentiating A = L·Lᵀ gives L⁻¹·S·L⁻ᵀ = L⁻¹dL + (L⁻¹dL)ᵀ, whose lower-triangular
/// half is L⁻¹dL:
/// - JVP: dL = L·Φ(L⁻¹·S·L⁻ᵀ), two triangular solves (LAPACK trtrs) and a gemm.
/// - Pullback (Murray 2016, the transpose of the JVP, Φ being self-adjoint):
///   G = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹, then Ā = (G + Gᵀ)/2.
///
/// ```swift
/// cholesky(Tensor<Double>([[4, 2], [2, 5]]))  // [[2, 0], [1, 2]]
/// ```
///
/// - Precondition: `a` is square and (after symmetrising) positive definite; otherwise
///   the stop names the first leading minor that is not positive.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func cholesky<Scalar: TensorScalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
  _ = MatrixShape.order(ofSquare: a.shape, in: "cholesky")
  let l: Tensor<Scalar>
  switch CholeskyFactorization.factor(symmetrized(a.plain)) {
  case .success(let factor):
    l = factor
  case .failure(let failure):
    stopMisuse(
      "cholesky: the matrix is not positive definite (LAPACK potrf: the leading minor of "
        + "order \(failure.order) is not positive)")
  }
  // L⁻ᵀ·X, X·L⁻¹ and L⁻ᵀ·X·L⁻¹ by triangular solves.
  func solvedLeft(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    CholeskyFactorization.chainSolve(lower: l, x, transposed: true)
  }
  func solvedRight(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    transposed(CholeskyFactorization.chainSolve(lower: l, transposed(x), transposed: true))
  }
  func solvedBoth(_ x: Tensor<Scalar>) -> Tensor<Scalar> { solvedRight(solvedLeft(x)) }
  // G = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹, whose symmetric part is the pullback.
  func halfGradient(_ ct: Tensor<Scalar>) -> Tensor<Scalar> {
    solvedBoth(lowerHalvingDiagonal(Tensor.chainGemm(l, transposed: true, ct, transposed: false)))
  }

  return Tensor.record(
    "CholeskyBackward", [a], value: l,
    jvp: { t in
      let z = CholeskyFactorization.chainSolve(lower: l, symmetrized(t[0]!))
      let p = transposed(CholeskyFactorization.chainSolve(lower: l, transposed(z)))
      return Tensor.chainGemm(l, transposed: false, lowerHalvingDiagonal(p), transposed: false)
    },
    pullback: { ct in [symmetrized(halfGradient(ct))] },
    curvature: {
      // G = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹ moves with L by
      // −L⁻ᵀ·L̇ᵀ·G + L⁻ᵀ·Φ(L̇ᵀ·L̄)·L⁻¹ − G·L̇·L⁻¹.
      Tensor.perLane { ct, _, dl in
        let g = halfGradient(ct)
        let moved = solvedBoth(lowerHalvingDiagonal(Tensor.chainGemm(dl, transposed: true, ct, transposed: false)))
          - solvedLeft(Tensor.chainGemm(dl, transposed: true, g, transposed: false))
          - solvedRight(Tensor.chainGemm(g, transposed: false, dl, transposed: false))
        return [symmetrized(moved)]
      }
    })

}

/// (X + Xᵀ)/2 of a plain square matrix.
private func symmetrized<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  let n = x.shape[0]
  var result = x.scalars
  for i in 0..<n {
    for j in 0..<i {
      let mean = (x.scalars[i * n + j] + x.scalars[j * n + i]) / 2
      result[i * n + j] = mean
      result[j * n + i] = mean
    }
  }
  return Tensor(shape: x.shape, scalars: result)
}

/// Φ(X): the lower triangle of a plain square matrix with the diagonal halved.
private func lowerHalvingDiagonal<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  let n = x.shape[0]
  var result = x.scalars
  for i in 0..<n {
    result[i * n + i] /= 2
    for j in (i + 1)..<Swift.max(i + 1, n) { result[i * n + j] = 0 }
  }
  return Tensor(shape: x.shape, scalars: result)
}

private func transposed<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  Tensor.movedAxes(x, [1, 0])
}
