import AutoDiff
import RealModule
import Testing

@Suite("Linear algebra: values")
struct LinearAlgebraValueTests {
  /// The largest entry-wise difference; infinite when the shapes differ, so a bound on
  /// it fails then too.
  static func maxDifference(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).map { ($0 - $1).magnitude }.max() ?? 0
  }

  @Test("inverse: A·A⁻¹ = A⁻¹·A = I; a 2×2 by hand", arguments: [1, 2, 5, 12])
  func inverseOfRandomMatrix(n: Int) {
    let a = RandomMatrix.invertible(n, seed: UInt64(40 + n))
    let y = inverse(a)
    #expect(Self.maxDifference(matmul(a, y), .identity(n)) <= 1e-13)
    #expect(Self.maxDifference(matmul(y, a), .identity(n)) <= 1e-13)
    #expect(Self.maxDifference(inverse(Tensor([[4, 7], [2, 6]])), Tensor([[0.6, -0.7], [-0.2, 0.4]])) <= 1e-15)
  }

  @Test("solve: A·X = B for a vector and a matrix right-hand side; a 2×2 by hand")
  func solveRandomSystems() {
    let a = RandomMatrix.invertible(6, seed: 50)
    let b = RandomMatrix.vector(6, seed: 51)
    let x = solve(a, b)
    #expect(x.shape == [6])
    #expect(Self.maxDifference(matmul(a, x), b) <= 1e-13)
    let bMatrix = RandomMatrix.normal(6, 3, seed: 52)
    let xMatrix = solve(a, bMatrix)
    #expect(xMatrix.shape == [6, 3])
    #expect(Self.maxDifference(matmul(a, xMatrix), bMatrix) <= 1e-13)
    // The columns are solved independently: the same as one solve per column.
    for j in 0..<3 {
      let column = bMatrix.slice(j..<(j + 1), alongAxis: 1).reshaped(to: [6])
      #expect(Self.maxDifference(solve(a, column), xMatrix.slice(j..<(j + 1), alongAxis: 1).reshaped(to: [6])) <= 1e-14)
    }
    #expect(Self.maxDifference(solve(Tensor([[2, 1], [1, 3]]), Tensor([3, 5])), Tensor([0.8, 1.4])) <= 1e-15)
  }

  @Test("determinant: triangular, permuted, 1×1, 0×0 and a product rule det(AB) = det A·det B")
  func determinants() {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-14 * abs(b) }
    #expect(close(determinant(Tensor<Double>([[2, 5, 1], [0, 3, 7], [0, 0, -4]])).scalar, -24))
    // One row swap: the sign flips.
    #expect(close(determinant(Tensor<Double>([[0, 3, 7], [2, 5, 1], [0, 0, -4]])).scalar, 24))
    #expect(determinant(Tensor<Double>([[1.5]])).scalar == 1.5)
    #expect(determinant(Tensor<Double>(shape: [0, 0], scalars: [])).scalar == 1)
    let a = RandomMatrix.normal(5, 5, seed: 60)
    let b = RandomMatrix.normal(5, 5, seed: 61)
    let product = determinant(matmul(a, b)).scalar
    let separate = determinant(a).scalar * determinant(b).scalar
    #expect(abs(product - separate) <= 1e-12 * abs(separate))
  }

  @Test("logDeterminant: sign and log|det| match the determinant; no overflow where det does")
  func logDeterminants() {
    for seed: UInt64 in [70, 71, 72, 73] {
      let a = RandomMatrix.normal(5, 5, seed: seed)
      let det = determinant(a).scalar
      let (sign, logMagnitude) = logDeterminant(a)
      #expect(sign == (det < 0 ? -1 : 1))
      #expect(abs(logMagnitude.scalar - Double.log(abs(det))) <= 1e-13 * max(1, abs(logMagnitude.scalar)))
    }
    // 200×200 with entries of order 100: det ≈ 10⁴⁰⁰·…, beyond Double; its log is not.
    let big = RandomMatrix.invertible(200, seed: 74) * 100
    #expect(determinant(big).scalar.isInfinite)
    let (sign, logMagnitude) = logDeterminant(big)
    #expect(sign == 1 || sign == -1)
    #expect(logMagnitude.scalar.isFinite && logMagnitude.scalar > 900)
    // Singular without a derivative: sign 0 and −∞, as slogdet gives.
    let singular = logDeterminant(Tensor<Double>([[1, 2], [2, 4]]))
    #expect(singular.sign == 0 && singular.logMagnitude.scalar == -.infinity)
  }

  @Test("trace: square and rectangular")
  func traces() {
    #expect(trace(Tensor<Double>([[1, 2], [3, 4]])).scalar == 5)
    #expect(trace(Tensor<Double>([[1, 2, 3], [4, 5, 6]])).scalar == 6)
    #expect(trace(Tensor<Double>([[1, 2], [3, 4], [5, 6]])).scalar == 5)
  }

  @Test("cholesky: L lower triangular with a positive diagonal, L·Lᵀ = A; a 2×2 by hand", arguments: [1, 3, 8, 30])
  func choleskyFactors(n: Int) throws {
    let a = RandomMatrix.positiveDefinite(n, seed: UInt64(80 + n))
    let l = cholesky(a)
    // Entries are indexed below: the shape first, so a wrong one fails instead of trapping.
    try #require(l.shape == [n, n])
    for i in 0..<n {
      #expect(l.scalars[i * n + i] > 0)
      for j in (i + 1)..<max(i + 1, n) { #expect(l.scalars[i * n + j] == 0) }
    }
    #expect(Self.maxDifference(matmul(l, l.transposed()), a) <= 1e-12 * Double(n))
    #expect(Self.maxDifference(cholesky(Tensor([[4, 2], [2, 5]])), Tensor([[2, 0], [1, 2]])) <= 1e-15)
  }

  @Test("cholesky symmetrises its input: A and (A + Aᵀ)/2 have the same factor")
  func choleskySymmetrises() {
    let spd = RandomMatrix.positiveDefinite(4, seed: 90)
    let skew = RandomMatrix.normal(4, 4, seed: 91)
    let nonSymmetric = spd + (skew - skew.transposed()) * 0.3
    #expect(Self.maxDifference(cholesky(nonSymmetric), cholesky(spd)) <= 1e-14)
  }

  @Test("Float: every operation agrees with Double to single precision")
  func floatValues() {
    let a = RandomMatrix.positiveDefinite(4, seed: 95)
    let b = RandomMatrix.vector(4, seed: 96)
    let a32 = Tensor<Float>(shape: a.shape, scalars: a.scalars.map { Float($0) })
    let b32 = Tensor<Float>(shape: b.shape, scalars: b.scalars.map { Float($0) })
    func close(_ single: Tensor<Float>, _ double: Tensor<Double>) -> Bool {
      // Float's 2⁻²⁴ ≈ 6e-8 per operation, over the O(n³) = 64 operations of a 4×4
      // factorisation of a well-conditioned matrix: 1e-5 of the scale bounds that.
      let scale = max(1, double.scalars.map(\.magnitude).max() ?? 0)
      return single.shape == double.shape && zip(single.scalars, double.scalars).allSatisfy { abs(Double($0) - $1) <= 1e-5 * scale }
    }
    #expect(close(inverse(a32), inverse(a)))
    #expect(close(solve(a32, b32), solve(a, b)))
    #expect(close(determinant(a32), determinant(a)))
    #expect(close(logDeterminant(a32).logMagnitude, logDeterminant(a).logMagnitude))
    #expect(close(trace(a32), trace(a)))
    #expect(close(cholesky(a32), cholesky(a)))
  }
}
