/// The trace of a matrix, the sum of its main diagonal, as a rank-0 tensor. A
/// rectangular m×n matrix sums its min(m, n) diagonal entries, as in NumPy and PyTorch.
///
/// The trace is linear:
/// - JVP: d(tr A) = tr(dA).
/// - Pullback: Ā = ȳ·I (ones on the diagonal of A's shape).
///
/// - Precondition: `a` has rank 2.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func trace<Scalar: TensorScalar>(_ a: Tensor<Scalar>) -> Tensor<Scalar> {
  require(a.rank == 2, "trace: expects a matrix (rank 2), got shape \(a.shape)")
  let shape = a.shape
  let width = shape[1]
  let diagonal = Swift.min(shape[0], shape[1])
  func diagonalSum(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    var sum: Scalar = 0
    for i in 0..<diagonal { sum += x.scalars[i * width + i] }
    return Tensor(shape: [], scalars: [sum])
  }
  return Tensor.record(
    "TraceBackward", [a], value: diagonalSum(a),
    jvp: { t in diagonalSum(t[0]!) },
    pullback: { ct in
      var result = Tensor<Scalar>.zeros(shape)
      for i in 0..<diagonal { result.scalars[i * width + i] = ct.scalars[0] }
      return [result]
    },
      curvature: Tensor<Scalar>.linear)
}
