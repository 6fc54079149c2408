import RealModule

// The factorisations behind the linear-algebra operations, on plain row-major matrices.
// None of them records anything or stops the program: each operation decides what a
// singular or indefinite matrix means for it and words the error itself.
//
// Layout: LAPACK is column-major, and a row-major n×n buffer read column-major is the
// transpose. So getrf on A's buffer factors Aᵀ; getrs with `transpose` then solves
// (Aᵀ)ᵀX = AX, and without it AᵀX; getri leaves (Aᵀ)⁻¹ column-major, which read row-major
// is A⁻¹. A right-hand side B (row-major n×k) is copied to column-major and back.

/// Shape checks shared by the linear-algebra operations.
enum MatrixShape {
  /// The order n of a square matrix, or a stop naming the operation and the shape.
  static func order(ofSquare shape: [Int], in operation: String) -> Int {
    require(
      shape.count == 2 && shape[0] == shape[1],
      "\(operation): expects a square matrix, got shape \(shape)")
    return shape[0]
  }

  /// The elements of a row-major [n, k] (or [n], k = 1) matrix in column-major order.
  static func columnMajor<Scalar: TensorScalar>(_ b: Tensor<Scalar>) -> [Scalar] {
    b.rank == 1 || b.shape[1] == 1 ? b.scalars : Tensor.movedAxes(b.plain, [1, 0]).scalars
  }

  /// A column-major n×k buffer back as a row-major tensor of `shape` ([n] or [n, k]).
  static func rowMajor<Scalar: TensorScalar>(_ columns: [Scalar], shape: [Int]) -> Tensor<Scalar> {
    if shape.count == 1 || shape[1] == 1 { return Tensor(shape: shape, scalars: columns) }
    return Tensor.movedAxes(Tensor(shape: [shape[1], shape[0]], scalars: columns), [1, 0])
  }
}

/// P·L·U of a square matrix by LAPACK getrf, kept for solves, the inverse and the
/// determinant.
struct LUFactorization<Scalar: TensorScalar> {
  let order: Int
  /// getrf's output on A's row-major buffer: the factors of Aᵀ, column-major.
  private var factors: [Scalar]
  private var pivots: [CInt]
  /// The first k (1-based) with U[k, k] exactly zero, if any.
  let zeroPivot: Int?

  /// Factors the plain square matrix `a`.
  init(_ a: Tensor<Scalar>) {
    let n = a.shape[0]
    var factors = a.scalars
    var pivots = [CInt](repeating: 0, count: Swift.max(1, n))
    let info =
      n == 0
      ? 0
      : factors.withUnsafeMutableBufferPointer { pa in
        pivots.withUnsafeMutableBufferPointer { pp in
          Scalar._getrf(n: n, a: pa.baseAddress!, lda: n, pivots: pp.baseAddress!)
        }
      }
    require(info >= 0, "LAPACK getrf: argument \(-info) is invalid (internal error)")
    (order, self.factors, self.pivots) = (n, factors, pivots)
    zeroPivot = info > 0 ? info : nil
  }

  var isSingular: Bool { zeroPivot != nil }

  /// "the matrix is singular (LAPACK getrf: U[3,3] is exactly zero)".
  var singularityDescription: String {
    let k = zeroPivot ?? 0
    return "the matrix is singular (LAPACK getrf: U[\(k),\(k)] is exactly zero)"
  }

  /// X with A·X = B, or Aᵀ·X = B when `transposed`, for B of shape [n] or [n, k].
  ///
  /// - Precondition: the matrix is not singular (the caller checks and words the error).
  func solve(_ b: Tensor<Scalar>, transposed: Bool = false) -> Tensor<Scalar> {
    require(!isSingular, "LUFactorization.solve: \(singularityDescription) (internal error)")
    let n = order
    let columns = b.rank == 1 ? 1 : b.shape[1]
    var x = MatrixShape.columnMajor(b)
    guard n > 0, columns > 0 else { return b.plain }
    let info = factors.withUnsafeBufferPointer { pa in
      pivots.withUnsafeBufferPointer { pp in
        x.withUnsafeMutableBufferPointer { px in
          // getrf factored Aᵀ: solving with it transposed solves A·X = B.
          Scalar._getrs(
            transpose: !transposed, n: n, nrhs: columns, a: pa.baseAddress!, lda: n,
            pivots: pp.baseAddress!, b: px.baseAddress!, ldb: n)
        }
      }
    }
    require(info == 0, "LAPACK getrs: info \(info) (internal error)")
    return MatrixShape.rowMajor(x, shape: b.shape)
  }

