/// The determinant of a square matrix, as a rank-0 tensor: the signed product of the
/// pivots of its LU factorisation (LAPACK getrf).
///
/// The derivative of det A is its cofactor matrix C (Jacobi's formula), C = det(A)·A⁻ᵀ
/// when A is invertible:
/// - JVP: d(det A) = ⟨C, dA⟩ = det(A)·tr(A⁻¹·dA).
/// - Pullback: Ā = ȳ·C.
///
/// At an exactly singular matrix det A = 0 but C need not be zero (for rank n − 1 it is
/// not), and A⁻ᵀ does not exist: there C is computed from its definition, the n² signed
/// minors, each by its own LU factorisation. For large or badly scaled matrices prefer
/// ``logDeterminant(_:)``, which neither overflows nor underflows.
///
/// - Precondition: `a` is a square matrix.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func determinant<Scalar: TensorScalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
  let n = MatrixShape.order(ofSquare: a.shape, in: "determinant")
  let lu = LUFactorization(a.plain)
  let value = Tensor(shape: [], scalars: [lu.determinant])
  guard Tensor.needsDerivatives([a]) else { return value }
  let cofactors: [Scalar]
  if lu.isSingular {
    cofactors = cofactorMatrix(of: a.plain)
  } else {
    let det = lu.determinant
    cofactors = Tensor.movedAxes(lu.inverse(), [1, 0]).scalars.map { det * $0 }
  }
  return Tensor.record(
    "DeterminantBackward", [a], value: value,
    jvp: { t in
      Tensor(shape: [], scalars: [zip(cofactors, t[0]!.scalars).reduce(0) { $0 + chainProduct($1.0, $1.1) }])
    },
    pullback: { ct in
      let scale = ct.scalars[0]
      return [Tensor(shape: [n, n], scalars: cofactors.map { chainProduct($0, scale) })]
    },
    curvature: {
      // ȳ·det(A)·A⁻ᵀ moves by ȳ·(ḋ·A⁻ᵀ + det(A)·d(A⁻ᵀ)).
      require(
        !lu.isSingular,
        "determinant: second derivatives at an exactly singular matrix are not available "
          + "(A⁻¹ does not exist there); use logDeterminant(_:) or move off the singular point")
      let (inverse, det) = (lu.inverse(), lu.determinant)
      let inverseTransposed = Tensor.movedAxes(inverse, [1, 0]).scalars
      return Tensor.perLane { ct, tangents, dDet in
        let moved = movedInverse(inverse, tangents[0]!).scalars
        return [Tensor(shape: [n, n], scalars: moved.indices.map {
          chainProduct(chainSum(dDet.scalars[0], inverseTransposed[$0], det, moved[$0]), ct.scalars[0])
        })]
      }
    })
}

/// The cofactor matrix, Cᵢⱼ = (−1)ⁱ⁺ʲ·det(A without row i and column j), from n² minors.
/// O(n⁵): used only at exactly singular matrices, where det(A)·A⁻ᵀ is unavailable.
private func cofactorMatrix<Scalar: TensorScalar>(of a: Tensor<Scalar>) -> [Scalar] {
  let n = a.shape[0]
  var result = [Scalar](repeating: 0, count: n * n)
  var minor = [Scalar](repeating: 0, count: (n - 1) * (n - 1))
  for i in 0..<n {
    for j in 0..<n {
      var k = 0
      for r in 0..<n where r != i {
        for c in 0..<n where c != j {
          minor[k] = a.scalars[r * n + c]
          k += 1
        }
      }
      let minorDeterminant = LUFactorization(Tensor(shape: [n - 1, n - 1], scalars: minor)).determinant
      result[i * n + j] = (i + j) % 2 == 0 ? minorDeterminant : -minorDeterminant
    }
  }
  return result
}
