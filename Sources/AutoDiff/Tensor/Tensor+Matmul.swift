// Matrix products through BLAS gemm. The JVP dA·B + A·dB and the pullback (Ȳ·Bᵀ, Aᵀ·Ȳ)
// are gemm calls too, with transposes passed as flags, never materialised.
extension Tensor {
  /// C ← op(A)·op(B) for rank-2 row-major A, B (plain values).
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func gemm(_ a: Tensor, transposed ta: Bool, _ b: Tensor, transposed tb: Bool) -> Tensor {
    let (m, n) = (ta ? a.shape[1] : a.shape[0], tb ? b.shape[0] : b.shape[1])
    return Tensor(shape: [m, n], scalars: product(Matrix(a), transposed: ta, Matrix(b), transposed: tb))
  }

  /// A row-major matrix's elements and size, for the products of stacked lanes, which
  /// need no shape arrays.
  @usableFromInline
  struct Matrix {
    @usableFromInline let scalars: [Scalar]
    @usableFromInline let rows: Int
    @usableFromInline let columns: Int

    @inlinable
    init(_ scalars: [Scalar], rows: Int, columns: Int) {
      require(
        scalars.count == rows * columns,
        "internal error: a \(rows)×\(columns) matrix of \(scalars.count) elements")
      (self.scalars, self.rows, self.columns) = (scalars, rows, columns)
    }

    /// A rank-2 tensor's elements and size.
    @inlinable
    init(_ tensor: Tensor) {
      self.init(tensor.scalars, rows: tensor.shape[0], columns: tensor.shape[1])
    }
  }

