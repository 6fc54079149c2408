import AutoDiff
import RealModule
import Testing

// The matrix-calculus identities of the teaching material, each checked by forward mode
// (one JVP per input element) and by reverse mode (one backward sweep), on seeded
// random matrices. Gradients are laid out like their variable; the Jacobian of a vector
// function is out × in (so ∂(Ax)/∂x = A here, Aᵀ in the denominator layout).
@Suite("Matrix calculus identities in both modes")
struct MatrixCalculusIdentityTests {
  static let seeds: [UInt64] = [101, 202, 303]

  /// ∇f by forward mode (the Jacobian of a scalar function) and by reverse mode.
  static func bothModes(
    _ f: (Tensor<Double>) -> Tensor<Double>, at x: Tensor<Double>
  ) -> (forward: [Double], reverse: [Double]) {
    (jacobian(of: f, at: x, mode: .forward).scalars, gradient(of: f, at: x).scalars)
  }

  static func expectClose(
    _ actual: [Double], _ expected: [Double], _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    // Same length and within 1e-12 of the largest entry: each identity's two sides are
    // short sums of products of O(1) entries (inverses of well-conditioned matrices),
    // rounded in different orders, so they differ by a few hundred ulps at most.
    let difference = JacobianComparison.relativeDifference(actual, expected)
    #expect(actual.count == expected.count, "\(what): \(actual.count) entries, expected \(expected.count)", sourceLocation: sourceLocation)
    #expect(difference <= 1e-12, "\(what): off by \(difference)", sourceLocation: sourceLocation)
  }

  @Test("∇ₓ(aᵀx) = a", arguments: seeds)
  func linearForm(seed: UInt64) {
    let a = RandomMatrix.vector(5, seed: seed)
    let x = RandomMatrix.vector(5, seed: seed + 1)
    let (forward, reverse) = Self.bothModes({ matmul(a, $0) }, at: x)
    Self.expectClose(forward, a.scalars, "forward")
    Self.expectClose(reverse, a.scalars, "reverse")
  }

  @Test("∂(Ax)/∂x = A (the Jacobian; Aᵀ in the denominator layout)", arguments: seeds)
  func matrixVectorProduct(seed: UInt64) {
    let a = RandomMatrix.normal(3, 5, seed: seed)
    let x = RandomMatrix.vector(5, seed: seed + 1)
    let forward = jacobian(of: { matmul(a, $0) }, at: x, mode: .forward)
    let reverse = jacobian(of: { matmul(a, $0) }, at: x, mode: .reverse)
    #expect(forward.shape == [3, 5] && reverse.shape == [3, 5])
    Self.expectClose(forward.scalars, a.scalars, "forward")
    Self.expectClose(reverse.scalars, a.scalars, "reverse")
  }

  @Test("∇ₓ(xᵀAx) = (A + Aᵀ)x", arguments: seeds)
  func quadraticForm(seed: UInt64) {
    let a = RandomMatrix.normal(4, 4, seed: seed)
    let x = RandomMatrix.vector(4, seed: seed + 1)
    let expected = matmul(a + a.transposed(), x).scalars
    let (forward, reverse) = Self.bothModes({ matmul($0, matmul(a, $0)) }, at: x)
    Self.expectClose(forward, expected, "forward")
    Self.expectClose(reverse, expected, "reverse")
  }

  @Test("W symmetric: ∂/∂s (x − As)ᵀW(x − As) = −2AᵀW(x − As)", arguments: seeds)
  func weightedLeastSquares(seed: UInt64) {
    let a = RandomMatrix.normal(5, 3, seed: seed)
    let w = RandomMatrix.symmetric(5, seed: seed + 1)
    let x = RandomMatrix.vector(5, seed: seed + 2)
    let s = RandomMatrix.vector(3, seed: seed + 3)
    func objective(_ s: Tensor<Double>) -> Tensor<Double> {
      let r = x - matmul(a, s)
      return matmul(r, matmul(w, r))
    }
    let expected = (matmul(a.transposed(), matmul(w, x - matmul(a, s))) * -2).scalars
    let (forward, reverse) = Self.bothModes(objective, at: s)
    Self.expectClose(forward, expected, "forward")
    Self.expectClose(reverse, expected, "reverse")
  }

  @Test("∂ ln|det A| / ∂A = A⁻ᵀ, for positive and negative determinants", arguments: seeds)
  func logDeterminantGradient(seed: UInt64) {
    // Negating one row flips the determinant's sign and leaves ln|det A|'s gradient A⁻ᵀ.
    let a = RandomMatrix.invertible(4, seed: seed)
    let flipped = a * Tensor([[-1], [1], [1], [1]])
    #expect(logDeterminant(a).sign == -logDeterminant(flipped).sign)
    for a in [a, flipped] {
      let expected = inverse(a).transposed().scalars
      let (forward, reverse) = Self.bothModes({ logDeterminant($0).logMagnitude }, at: a)
      Self.expectClose(forward, expected, "forward")
      Self.expectClose(reverse, expected, "reverse")
    }
  }

  @Test("∂ Tr(AB) / ∂A = Bᵀ", arguments: seeds)
  func traceOfProduct(seed: UInt64) {
    let a = RandomMatrix.normal(3, 4, seed: seed)
    let b = RandomMatrix.normal(4, 3, seed: seed + 1)
    let expected = b.transposed().scalars
    let (forward, reverse) = Self.bothModes({ trace(matmul($0, b)) }, at: a)
    Self.expectClose(forward, expected, "forward")
    Self.expectClose(reverse, expected, "reverse")
  }

  @Test("A single JVP is the directional derivative: tr(A⁻¹·V) for ln|det A| along V", arguments: seeds)
  func logDeterminantDirectional(seed: UInt64) {
    let a = RandomMatrix.invertible(4, seed: seed)
    let v = RandomMatrix.normal(4, 4, seed: seed + 1)
    let tangent = jvp(of: { logDeterminant($0).logMagnitude }, at: a, along: v).tangent.scalar
    let expected = trace(matmul(inverse(a), v)).scalar
    #expect(abs(tangent - expected) <= 1e-12 * max(1, abs(expected)))
  }
}
