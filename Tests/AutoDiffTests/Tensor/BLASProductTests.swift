import AutoDiff
import Testing

/// `TensorScalar._gemm` sends products with one row or one column to gemv: every shape,
/// transpose and leading dimension must give gemm's result, checked against a plain triple
/// loop on small integers (every sum exact in Float and Double, so equality is the test).
@Suite("BLAS products: gemm and its matrix–vector form")
struct BLASProductTests {
  @Test("Double: vector shapes, transposes, padded rows, α and β equal the triple loop")
  func double() { #expect(checkAllCases(Double.self) == 96) }

  @Test("Float: the same through sgemm and sgemv")
  func float() { #expect(checkAllCases(Float.self) == 96) }

  @Test("A matrix times a vector: matmul's value, JVP and gradient through the gemv path")
  func matrixVectorMatmul() {
    let w = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
    let x = Tensor<Double>([1, -1, 2])
    #expect(matmul(w, x) == Tensor([5, 11]))
    #expect(matmul(Tensor<Double>([1, -1]), w) == Tensor([-3, -3, -3]))
    // d/dx of Σ W·x is Wᵀ·1 (a vector times a matrix); d/dW is 1·xᵀ.
    #expect(gradient(of: { matmul(w, $0).sum() }, at: x) == Tensor([5, 7, 9]))
    #expect(gradient(of: { matmul($0, x).sum() }, at: w) == Tensor([[1, -1, 2], [1, -1, 2]]))
    #expect(jvp(of: { matmul(w, $0) }, at: x, along: Tensor([0, 1, 0])).tangent == Tensor([2, 5]))
  }

  /// Runs every case and returns how many were compared (shapes × transposes × padding ×
  /// α/β), so the caller can check that none was skipped.
  func checkAllCases<S: TensorScalar>(_ type: S.Type) -> Int {
    var checked = 0
    // (m, n, k): one column, one row, a dot product, and two general products for gemm.
    for (m, n, k) in [(5, 1, 4), (1, 6, 3), (1, 1, 7), (3, 4, 2), (2, 3, 5), (4, 1, 1)] {
      for ta in [false, true] {
        for tb in [false, true] {
          for pad in [0, 2] {
            for (alpha, beta) in [(S(1), S(0)), (S(-0.5), S(1.5))] {
              checkCase(m: m, n: n, k: k, ta: ta, tb: tb, pad: pad, alpha: alpha, beta: beta)
              checked += 1
            }
          }
        }
      }
    }
    return checked
  }

  func checkCase<S: TensorScalar>(m: Int, n: Int, k: Int, ta: Bool, tb: Bool, pad: Int, alpha: S, beta: S) {
    let context = "m \(m) n \(n) k \(k) ta \(ta) tb \(tb) pad \(pad) α \(alpha) β \(beta)"
    // Stored shapes (row-major) and leading dimensions, each row padded with NaNs that no
    // product may read and no write may touch.
    let (aRows, aColumns) = ta ? (k, m) : (m, k)
    let (bRows, bColumns) = tb ? (n, k) : (k, n)
    let (lda, ldb, ldc) = (aColumns + pad, bColumns + pad, n + pad)
    func stored(_ rows: Int, _ columns: Int, _ ld: Int, _ value: (Int, Int) -> S) -> [S] {
      var out = [S](repeating: .nan, count: rows * ld)
      for i in 0..<rows { for j in 0..<columns { out[i * ld + j] = value(i, j) } }
      return out
    }
    let a = stored(aRows, aColumns, lda) { i, j in S((i * 3 + j * 5) % 7 - 3) }
    let b = stored(bRows, bColumns, ldb) { i, j in S((i * 2 + j * 3) % 5 - 2) }
    // β = 0 must ignore C's old contents (NaN here); otherwise they are scaled.
    let old = stored(m, n, ldc) { i, j in beta == 0 ? .nan : S(i - j) }
    var c = old
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          S._gemm(
            transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
            b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
        }
      }
    }
    var expected = old
    for i in 0..<m {
      for j in 0..<n {
        var sum: S = 0
        for l in 0..<k {
          sum += (ta ? a[l * lda + i] : a[i * lda + l]) * (tb ? b[j * ldb + l] : b[l * ldb + j])
        }
        expected[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * old[i * ldc + j])
      }
    }
    var (results, padding) = ([S](), [S]())
    for i in 0..<m {
      results += (0..<n).map { c[i * ldc + $0] }
      padding += (n..<ldc).map { c[i * ldc + $0] }
    }
    var want = [S]()
    for i in 0..<m { want += (0..<n).map { expected[i * ldc + $0] } }
    #expect(results == want, "\(context)")
    #expect(padding.count == m * pad && padding.allSatisfy(\.isNaN), "\(context)")
  }
}
