// Matrix products through BLAS gemm. The JVP dA·B + A·dB and the pullback (Ȳ·Bᵀ, Aᵀ·Ȳ)
// are gemm calls too, with transposes passed as flags, never materialised.
extension Tensor {
  /// C ← op(A)·op(B) for rank-2 row-major A, B (plain values).
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func gemm(_ a: Tensor, transposed ta: Bool, _ b: Tensor, transposed tb: Bool) -> Tensor {
    let m = ta ? a.shape[1] : a.shape[0]
    let k = ta ? a.shape[0] : a.shape[1]
    let n = tb ? b.shape[0] : b.shape[1]
    guard m > 0 && n > 0 && k > 0 else {
      return Tensor(shape: [m, n], scalars: [Scalar](repeating: 0, count: m * n))
    }
    // gemm with β = 0 writes every element of C without reading it, so C starts
    // uninitialised rather than zero-filled.
    let c = [Scalar](unsafeUninitializedCapacity: m * n) { pc, initialized in
      a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
          Scalar._gemm(
            transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 1,
            a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
            beta: 0, c: pc.baseAddress!, ldc: n)
        }
      }
      initialized = m * n
    }
    return Tensor(shape: [m, n], scalars: c)
  }

  /// False when no element is NaN, by one vectorised pass: the sum of xᵢ·0 is 0 unless
  /// some xᵢ is NaN or infinite (then it is NaN). True may be a false alarm (an infinite
  /// element), which the caller's exact scan settles.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func mayContainNaN(_ values: [Scalar]) -> Bool {
    values.withUnsafeBufferPointer { v in
      var (s0, s1, s2, s3): (Scalar, Scalar, Scalar, Scalar) = (0, 0, 0, 0)
      var i = 0
      while i + 4 <= v.count {
        s0 += v[i] * 0; s1 += v[i + 1] * 0; s2 += v[i + 2] * 0; s3 += v[i + 3] * 0
        i += 4
      }
      while i < v.count { s0 += v[i] * 0; i += 1 }
      return (s0 + s1 + s2 + s3).isNaN
    }
  }

  /// op(A)·op(B) where one operand is a perturbation (a tangent or a cotangent) and the
  /// other holds local partials: ``gemm(_:transposed:_:transposed:)`` with the NaN-safe
  /// chain rule.
  ///
  /// Each entry is a sum of products partial · perturbation. With the `NaNSafe` trait a
  /// product with an exactly-zero factor is 0 even when the other factor is infinite or
  /// NaN, as ``chainProduct(_:_:)`` makes it in every other pullback. BLAS forms plain
  /// IEEE products, and a 0 · ∞ term makes its entry NaN; an entry that is not NaN had no
  /// such term. So the product is taken by BLAS, and only the entries that came out NaN
  /// are summed again term by term with ``chainProduct(_:_:)``: the common case costs one
  /// scan for NaN. Without the trait this is the plain product.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func chainGemm(_ a: Tensor, transposed ta: Bool, _ b: Tensor, transposed tb: Bool) -> Tensor {
    var c = gemm(a, transposed: ta, b, transposed: tb)
    #if NaNSafe
    guard Self.mayContainNaN(c.scalars) else { return c }
    let k = ta ? a.shape[0] : a.shape[1]
    let n = c.shape[1]
    let (aWidth, bWidth) = (a.shape[1], b.shape[1])
    for index in c.scalars.indices where c.scalars[index].isNaN {
      let (i, j) = (index / n, index % n)
      var sum: Scalar = 0
      for l in 0..<k {
        let x = ta ? a.scalars[l * aWidth + i] : a.scalars[i * aWidth + l]
        let y = tb ? b.scalars[j * bWidth + l] : b.scalars[l * bWidth + j]
        sum += chainProduct(x, y)
      }
      c.scalars[index] = sum
    }
    #endif
    return c
  }
}