  /// The elements of op(A)·op(B), row-major, by BLAS gemm.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func product(_ a: Matrix, transposed ta: Bool, _ b: Matrix, transposed tb: Bool) -> [Scalar] {
    let m = ta ? a.columns : a.rows
    let k = ta ? a.rows : a.columns
    let n = tb ? b.rows : b.columns
    require(
      k == (tb ? b.columns : b.rows),
      "internal error: gemm of \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns) (transposed \(ta), \(tb))")
    guard m > 0 && n > 0 && k > 0 else { return [Scalar](filledWith: 0, count: m * n) }
    // gemm with β = 0 writes every element of C without reading it.
    return written(count: m * n) { pc in
      a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
          Scalar._gemm(
            transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 1,
            a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
            beta: 0, c: pc.baseAddress!, ldc: n)
        }
      }
    }
  }

  /// False when no element is NaN, by one vectorised pass: the sum of xᵢ·0 is 0 unless
  /// some xᵢ is NaN or infinite (then it is NaN). True may be a false alarm (an infinite
  /// element), which the caller's exact scan settles.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func mayContainNaN(_ values: [Scalar]) -> Bool {
    values.withUnsafeBufferPointer { mayContainNaN($0) }
  }

  /// The same test of a buffer.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func mayContainNaN(_ v: UnsafeBufferPointer<Scalar>) -> Bool {
    // Double and Float: the same sums eight or sixteen lanes at a time.
    if Scalar.self == Double.self { return mayContainNaN(v, lanes: SIMD8<Double>.self) }
    if Scalar.self == Float.self { return mayContainNaN(v, lanes: SIMD16<Float>.self) }
    var (s0, s1, s2, s3): (Scalar, Scalar, Scalar, Scalar) = (0, 0, 0, 0)
    var i = 0
    while i &+ 4 <= v.count {
      s0 += v[i] * 0; s1 += v[i &+ 1] * 0; s2 += v[i &+ 2] * 0; s3 += v[i &+ 3] * 0
      i &+= 4
    }
    while i < v.count { s0 += v[i] * 0; i &+= 1 }
    return (s0 + s1 + s2 + s3).isNaN
  }

  /// ``mayContainNaN(_:)`` for a buffer whose elements are `Vector.Scalar`, summing
  /// `Vector.scalarCount` of them at a time in two vectors of lanes.
  @inlinable @inline(__always)
  static func mayContainNaN<Vector: SIMD>(_ v: UnsafeBufferPointer<Scalar>, lanes: Vector.Type) -> Bool
  where Vector.Scalar: BinaryFloatingPoint {
    guard let base = v.baseAddress else { return false }
    let raw = UnsafeRawPointer(base)
    let width = Vector.scalarCount
    let size = MemoryLayout<Vector.Scalar>.stride
    var (s0, s1) = (Vector(), Vector())
    var i = 0
    while i &+ 2 &* width <= v.count {
      s0 += raw.loadUnaligned(fromByteOffset: i &* size, as: Vector.self) * 0
      s1 += raw.loadUnaligned(fromByteOffset: (i &+ width) &* size, as: Vector.self) * 0
      i &+= 2 &* width
    }
    var sum = (s0 + s1).sum()
    while i < v.count {
      sum += raw.load(fromByteOffset: i &* size, as: Vector.Scalar.self) * 0
      i &+= 1
    }
    return sum.isNaN
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
    let (m, n) = (ta ? a.shape[1] : a.shape[0], tb ? b.shape[0] : b.shape[1])
    return Tensor(shape: [m, n], scalars: chainedProduct(Matrix(a), transposed: ta, Matrix(b), transposed: tb))
  }

  /// The elements of ``chainGemm(_:transposed:_:transposed:)``, from and to plain arrays.
  /// (The scalar ``chainProduct(_:_:)`` is a free function; this name keeps it visible.)
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func chainedProduct(_ a: Matrix, transposed ta: Bool, _ b: Matrix, transposed tb: Bool) -> [Scalar] {
    var c = product(a, transposed: ta, b, transposed: tb)
    #if NaNSafe
    guard Self.mayContainNaN(c) else { return c }
    let k = ta ? a.rows : a.columns
    let n = tb ? b.rows : b.columns
    let (aWidth, bWidth) = (a.columns, b.columns)
    for index in c.indices where c[index].isNaN {
      let (i, j) = (index / n, index % n)
      var sum: Scalar = 0
      for l in 0..<k {
        let x = ta ? a.scalars[l * aWidth + i] : a.scalars[i * aWidth + l]
        let y = tb ? b.scalars[j * bWidth + l] : b.scalars[l * bWidth + j]
        sum += chainProduct(x, y)
      }
      c[index] = sum
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
/// JVP: dA·B + A·dB. Pullback: (Ȳ·Bᵀ, Aᵀ·Ȳ). All three are BLAS gemm calls (gemv when one
/// side is a vector), with the NaN-safe chain rule: a zero tangent or cotangent times an
/// infinite or NaN entry of the other operand contributes 0 (<doc:DerivativeConventions>).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func matmul<Scalar: TensorScalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
  // Rank 3 on both sides: one product per entry of the leading (batch) axis.
  if a.rank == 3 && b.rank == 3 { return batchedMatmul(a, b) }
  require(
    (1...2).contains(a.rank) && (1...2).contains(b.rank),
    "matmul: operands must have rank 1 or 2 (or both 3), got shapes \(a.shape) and \(b.shape)")
  // Both operands as matrices: a row vector on the left, a column vector on the right.
  let (m, n) = a.rank == 1 ? (1, a.shape[0]) : (a.shape[0], a.shape[1])
  let (bRows, p) = b.rank == 1 ? (b.shape[0], 1) : (b.shape[0], b.shape[1])
  require(
    n == bRows,
    "matmul: shapes \(a.shape) and \(b.shape) do not match (inner dimensions \(n) and \(bRows))")
  // A constant, so that the closures below capture it without a heap box on every call.
  let outShape: [Int] =
    switch (a.rank, b.rank) {
    case (1, 1): []
    case (1, _): [p]
    case (_, 1): [m]
    default: [m, p]
    }
  let (a2, b2) = (Tensor.Matrix(a.scalars, rows: m, columns: n), Tensor.Matrix(b.scalars, rows: n, columns: p))
  let product = Tensor.product(a2, transposed: false, b2, transposed: false)
  let (aShape, bShape) = (a.shape, b.shape)
  // Only the operands that need a gradient get one: for inputs × weights that skips the
  // product Ȳ·Wᵀ, as large as the forward product, which nobody would read.
  let (aNeedsGradient, bNeedsGradient) = (a.node != nil, b.node != nil)
  // (Ȳ·Bᵀ, Aᵀ·Ȳ) for the operands that need a gradient; for k cotangents stacked
  // ([k] + outShape), k of each, stacked, each family one GEMM.
  func matmulPullback(_ ct: Tensor<Scalar>) -> [Tensor<Scalar>?] {
    guard ct.shape.count > outShape.count else {
      let c = Tensor.Matrix(ct.scalars, rows: m, columns: p)
      return [
        aNeedsGradient ? Tensor(shape: aShape, scalars: Tensor.chainedProduct(c, transposed: false, b2, transposed: true)) : nil,
        bNeedsGradient ? Tensor(shape: bShape, scalars: Tensor.chainedProduct(a2, transposed: true, c, transposed: false)) : nil,
      ]
    }
    let k = ct.shape[0]
    return [
      aNeedsGradient
        ? Tensor(shape: TensorShape.stacked(k, aShape), scalars: Tensor.stackedTimesMatrix(ct.scalars, lanes: k, rows: m, b2, transposed: true))
        : nil,
      bNeedsGradient
        ? Tensor(shape: TensorShape.stacked(k, bShape), scalars: Tensor.matrixTimesStacked(a2, transposed: true, ct.scalars, lanes: k, columns: p))
        : nil,
    ]
  }

  return Tensor.record(
    "MatmulBackward", [a, b], value: Tensor(shape: outShape, scalars: product),
    stackedJVP: { t, lanes in
      // Ȧ·B + A·Ḃ for every lane: two GEMMs whatever the number of lanes.
      var tangent: [Scalar]?
      if let da = t.scalars(0) {
        tangent = Tensor.stackedTimesMatrix(da, lanes: lanes, rows: m, b2, transposed: false)
      }
      if let db = t.scalars(1) {
        let product = Tensor.matrixTimesStacked(a2, transposed: false, db, lanes: lanes, columns: p)
        tangent = tangent.map { sum in zip(sum, product).map { $0 + $1 } } ?? product
      }
      return tangent ?? [Scalar](filledWith: 0, count: lanes * m * p)
    },
    pullback: { ct in matmulPullback(ct) },
    stackedPullback: true,
    curvature: {
      // The pullback is bilinear in (A, B): moving them along (Ȧ, Ḃ) moves it by
      // (Ȳ·Ḃᵀ, Ȧᵀ·Ȳ), the same products with the tangents in place of the operands; for
      // every lane, each family one GEMM.
      { ct, tangents, _, lanes in
        let c = Tensor.Matrix(ct.scalars, rows: m, columns: p)
        return [
          aNeedsGradient
            ? tangents[1].map { db in
              // Ȳ·Ḃⱼᵀ for every j: Ȳ times the stacked Ḃ read as a (k·n)×p matrix,
              // transposed: an m×(k·n) product, its lanes moved to the front.
              let product = Tensor.chainedProduct(
                c, transposed: false, Tensor.Matrix(db.scalars, rows: lanes * n, columns: p), transposed: true)
              return Tensor(shape: TensorShape.stacked(lanes, aShape), scalars: Tensor.swappingLeadingAxes(product, lanes, m, n, lanesFirst: false))
            } : nil,
          bNeedsGradient
            ? tangents[0].map { da in
              // Ȧⱼᵀ·Ȳ for every j: the stacked Ȧ as an m×(k·n) matrix, transposed, times Ȳ.
              let moved = Tensor.Matrix(
                Tensor.swappingLeadingAxes(da.scalars, lanes, m, n, lanesFirst: true), rows: m, columns: lanes * n)
              return Tensor(shape: TensorShape.stacked(lanes, bShape), scalars: Tensor.chainedProduct(moved, transposed: true, c, transposed: false))
            } : nil,
        ]
      }
    })
}

extension Tensor {
  /// Each of k stacked matrices ([k, rows, n] row-major) times op(B), stacked: one GEMM on
  /// the (k·rows)×n stack.
  @usableFromInline
  static func stackedTimesMatrix(
    _ stacked: [Scalar], lanes: Int, rows: Int, _ b: Matrix, transposed: Bool
  ) -> [Scalar] {
    let n = transposed ? b.columns : b.rows
    return chainedProduct(
      Matrix(stacked, rows: lanes * rows, columns: n), transposed: false, b, transposed: transposed)
  }

  /// op(A) times each of k stacked matrices ([k, n, columns]), stacked as [k, rows, columns]:
  /// the stack's lanes moved beside its columns (n × k·columns), one GEMM, and the lanes
  /// moved back to the front. A vector per lane (columns = 1) needs no moving: the stack
  /// is a k×n matrix and the product its transpose's.
  @usableFromInline
  static func matrixTimesStacked(
    _ a: Matrix, transposed: Bool, _ stacked: [Scalar], lanes: Int, columns: Int
  ) -> [Scalar] {
    let (rows, n) = transposed ? (a.columns, a.rows) : (a.rows, a.columns)
    if columns == 1 {
      return chainedProduct(
        Matrix(stacked, rows: lanes, columns: n), transposed: false, a, transposed: !transposed)
    }
    let moved = Matrix(
      swappingLeadingAxes(stacked, lanes, n, columns, lanesFirst: true), rows: n, columns: lanes * columns)
    let product = chainedProduct(a, transposed: transposed, moved, transposed: false)
    return swappingLeadingAxes(product, lanes, rows, columns, lanesFirst: false)
  }

  /// A [k, r, c] array as [r, k, c] (`lanesFirst`: the input has the lanes first), or a
  /// [r, k, c] array as [k, r, c]: rows of c elements moved as blocks.
  @usableFromInline
  static func swappingLeadingAxes(_ x: [Scalar], _ k: Int, _ r: Int, _ c: Int, lanesFirst: Bool) -> [Scalar] {
    require(x.count == k * r * c, "internal error: \(x.count) elements moved as [\(k), \(r), \(c)]")
    // One lane (a single tangent, as in `jvp`): [1, r, c] and [r, 1, c] are the same array.
    if k == 1 { return x }
    return written(count: k * r * c) { out in
      x.withUnsafeBufferPointer { source in
        guard let from = source.baseAddress, let to = out.baseAddress else { return }
        for lane in 0..<k {
          for row in 0..<r {
            let (src, dst) = lanesFirst
              ? ((lane &* r &+ row) &* c, (row &* k &+ lane) &* c)
              : ((row &* k &+ lane) &* c, (lane &* r &+ row) &* c)
            // An inline loop: the rows are short (a layer's width), and a call to memmove
            // per row cost more than the copy.
            let (target, origin) = (to + dst, from + src)
            for j in 0..<c { target[j] = origin[j] }
          }
        }
      }
    }
  }
}
