import AutoDiff
import Testing

/// `batchedMatmul` forms every entry's product in place in the stacked arrays, and takes
/// them again entry by entry when a NaN appears (a 0·∞ term that the NaN-safe chain rule
/// makes 0). Expected values are worked by hand.
@Suite("batchedMatmul: products in place, and the NaN-safe chain rule through them")
struct TensorBatchedProductTests {
  @Test("each entry of the batch is its own matrix product, transposed or not")
  func productsPerEntry() {
    // A: [2, 2, 3], B: [2, 3, 2]; entry 1 of each is entry 0 plus a constant.
    let a = Tensor<Double>(shape: [2, 2, 3], scalars: [1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 7])
    let b = Tensor<Double>(shape: [2, 3, 2], scalars: [1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 2, 2])
    let y = batchedMatmul(a, b)
    // Entry 0: [1 2 3; 4 5 6]·[1 0; 0 1; 1 1] = [4 5; 10 11].
    // Entry 1: [2 3 4; 5 6 7]·[0 1; 1 0; 2 2] = [11 10; 20 19].
    #expect(y.shape == [2, 2, 2])
    #expect(y.scalars == [4, 5, 10, 11, 11, 10, 20, 19])
    // The pullback's products are transposed ones: ∂Σy/∂A = 1·Bᵀ per entry (each row of
    // an entry gets B's row sums), ∂Σy/∂B = Aᵀ·1 (each row of an entry, A's column sums).
    let (ga, gb) = gradient(of: { a, b in batchedMatmul(a, b).sum() }, at: a, b)
    #expect(ga.scalars == [1, 1, 2, 1, 1, 2, 1, 1, 4, 1, 1, 4])
    #expect(gb.scalars == [5, 5, 7, 7, 9, 9, 7, 7, 9, 9, 11, 11])
  }

  @Test("a zero cotangent against an infinite entry contributes 0 (NaN-safe), not NaN")
  func zeroTimesInfinity() {
    let a = Tensor<Double>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
    let b = Tensor<Double>(shape: [2, 2, 2], scalars: [.infinity, 1, 2, 3, 1, 2, 3, 4])
    let w = Tensor<Double>(shape: [2, 1, 2], scalars: [0, 1, 1, 1])
    // ∂/∂Aᵢ of Σ Wᵢ ⊙ (Aᵢ·Bᵢ) is Wᵢ·Bᵢᵀ. Entry 0: [0·∞ + 1·1, 0·2 + 1·3] = [1, 3] under
    // the NaN-safe rule (NaN, 3 without it); entry 1: [1 + 2, 3 + 4] = [3, 7].
    let g = gradient(of: { (batchedMatmul($0, b) * w).sum() }, at: a)
    let expected = [nanSafe(1), 3, 3, 7]
    #expect(g.scalars.count == expected.count)
    for (x, e) in zip(g.scalars, expected) {
      #expect(x.bitPattern == e.bitPattern || (x.isNaN && e.isNaN), "\(g.scalars) vs \(expected)")
    }
  }
}