/// The matrix product of `a` and `b`: [m, k] × [k, n] → [m, n]. A rank-1 operand is a
/// row vector on the left ([k] × [k, n] → [n]) and a column vector on the right
/// ([m, k] × [k] → [m]), as in NumPy and PyTorch. Two rank-3 operands are a batch of
/// products, ``batchedMatmul(_:_:)``.
///
/// JVP: dA·B + A·dB. Pullback: (Ȳ·Bᵀ, Aᵀ·Ȳ). All three are BLAS gemm calls, with the
/// NaN-safe chain rule: a zero tangent or cotangent times an infinite or NaN entry of the
/// other operand contributes 0 (`Docs/DerivativeConventions.md`).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func matmul<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
  // Rank 3 on both sides: one product per entry of the leading (batch) axis.
  if a.rank == 3 && b.rank == 3 { return batchedMatmul(a, b) }
  require(
    (1...2).contains(a.rank) && (1...2).contains(b.rank),
    "matmul: operands must have rank 1 or 2 (or both 3), got shapes \(a.shape) and \(b.shape)")
  let left = a.rank == 1 ? [1, a.shape[0]] : a.shape
  let right = b.rank == 1 ? [b.shape[0], 1] : b.shape
  require(
    left[1] == right[0],
    "matmul: shapes \(a.shape) and \(b.shape) do not match (inner dimensions \(left[1]) and \(right[0]))")
  var outShape = [left[0], right[1]]
  if a.rank == 1 { outShape.removeFirst() }
  if b.rank == 1 { outShape.removeLast() }
  let (a2, b2) = (a.plain.reshaped(to: left), b.plain.reshaped(to: right))
  let product = Tensor.gemm(a2, transposed: false, b2, transposed: false)
  let (aShape, bShape) = (a.shape, b.shape)
  // Only the operands that need a gradient get one: for inputs × weights that skips the
  // product Ȳ·Wᵀ, as large as the forward product, which nobody would read.
  let (aNeedsGradient, bNeedsGradient) = (a.node != nil, b.node != nil)
  // (Ȳ·Bᵀ, Aᵀ·Ȳ) for the operands that need a gradient. For k stacked cotangents, Ȳ·Bᵀ
  // is one GEMM on the (k·m)×p stack, and Aᵀ·Ȳ one GEMM when B is a vector (the k
  // cotangents as a k×m matrix times A), else one per cotangent.
  func matmulPullback(_ ct: Tensor<Scalar>, _ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> [Tensor<Scalar>?] {
    let (m, p) = (left[0], right[1])
    let k = ct.count / Swift.max(m * p, 1)
    guard ct.shape.count > outShape.count, k > 0 else {
      let c = ct.reshaped(to: [m, p])
      return [
        aNeedsGradient ? Tensor.chainGemm(c, transposed: false, b, transposed: true).reshaped(to: aShape) : nil,
        bNeedsGradient ? Tensor.chainGemm(a, transposed: true, c, transposed: false).reshaped(to: bShape) : nil,
      ]
    }
    let stacked = Tensor(shape: [k * m, p], scalars: ct.scalars)
    var gradientB: Tensor<Scalar>?
    if bNeedsGradient {
      if p == 1 {
        gradientB = Tensor.chainGemm(
          Tensor(shape: [k, m], scalars: ct.scalars), transposed: false, a, transposed: false)
      } else {
        let perCotangent = (0..<k).map { lane in
          Tensor.chainGemm(
            a, transposed: true,
            Tensor(shape: [m, p], scalars: Array(ct.scalars[(lane * m * p)..<((lane + 1) * m * p)])),
            transposed: false
          ).scalars
        }
        gradientB = Tensor(shape: [k] + bShape, scalars: perCotangent.flatMap { $0 })
      }
    }
    return [
      aNeedsGradient
        ? Tensor(shape: [k] + aShape, scalars: Tensor.chainGemm(stacked, transposed: false, b, transposed: true).scalars)
        : nil,
      gradientB.map { Tensor(shape: [k] + bShape, scalars: $0.scalars) },
    ]
  }

  return Tensor.record(
    "MatmulBackward", [a, b], value: product.reshaped(to: outShape),
    stackedJVP: { t, lanes in
      // k tangents of A times B are one GEMM: the lanes stacked as a (k·m)×n matrix. k
      // tangents of B: one GEMM when B is a vector (the lanes as a k×n matrix times Aᵀ),
      // else one per lane.
      let (m, p) = (left[0], right[1])
      var tangent = Tensor<Scalar>.zeros([lanes * m, p])
      if let da = t[0] {
        tangent = tangent + Tensor.chainGemm(
          da.reshaped(to: [lanes * m, left[1]]), transposed: false, b2, transposed: false)
      }
      if let db = t[1] {
        if p == 1 {
          tangent = tangent + Tensor.chainGemm(
            db.reshaped(to: [lanes, right[0]]), transposed: false, a2, transposed: true
          ).reshaped(to: [lanes * m, 1])
        } else {
          let n = right[0] * p
          let perLane = (0..<lanes).map { lane in
            Tensor.chainGemm(
              a2, transposed: false,
              Tensor(shape: right, scalars: Array(db.scalars[(lane * n)..<((lane + 1) * n)])),
              transposed: false
            ).scalars
          }
          tangent = tangent + Tensor(shape: [lanes * m, p], scalars: perLane.flatMap { $0 })
        }
      }
      return tangent.reshaped(to: [lanes] + outShape)
    },
    pullback: { ct in matmulPullback(ct, a2, b2) },
    stackedPullback: true,
    curvature: {
      // The pullback is bilinear in (A, B): moving them along (Ȧ, Ḃ) moves it by the same
      // products with Ḃ in place of B and Ȧ in place of A.
      Tensor.perLane { ct, tangents, _ in
        matmulPullback(
          ct, tangents[0]?.reshaped(to: left) ?? .zeros(left), tangents[1]?.reshaped(to: right) ?? .zeros(right))
      }
    })
}