  /// A⁻¹.
  ///
  /// - Precondition: the matrix is not singular.
  /// ``solve(_:transposed:)`` applied to a perturbation (a tangent or a cotangent), with
  /// the NaN-safe chain rule: X = A⁻¹·B (or A⁻ᵀ·B) entry by entry as Σ A⁻¹[i, j]·B[j, k]
  /// with ``chainProduct(_:_:)``, so a zero entry of B times an infinite or NaN partial
  /// contributes 0. LAPACK's substitution forms plain products (0 · ∞ = NaN); where its
  /// answer has a NaN, that entry is taken from the product with the explicit inverse
  /// instead (``Tensor/chainGemm(_:transposed:_:transposed:)``). Without the `NaNSafe`
  /// trait this is ``solve(_:transposed:)``.
  func chainSolve(_ b: Tensor<Scalar>, transposed: Bool = false) -> Tensor<Scalar> {
    let x = solve(b, transposed: transposed)
    #if NaNSafe
    guard x.scalars.contains(where: \.isNaN) else { return x }
    let columns = [order, b.rank == 1 ? 1 : b.shape[1]]
    let safe = Tensor.chainGemm(inverse(), transposed: transposed, b.plain.reshaped(to: columns), transposed: false)
    return Tensor(shape: x.shape, scalars: zip(x.scalars, safe.scalars).map { $0.isNaN ? $1 : $0 })
    #else
    return x
    #endif
  }

  func inverse() -> Tensor<Scalar> {
    require(!isSingular, "LUFactorization.inverse: \(singularityDescription) (internal error)")
    let n = order
    var result = factors
    if n > 0 {
      let info = result.withUnsafeMutableBufferPointer { pa in
        pivots.withUnsafeBufferPointer { pp in
          Scalar._getri(n: n, a: pa.baseAddress!, lda: n, pivots: pp.baseAddress!)
        }
      }
      require(info == 0, "LAPACK getri: info \(info) (internal error)")
    }
    // (Aᵀ)⁻¹ column-major is A⁻¹ row-major.
    return Tensor(shape: [n, n], scalars: result)
  }

  /// The sign of det A (−1, 0 or +1) and log |det A| (−∞ when singular), summed from
  /// log |Uᵢᵢ| so that neither overflows where the product of the pivots would.
  var signAndLogMagnitude: (sign: Scalar, logMagnitude: Scalar) {
    if isSingular { return (0, -.infinity) }
    var sign: Scalar = 1
    var logMagnitude: Scalar = 0
    for i in 0..<order {
      let pivot = factors[i * order + i]
      if pivot < 0 { sign = -sign }
      // getrf swapped rows i and pivots[i] (1-based); each swap flips the sign.
      if pivots[i] != CInt(i + 1) { sign = -sign }
      logMagnitude += Scalar.log(pivot.magnitude)
    }
    return (sign, logMagnitude)
  }

  /// det A as the signed product of U's diagonal (0 when singular).
  var determinant: Scalar {
    var product: Scalar = 1
    for i in 0..<order {
      product *= factors[i * order + i]
      if pivots[i] != CInt(i + 1) { product = -product }
    }
    return product
  }
}

/// Cholesky and triangular solves with a row-major lower-triangular factor L.
enum CholeskyFactorization {
  /// L with A = L·Lᵀ, lower triangular with a positive diagonal, or the order k of the
  /// first leading minor that is not positive.
  static func factor<Scalar: TensorScalar>(_ a: Tensor<Scalar>) -> Result<Tensor<Scalar>, NotPositiveDefinite> {
    let n = a.shape[0]
    var buffer = a.scalars
    // Row-major A is column-major Aᵀ = A; its upper factor U (A = UᵀU) read row-major is
    // Uᵀ = L.
    let info =
      n == 0
      ? 0 : buffer.withUnsafeMutableBufferPointer { Scalar._potrf(upper: true, n: n, a: $0.baseAddress!, lda: n) }
    require(info >= 0, "LAPACK potrf: argument \(-info) is invalid (internal error)")
    if info > 0 { return .failure(NotPositiveDefinite(order: info)) }
    // potrf leaves the other triangle as it found it.
    for i in 0..<n {
      for j in (i + 1)..<Swift.max(i + 1, n) { buffer[i * n + j] = 0 }
    }
    return .success(Tensor(shape: [n, n], scalars: buffer))
  }

