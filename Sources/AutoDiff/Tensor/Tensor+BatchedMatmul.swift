// Batched matrix products: one GEMM per entry of the leading axis, with matmul's rules
// (JVP dA·B + A·dB, pullback (Ȳ·Bᵀ, Aᵀ·Ȳ), NaN-safe chain rule) applied batch by batch.
extension Tensor {
  /// op(Aᵢ)·op(Bᵢ) for every i of the leading axis of rank-3 plain tensors, with the
  /// NaN-safe chain rule (``chainGemm(_:transposed:_:transposed:)``).
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func batchedGemm(_ a: Tensor, transposed ta: Bool, _ b: Tensor, transposed tb: Bool) -> Tensor {
    let batch = a.shape[0]
    let (aMatrix, bMatrix) = (Array(a.shape.dropFirst()), Array(b.shape.dropFirst()))
    let (aSize, bSize) = (aMatrix.reduce(1, *), bMatrix.reduce(1, *))
    let m = ta ? aMatrix[1] : aMatrix[0]
    let n = tb ? bMatrix[0] : bMatrix[1]
    let k = ta ? aMatrix[0] : aMatrix[1]
    require(
      a.scalars.count == batch * aSize && b.scalars.count == batch * bSize && b.shape[0] == batch
        && k == (tb ? bMatrix[1] : bMatrix[0]),
      "internal error: batched gemm of shapes \(a.shape) and \(b.shape) (transposed \(ta), \(tb))")
    if batch > 0 && m > 0 && n > 0 && k > 0 {
      // Each product read and written in place in the stacked arrays: no copies of the
      // batch entries.
      let products = written(count: batch * m * n) { out in
        a.scalars.withUnsafeBufferPointer { pa in
          b.scalars.withUnsafeBufferPointer { pb in
            for i in 0..<batch {
              Scalar._gemm(
                transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 1,
                a: pa.baseAddress! + i * aSize, lda: aMatrix[1], b: pb.baseAddress! + i * bSize,
                ldb: bMatrix[1], beta: 0, c: out.baseAddress! + i * m * n, ldc: n)
            }
          }
        }
      }
      #if NaNSafe
      // A NaN may be a 0·∞ term, which the NaN-safe chain rule makes 0: the products are
      // taken again batch by batch through `chainGemm`, which settles such entries.
      if !mayContainNaN(products) { return Tensor(shape: [batch, m, n], scalars: products) }
      #else
      return Tensor(shape: [batch, m, n], scalars: products)
      #endif
    }
    var result: [Scalar] = []
    result.reserveCapacity(batch * m * n)
    for i in 0..<batch {
      let ai = Tensor(shape: aMatrix, scalars: Array(a.scalars[(i * aSize)..<((i + 1) * aSize)]))
      let bi = Tensor(shape: bMatrix, scalars: Array(b.scalars[(i * bSize)..<((i + 1) * bSize)]))
      result += chainGemm(ai, transposed: ta, bi, transposed: tb).scalars
    }
    return Tensor(shape: [batch, m, n], scalars: result)
  }
}

/// The batch of matrix products `a[i]·b[i]`: [b, m, k] × [b, k, n] → [b, m, n]. PyTorch:
/// `torch.bmm(a, b)`, or `a @ b` on rank-3 tensors; ``matmul(_:_:)`` on two rank-3
/// tensors calls this. The batch sizes must be equal (no broadcasting of the batch axis).
///
/// JVP: dAᵢ·Bᵢ + Aᵢ·dBᵢ. Pullback: (Ȳᵢ·Bᵢᵀ, Aᵢᵀ·Ȳᵢ), each only for an operand that needs
/// a gradient. Curvature (Hessians): the product is bilinear, so its pullback moves with
/// the operands by the same products with the tangents Ȧ, Ḃ in place of A, B, as for
/// ``matmul(_:_:)``.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func batchedMatmul<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
  require(
    a.rank == 3 && b.rank == 3,
    "batchedMatmul: operands must have rank 3 ([batch, m, k] and [batch, k, n]), got shapes "
      + "\(a.shape) and \(b.shape)")
  require(
    a.shape[0] == b.shape[0],
    "batchedMatmul: batch sizes differ: shapes \(a.shape) and \(b.shape)")
  require(
    a.shape[2] == b.shape[1],
    "batchedMatmul: shapes \(a.shape) and \(b.shape) do not match (inner dimensions \(a.shape[2]) "
      + "and \(b.shape[1]))")
  let (aShape, bShape) = (a.shape, b.shape)
  let (aNeedsGradient, bNeedsGradient) = (a.node != nil, b.node != nil)
  let (aPlain, bPlain) = (a.plain, b.plain)
  func pullback(_ ct: Tensor<Scalar>, _ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> [Tensor<Scalar>?] {
    [
      aNeedsGradient ? Tensor.batchedGemm(ct, transposed: false, b, transposed: true) : nil,
      bNeedsGradient ? Tensor.batchedGemm(a, transposed: true, ct, transposed: false) : nil,
    ]
  }
  return Tensor.record(
    "BmmBackward", [a, b], value: Tensor.batchedGemm(aPlain, transposed: false, bPlain, transposed: false),
    jvp: { t in
      var tangent = Tensor<Scalar>.zeros([aShape[0], aShape[1], bShape[2]])
      if let da = t[0] { tangent = tangent + Tensor.batchedGemm(da, transposed: false, bPlain, transposed: false) }
      if let db = t[1] { tangent = tangent + Tensor.batchedGemm(aPlain, transposed: false, db, transposed: false) }
      return tangent
    },
    pullback: { ct in pullback(ct, aPlain, bPlain) },
    curvature: {
      Tensor.perLane { ct, tangents, _ in
        pullback(ct, tangents[0] ?? .zeros(aShape), tangents[1] ?? .zeros(bShape))
      }
    })
}
