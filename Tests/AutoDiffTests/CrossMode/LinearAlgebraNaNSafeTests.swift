import AutoDiff
import Testing

// The NaN-safe chain rule in the BLAS and LAPACK pullbacks and JVPs: a zero cotangent or
// tangent times an infinite partial contributes 0 (the DerivativeConventions article), as
// in every elementwise operation, when the `NaNSafe` trait is on. BLAS and LAPACK form
// plain IEEE products (0 · ∞ = NaN), which is what the trait's off state expects.
// Expected values are worked out by hand; the comments give the products.

/// Same value, or both NaN; +0 and −0 count as equal (a negated 0 is −0, which is not
/// what these tests are about).
private func same(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

@Suite("BLAS and LAPACK pullbacks follow the NaN-safe chain rule")
struct LinearAlgebraNaNSafeTests {
  static let infinity = Double.infinity

  @Test("matmul pullback for the left operand: a zero cotangent meets an infinite entry of B")
  func matmulPullbackLeft() {
    // y = a·B with B = [[∞, 1], [2, 3]], cotangent ȳ = [[0, 1]]:
    // ā = ȳ·Bᵀ = [[0·∞ + 1·1, 0·2 + 1·3]].
    let b = Tensor<Double>([[Self.infinity, 1], [2, 3]])
    let pulled = vjp(of: { matmul($0, b) }, at: Tensor([[1.0, 2]]), cotangent: Tensor([[0, 1]])).vjp
    #expect(pulled.shape == [1, 2])
    #expect(same(pulled.scalars, [nanSafe(1), 3]), "\(pulled)")
  }

  @Test("matmul pullback for the right operand: a zero cotangent meets an infinite entry of A")
  func matmulPullbackRight() {
    // y = A·b with A = [[∞, 1]], cotangent ȳ = [[0, 1]]: b̄ = Aᵀ·ȳ = [[∞·0, ∞·1], [1·0, 1·1]].
    let a = Tensor<Double>([[Self.infinity, 1]])
    let pulled = vjp(of: { matmul(a, $0) }, at: Tensor([[1.0, 2], [3, 4]]), cotangent: Tensor([[0, 1]])).vjp
    #expect(pulled.shape == [2, 2])
    #expect(same(pulled.scalars, [nanSafe(0), Self.infinity, 0, 1]), "\(pulled)")
  }

  @Test("matmul with a rank-1 operand, through gradient: the same rule")
  func matmulVectorGradient() {
    // f(x) = (x·B)[1] with B = [[∞, 1], [2, 3]]: ∇f = [0·∞ + 1·1, 0·2 + 1·3].
    let b = Tensor<Double>([[Self.infinity, 1], [2, 3]])
    let g = gradient(of: { matmul($0, b)[1] }, at: Tensor([1.0, 2]))
    #expect(same(g.scalars, [nanSafe(1), 3]), "\(g)")
  }

  @Test("matmul JVP: a zero tangent meets an infinite entry of B")
  func matmulJVP() {
    // dy = da·B with da = [[0, 1]]: [[0·∞ + 1·2, 0·1 + 1·3]].
    let b = Tensor<Double>([[Self.infinity, 1], [2, 3]])
    let tangent = jvp(of: { matmul($0, b) }, at: Tensor([[1.0, 2]]), along: Tensor([[0, 1]])).tangent
    #expect(same(tangent.scalars, [nanSafe(2), 3]), "\(tangent)")
  }

  @Test("inverse pullback: −Yᵀ·Ȳ·Yᵀ with an infinite cotangent and zero entries of Y")
  func inversePullback() {
    // f(A) = ∞·(A⁻¹)₀₁ at A = I: Y = I, Ȳ = [[0, ∞], [0, 0]], Ā = −Ȳ NaN-safely.
    // Plain: Yᵀ·Ȳ = [[0, ∞], [0, 0·∞ + 1·0 = NaN]], then (·)·Yᵀ puts a NaN term in
    // every entry but (0, 1).
    let g = gradient(of: { Tensor(Self.infinity) * inverse($0)[0][1] }, at: Tensor<Double>.identity(2))
    #if NaNSafe
    let expected: [Double] = [0, -Self.infinity, 0, 0]
    #else
    let expected: [Double] = [.nan, -Self.infinity, .nan, .nan]
    #endif
    #expect(same(g.scalars, expected), "\(g)")
  }

  @Test("determinant pullback at a singular matrix: cofactor 0 times an infinite cotangent")
  func determinantPullback() {
    // f(A) = ∞·det A at A = [[0, 0], [0, 1]]: the cofactors are [[1, −0], [−0, 0]], so
    // Ā = [[1·∞, 0·∞], [0·∞, 0·∞]].
    let g = gradient(of: { Tensor(Self.infinity) * determinant($0) }, at: Tensor<Double>([[0, 0], [0, 1]]))
    #expect(same(g.scalars, [Self.infinity, nanSafe(0), nanSafe(0), nanSafe(0)]), "\(g)")
  }

  @Test("logDeterminant pullback: an entry 0 of A⁻ᵀ times an infinite cotangent")
  func logDeterminantPullback() {
    // f(A) = ∞·log|det A| at A = diag(2, 4): A⁻ᵀ = diag(½, ¼), Ā = [[∞, 0·∞], [0·∞, ∞]].
    let g = gradient(
      of: { Tensor(Self.infinity) * logDeterminant($0).logMagnitude }, at: Tensor<Double>([[2, 0], [0, 4]]))
    #expect(same(g.scalars, [Self.infinity, nanSafe(0), nanSafe(0), Self.infinity]), "\(g)")
  }

  @Test("solve pullback: A⁻ᵀ·x̄ with an infinite x̄ and zero entries of A⁻¹")
  func solvePullback() {
    // f(b) = ∞·solve(I, b)₀: x̄ = [∞, 0], b̄ = I·x̄ = [1·∞ + 0·0, 0·∞ + 1·0] = [∞, 0]
    // NaN-safely. LAPACK substitutes twice with plain products (the triangular factors of
    // I): the first pass gives [∞, 0 − 0·∞ = NaN], the second [∞ − 0·NaN, NaN] = [NaN, NaN].
    let g = gradient(of: { Tensor(Self.infinity) * solve(Tensor<Double>.identity(2), $0)[0] }, at: Tensor([1.0, 2]))
    // Through A: Ā = −b̄·xᵀ with x = [1, 2]: [[−∞, −∞], [−0·1, −0·2]] NaN-safely.
    let gA = gradient(of: { Tensor(Self.infinity) * solve($0, Tensor([1.0, 2]))[0] }, at: Tensor<Double>.identity(2))
    #if NaNSafe
    #expect(same(g.scalars, [Self.infinity, 0]), "\(g)")
    #expect(same(gA.scalars, [-Self.infinity, -Self.infinity, 0, 0]), "\(gA)")
    #else
    #expect(same(g.scalars, [.nan, .nan]), "\(g)")
    #expect(same(gA.scalars, [.nan, .nan, .nan, .nan]), "\(gA)")
    #endif
  }

  @Test("cholesky pullback: an infinite cotangent on L₁₀ at A = I")
  func choleskyPullback() {
    // L = I and L̄ = [[0, 0], [∞, 0]]: Lᵀ·L̄ = L̄ NaN-safely, its lower part with the
    // diagonal halved is L̄ again, the two solves with L = I leave it, and symmetrising
    // gives (∞ + 0)/2 = ∞ off the diagonal. Plain, Lᵀ·L̄ has 1·0 + 0·∞ = NaN at (0, 0).
    let g = gradient(of: { Tensor(Self.infinity) * cholesky($0)[1][0] }, at: Tensor<Double>.identity(2))
    #expect(g.scalars.count == 4)
    #if NaNSafe
    #expect(same(g.scalars, [0, Self.infinity, Self.infinity, 0]), "\(g)")
    #else
    #expect(g.scalars.first?.isNaN == true, "\(g)")
    #endif
  }

  @Test("matmul pullback in Float: the same rule")
  func matmulPullbackFloat() {
    let b = Tensor<Float>([[.infinity, 1], [2, 3]])
    let pulled = vjp(of: { matmul($0, b) }, at: Tensor<Float>([[1, 2]]), cotangent: Tensor([[0, 1]])).vjp
    #expect(pulled.scalars.count == 2)
    #expect(pulled.scalars.last == 3)
    #expect(nanSafeChainRule ? pulled.scalars.first == 1 : pulled.scalars.first?.isNaN == true, "\(pulled)")
  }

  @Test("inverse and solve JVPs: an infinite tangent meets zero entries of A⁻¹")
  func inverseAndSolveJVP() {
    // dY = −Y·dA·Y at A = I with dA = [[0, ∞], [0, 0]]: −dA NaN-safely. Plain, Y·dA has
    // 0·∞ at (1, 1) and the second product spreads it to every entry but (0, 1).
    let dY = jvp(of: { inverse($0) }, at: Tensor<Double>.identity(2), along: Tensor([[0, Self.infinity], [0, 0]])).tangent
    // dx = A⁻¹·db at A = I with db = [∞, 0]: [∞, 0] NaN-safely; LAPACK's two plain
    // substitutions give [NaN, NaN] (as in the solve pullback).
    let dx = jvp(of: { solve(Tensor<Double>.identity(2), $0) }, at: Tensor([1.0, 2]), along: Tensor([Self.infinity, 0])).tangent
    #if NaNSafe
    #expect(same(dY.scalars, [0, -Self.infinity, 0, 0]), "\(dY)")
    #expect(same(dx.scalars, [Self.infinity, 0]), "\(dx)")
    #else
    #expect(same(dY.scalars, [.nan, -Self.infinity, .nan, .nan]), "\(dY)")
    #expect(same(dx.scalars, [.nan, .nan]), "\(dx)")
    #endif
  }

  @Test("Finite partials and perturbations: the products are the plain ones")
  func finiteUnchanged() {
    // y = a·B, ȳ = [[1, 1]]: ā = [[1 + 2, 3 + 4]] = [[3, 7]] with B = [[1, 2], [3, 4]].
    let b = Tensor<Double>([[1, 2], [3, 4]])
    let pulled = vjp(of: { matmul($0, b) }, at: Tensor([[5.0, 6]]), cotangent: Tensor([[1, 1]])).vjp
    #expect(same(pulled.scalars, [3, 7]))
    // inverse of diag(2, 4): d(A⁻¹)₀₀/dA₀₀ = −¼.
    let g = gradient(of: { inverse($0)[0][0] }, at: Tensor<Double>([[2, 0], [0, 4]]))
    #expect(same(g.scalars, [-0.25, 0, 0, 0]))
  }
}