  /// The leading minor of order `order` is not positive.
  struct NotPositiveDefinite: Error {
    let order: Int
  }

  /// X with L·X = B, or Lᵀ·X = B when `transposed`, for row-major lower-triangular L and
  /// B of shape [n, k].
  /// ``solve(lower:_:transposed:)`` applied to a perturbation, with the NaN-safe chain
  /// rule, as ``LUFactorization/chainSolve(_:transposed:)``: entries that triangular
  /// substitution makes NaN are taken from the product with the explicit L⁻¹ (or L⁻ᵀ).
  static func chainSolve<Scalar: TensorScalar>(
    lower l: Tensor<Scalar>, _ b: Tensor<Scalar>, transposed: Bool = false
  ) -> Tensor<Scalar> {
    let x = solve(lower: l, b, transposed: transposed)
    #if NaNSafe
    guard x.scalars.contains(where: \.isNaN) else { return x }
    let n = l.shape[0]
    let inverse = solve(lower: l, Tensor<Scalar>.identity(n), transposed: transposed)
    let columns = [n, b.rank == 1 ? 1 : b.shape[1]]
    let safe = Tensor.chainGemm(inverse, transposed: false, b.plain.reshaped(to: columns), transposed: false)
    return Tensor(shape: x.shape, scalars: zip(x.scalars, safe.scalars).map { $0.isNaN ? $1 : $0 })
    #else
    return x
    #endif
  }

  static func solve<Scalar: TensorScalar>(
    lower l: Tensor<Scalar>, _ b: Tensor<Scalar>, transposed: Bool = false
  ) -> Tensor<Scalar> {
    let n = l.shape[0]
    let columns = b.rank == 1 ? 1 : b.shape[1]
    guard n > 0, columns > 0 else { return b.plain }
    var x = MatrixShape.columnMajor(b)
    // L's row-major buffer is the column-major upper triangle U = Lᵀ: L·X = B is Uᵀ·X = B.
    let info = l.scalars.withUnsafeBufferPointer { pl in
      x.withUnsafeMutableBufferPointer { px in
        Scalar._trtrs(
          upper: true, transpose: !transposed, n: n, nrhs: columns, a: pl.baseAddress!, lda: n,
          b: px.baseAddress!, ldb: n)
      }
    }
    require(info == 0, "LAPACK trtrs: info \(info) (internal error)")
    return MatrixShape.rowMajor(x, shape: b.shape)
  }
}

/// Eigenvalues and eigenvectors of a plain symmetric matrix by LAPACK syev.
enum SymmetricEigendecomposition {
  /// The eigenvalues in ascending order and the matching orthonormal eigenvectors (one
  /// per element of `vectors`), or nil if the iteration did not converge.
  static func compute<Scalar: TensorScalar>(_ a: Tensor<Scalar>) -> (values: [Scalar], vectors: [[Scalar]])? {
    let n = a.shape[0]
    if n == 0 { return ([], []) }
    var buffer = a.scalars
    var values = [Scalar](repeating: 0, count: n)
    let info = buffer.withUnsafeMutableBufferPointer { pa in
      values.withUnsafeMutableBufferPointer { pw in
        Scalar._syev(computingVectors: true, n: n, a: pa.baseAddress!, lda: n, eigenvalues: pw.baseAddress!)
      }
    }
    require(info >= 0, "LAPACK syev: argument \(-info) is invalid (internal error)")
    if info > 0 { return nil }
    // Column j of the column-major result is contiguous: eigenvector j.
    return (values, (0..<n).map { Array(buffer[($0 * n)..<($0 * n + n)]) })
  }
}
