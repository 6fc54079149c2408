/// The inverse A⁻¹ of a square matrix, by LU factorisation with partial pivoting (LAPACK
/// getrf and getri).
///
/// With Y = A⁻¹, differentiating Y·A = I gives the rules:
/// - JVP: dY = −Y·dA·Y.
/// - Pullback: Ā = −Yᵀ·Ȳ·Yᵀ.
///
/// Both are two gemm calls with the transposes passed as flags.
///
/// ```swift
/// inverse(Tensor<Double>([[4, 7], [2, 6]]))  // [[0.6, -0.7], [-0.2, 0.4]]
/// ```
///
/// - Precondition: `a` is a square matrix that is not singular (an exactly zero pivot
///   stops with "inverse: the matrix is singular (LAPACK getrf: U[k,k] is exactly zero)").
///   A nearly singular matrix is inverted, with the error its condition number implies.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func inverse<Scalar: TensorScalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
  _ = MatrixShape.order(ofSquare: a.shape, in: "inverse")
  let lu = LUFactorization(a.plain)
  require(!lu.isSingular, "inverse: \(lu.singularityDescription)")
  let y = lu.inverse()
  // −Lᵀ·Ȳ·Rᵀ: the pullback with L = R = Y.
  func pullback(_ ct: Tensor<Scalar>, _ l: Tensor<Scalar>, _ r: Tensor<Scalar>) -> Tensor<Scalar> {
    let left = Tensor.chainGemm(l, transposed: true, ct, transposed: false)
    return -Tensor.chainGemm(left, transposed: false, r, transposed: true)
  }

  return Tensor.record(
    "InverseBackward", [a], value: y,
    jvp: { t in
      let dyPartial = Tensor.chainGemm(y, transposed: false, t[0]!, transposed: false)
      return -Tensor.chainGemm(dyPartial, transposed: false, y, transposed: false)
    },
    pullback: { ct in [pullback(ct, y, y)] },
    curvature: {
      // −Yᵀ·Ȳ·Yᵀ moves with Y by −(Ẏᵀ·Ȳ·Yᵀ + Yᵀ·Ȳ·Ẏᵀ).
      Tensor.perLane { ct, _, dy in [pullback(ct, dy, y) + pullback(ct, y, dy)] }
    })

}
