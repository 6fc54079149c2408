/// The sign and the logarithm of the absolute value of the determinant of a square
/// matrix, like NumPy's and PyTorch's `slogdet`: det A = sign · exp(logMagnitude).
///
/// Computed from the LU factorisation (LAPACK getrf) as the sum of log |Uᵢᵢ|, so it
/// neither overflows nor underflows where ``determinant(_:)`` would (a 200×200 matrix
/// with entries of order 100 has a determinant beyond `Double`'s range).
///
/// `logMagnitude` is differentiable; `sign` is piecewise constant, so it is a plain
/// number. With d ln|det A| = tr(A⁻¹·dA):
/// - JVP: d(logMagnitude) = ⟨A⁻ᵀ, dA⟩ = tr(A⁻¹·dA).
/// - Pullback: Ā = ȳ·A⁻ᵀ.
///
/// ```swift
/// let (sign, logMagnitude) = logDeterminant(Tensor<Double>([[0, 2], [3, 0]]))
/// // sign −1, logMagnitude log 6
/// ```
///
/// - Returns: `sign` −1, 0 or +1, and `logMagnitude`, a rank-0 tensor (−∞ when `a` is
///   singular).
/// - Precondition: `a` is a square matrix, and not singular if a derivative is needed
///   (log|det A| → −∞ there and has no derivative).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func logDeterminant<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>
) -> (sign: Scalar, logMagnitude: Tensor<Scalar>) {
  let n = MatrixShape.order(ofSquare: a.shape, in: "logDeterminant")
  let lu = LUFactorization(a.plain)
  let (sign, logMagnitude) = lu.signAndLogMagnitude
  let value = Tensor(shape: [], scalars: [logMagnitude])
  guard Tensor.needsDerivatives([a]) else { return (sign, value) }
  require(
    !lu.isSingular,
    "logDeterminant: \(lu.singularityDescription); log|det| is −∞ there and has no derivative")
  let inverseTransposed = Tensor.movedAxes(lu.inverse(), [1, 0]).scalars
  let result = Tensor.record(
    "LogDeterminantBackward", [a], value: value,
    jvp: { t in
      Tensor(shape: [], scalars: [zip(inverseTransposed, t[0]!.scalars).reduce(0) { $0 + chainProduct($1.0, $1.1) }])
    },
    pullback: { ct in
      let scale = ct.scalars[0]
      return [Tensor(shape: [n, n], scalars: inverseTransposed.map { chainProduct($0, scale) })]
    },
    curvature: {
      // ȳ·A⁻ᵀ moves by ȳ·d(A⁻ᵀ) = −ȳ·(A⁻¹·Ȧ·A⁻¹)ᵀ.
      let inverse = lu.inverse()
      return Tensor.perLane { ct, tangents, _ in
        [Tensor(shape: [n, n], scalars: movedInverse(inverse, tangents[0]!).scalars.map { chainProduct($0, ct.scalars[0]) })]
      }
    })
  return (sign, result)
}

/// d(A⁻ᵀ) = −(A⁻¹·Ȧ·A⁻¹)ᵀ for the inverse A⁻¹ and a tangent Ȧ: how the determinants'
/// pullbacks move.
func movedInverse<Scalar: TensorScalar>(_ inverse: Tensor<Scalar>, _ tangent: Tensor<Scalar>) -> Tensor<Scalar> {
  let left = Tensor.chainGemm(inverse, transposed: false, tangent, transposed: false)
  return -Tensor.movedAxes(Tensor.chainGemm(left, transposed: false, inverse, transposed: false), [1, 0])
}
