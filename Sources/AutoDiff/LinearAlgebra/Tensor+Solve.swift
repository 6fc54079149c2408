/// The solution X of A·X = B, for a square matrix A and a right-hand side B that is a
/// vector ([n] → [n]) or a matrix ([n, k] → [n, k]), by LU factorisation with partial
/// pivoting (LAPACK getrf and getrs). Never forms A⁻¹.
///
/// Differentiating A·X = B gives dA·X + A·dX = dB, so:
/// - JVP: dX = A⁻¹(dB − dA·X), one more solve with the same factors.
/// - Pullback: B̄ = A⁻ᵀ·X̄ (a solve with Aᵀ, same factors) and Ā = −B̄·Xᵀ.
///
/// ```swift
/// solve(Tensor<Double>([[2, 1], [1, 3]]), Tensor([3, 5]))  // [0.8, 1.4]
/// ```
///
/// - Precondition: A is square and not singular, and B has n rows.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func solve<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
  let n = MatrixShape.order(ofSquare: a.shape, in: "solve")
  require(
    (b.rank == 1 || b.rank == 2) && b.shape[0] == n,
    "solve: the matrix has shape \(a.shape), so the right-hand side needs shape [\(n)] or "
      + "[\(n), k]; got shape \(b.shape)")
  let lu = LUFactorization(a.plain)
  require(!lu.isSingular, "solve: \(lu.singularityDescription)")
  let x = lu.solve(b.plain)
  // X, and later B̄, as n×k matrices (k = 1 for a vector).
  let columnsShape = [n, b.rank == 1 ? 1 : b.shape[1]]
  let xMatrix = x.reshaped(to: columnsShape)
  return Tensor.record(
    "SolveBackward", [a, b], value: x,
    jvp: { t in
      var rhs = t[1]?.reshaped(to: columnsShape) ?? Tensor.zeros(columnsShape)
      if let da = t[0] { rhs = rhs - Tensor.chainGemm(da, transposed: false, xMatrix, transposed: false) }
      return lu.chainSolve(rhs).reshaped(to: x.shape)
    },
    pullback: { ct in
      let bBar = lu.chainSolve(ct, transposed: true)
      let aBar = -Tensor.chainGemm(bBar.reshaped(to: columnsShape), transposed: false, xMatrix, transposed: true)
      return [aBar, bBar]
    },
    curvature: {
      // B̄ = A⁻ᵀ·X̄ moves by −A⁻ᵀ·Ȧᵀ·B̄, and Ā = −B̄·Xᵀ by −(dB̄·Xᵀ + B̄·Ẋᵀ).
      Tensor.perLane { ct, tangents, dx in
        let bBar = lu.chainSolve(ct, transposed: true).reshaped(to: columnsShape)
        var dbBar = Tensor<Scalar>.zeros(columnsShape)
        if let da = tangents[0] {
          dbBar = -lu.chainSolve(Tensor.chainGemm(da, transposed: true, bBar, transposed: false), transposed: true)
        }
        let daBar = -(Tensor.chainGemm(dbBar, transposed: false, xMatrix, transposed: true)
          + Tensor.chainGemm(bBar, transposed: false, dx.reshaped(to: columnsShape), transposed: true))
        return [daBar, dbBar.reshaped(to: x.shape)]
      }
    })
}
