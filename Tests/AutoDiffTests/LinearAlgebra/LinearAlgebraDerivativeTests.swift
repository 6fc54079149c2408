import AutoDiff
import RealModule
import Testing

/// One linear-algebra operation as a function of one flat or matrix input, at a seeded
/// point where it is smooth.
struct MatrixCase: CustomTestStringConvertible, Sendable {
  let name: String
  let shape: [Int]
  let point: [Double]
  let function: @Sendable (Tensor<Double>) -> Tensor<Double>
  var testDescription: String { name }

  init(_ name: String, at point: Tensor<Double>, _ function: @escaping @Sendable (Tensor<Double>) -> Tensor<Double>) {
    self.name = name
    self.shape = point.shape
    self.point = point.scalars
    self.function = function
  }

  var x: Tensor<Double> { Tensor(shape: shape, scalars: point) }

  /// A and B packed into one vector, so one Jacobian covers both operands and the JVP
  /// sees both tangents at once.
  static func packed(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Tensor<Double> {
    Tensor(a.scalars + b.scalars)
  }

  static func unpacked(_ z: Tensor<Double>, _ aShape: [Int], _ bShape: [Int]) -> (Tensor<Double>, Tensor<Double>) {
    let split = aShape.reduce(1, *)
    return (z[0..<split].reshaped(to: aShape), z[split..<z.shape[0]].reshaped(to: bShape))
  }
}

enum MatrixCases {
  static let all: [MatrixCase] = [
    MatrixCase("inverse 4×4", at: RandomMatrix.invertible(4, seed: 11)) { inverse($0) },
    MatrixCase("inverse 1×1", at: Tensor([[-0.7]])) { inverse($0) },
    MatrixCase(
      "solve, A 4×4 and b [4] together",
      at: MatrixCase.packed(RandomMatrix.invertible(4, seed: 12), RandomMatrix.vector(4, seed: 13))
    ) { z in
      let (a, b) = MatrixCase.unpacked(z, [4, 4], [4])
      return solve(a, b)
    },
    MatrixCase(
      "solve, A 4×4 and B 4×3 together",
      at: MatrixCase.packed(RandomMatrix.invertible(4, seed: 14), RandomMatrix.normal(4, 3, seed: 15))
    ) { z in
      let (a, b) = MatrixCase.unpacked(z, [4, 4], [4, 3])
      return solve(a, b)
    },
    MatrixCase("solve, A only (B fixed)", at: RandomMatrix.invertible(3, seed: 16)) { a in
      solve(a, RandomMatrix.normal(3, 2, seed: 17))
    },
    MatrixCase("solve, B only (A fixed)", at: RandomMatrix.normal(3, 2, seed: 18)) { b in
      solve(RandomMatrix.invertible(3, seed: 19), b)
    },
    MatrixCase("determinant 4×4", at: RandomMatrix.invertible(4, seed: 20)) { determinant($0) },
    MatrixCase("determinant 1×1", at: Tensor([[2.5]])) { determinant($0) },
    MatrixCase(
      "determinant at an exactly singular 3×3 (rank 2): the cofactor matrix",
      at: Tensor([[4, 2, 2], [2, 3, 1], [4, 4, 2]])
    ) { determinant($0) },
    MatrixCase(
      "determinant at a rank-1 3×3: the cofactor matrix is 0",
      at: Tensor([[1, 2, 4], [2, 4, 8], [4, 8, 16]])
    ) { determinant($0) },
    MatrixCase("logDeterminant 4×4", at: RandomMatrix.invertible(4, seed: 21)) { logDeterminant($0).logMagnitude },
    MatrixCase(
      "logDeterminant with a negative determinant",
      at: Tensor([[0.3, 2, -1], [1.5, 0.2, 0.4], [-0.6, 1, 0.9]])
    ) { logDeterminant($0).logMagnitude },
    MatrixCase("trace 3×3", at: RandomMatrix.normal(3, 3, seed: 22)) { trace($0) },
    MatrixCase("trace 2×4 (rectangular)", at: RandomMatrix.normal(2, 4, seed: 23)) { trace($0) },
    MatrixCase("cholesky 4×4", at: RandomMatrix.positiveDefinite(4, seed: 24)) { cholesky($0) },
    MatrixCase(
      "cholesky of a non-symmetric input (symmetrised)",
      at: RandomMatrix.positiveDefinite(3, seed: 25) + RandomMatrix.normal(3, 3, seed: 26) * 0.2
    ) { cholesky($0) },
    MatrixCase("2·Σ log diag(cholesky(A)) (= log det A)", at: RandomMatrix.positiveDefinite(3, seed: 27)) { a in
      let l = cholesky(a)
      let diagonal = stack([l[0][0], l[1][1], l[2][2]])
      return Tensor.log(diagonal).sum() * 2
    },
    MatrixCase("inverse(A)·B + A (composite)", at: RandomMatrix.invertible(3, seed: 28)) { a in
      matmul(inverse(a), RandomMatrix.normal(3, 3, seed: 29)) + a
    },
  ]
}

@Suite("Linear algebra: forward and reverse Jacobians, central differences")
struct LinearAlgebraDerivativeTests {
  @Test("forward and reverse Jacobians agree to 1e-10", arguments: MatrixCases.all)
  func forwardMatchesReverse(_ c: MatrixCase) {
    let forward = jacobian(of: c.function, at: c.x, mode: .forward)
    let reverse = jacobian(of: c.function, at: c.x, mode: .reverse)
    #expect(forward.shape == reverse.shape)
    #expect(forward.shape == c.function(c.x).shape + c.shape)
    let difference = JacobianComparison.relativeDifference(forward.scalars, reverse.scalars)
    #expect(difference <= 1e-10, "\(c.name): forward vs reverse differ by \(difference)")
  }

  @Test("the reverse Jacobian matches central differences to 1e-6", arguments: MatrixCases.all)
  func reverseMatchesCentralDifferences(_ c: MatrixCase) {
    let reverse = jacobian(of: c.function, at: c.x, mode: .reverse)
    let estimate = JacobianComparison.centralDifferences(of: c.function, at: c.x)
    let difference = JacobianComparison.relativeDifference(reverse.scalars, estimate)
    #expect(difference <= 1e-6, "\(c.name): reverse vs central differences differ by \(difference)")
  }

  @Test("⟨J·v, u⟩ = ⟨v, Jᵀ·u⟩: the pullback is the transpose of the JVP", arguments: MatrixCases.all)
  func pullbackTransposesJVP(_ c: MatrixCase) {
    let outputShape = c.function(c.x).shape
    var generator = SeededGenerator(seed: 31)
    let v = Tensor<Double>.randomNormal(c.shape, using: &generator)
    let u = Tensor<Double>.randomNormal(outputShape, using: &generator)
    let jv = jvp(of: c.function, at: c.x, along: v).tangent
    let jtu = vjp(of: c.function, at: c.x, cotangent: u).vjp
    let left = (jv * u).sum().scalar
    let right = (v * jtu).sum().scalar
    #expect(
      abs(left - right) <= 1e-10 * max(1, abs(left)),
      "\(c.name): ⟨Jv, u⟩ = \(left), ⟨v, Jᵀu⟩ = \(right)")
  }

  @Test("∂det/∂A is the cofactor matrix at an exactly singular matrix and a nearly singular one")
  func cofactorsAtSingularMatrices() {
    // Row 3 = row 1 / 2 + row 2, and every multiplier of the elimination is a power of
    // two: getrf finds U[3,3] exactly zero, so the cofactors come from the minors.
    let exact = Tensor<Double>([[4, 2, 2], [2, 3, 1], [4, 4, 2]])
    #expect(determinant(exact).scalar == 0)
    let exactCofactors: [Double] = [2, 0, -4, 4, 0, -8, -4, 0, 8]
    #expect(gradient(of: { determinant($0) }, at: exact).scalars == exactCofactors)
    #expect(jacobian(of: { determinant($0) }, at: exact, mode: .forward).scalars == exactCofactors)

    // Singular in exact arithmetic, not in floating point (det ≈ 6.7e-16): det·A⁻ᵀ from
    // the LU factors still gives the cofactors to rounding.
    let near = Tensor<Double>([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    let nearCofactors: [Double] = [-3, 6, -3, 6, -12, 6, -3, 6, -3]
    let g = gradient(of: { determinant($0) }, at: near)
    #expect(JacobianComparison.relativeDifference(g.scalars, nearCofactors) <= 1e-12, "\(g)")
  }

  @Test("PyTorch style: logDeterminant(A).logMagnitude.backward() leaves A⁻ᵀ in A.gradient")
  func imperativeBackward() {
    var a = RandomMatrix.invertible(3, seed: 32)
    a.requiresGradient = true
    let (_, logMagnitude) = logDeterminant(a)
    #expect(logMagnitude.gradientFunction == "LogDeterminantBackward")
    logMagnitude.backward()
    let expected = inverse(a.detached()).transposed()
    #expect(JacobianComparison.relativeDifference(a.gradient?.scalars ?? [], expected.scalars) <= 1e-12)
    #expect(inverse(a).gradientFunction == "InverseBackward")
    #expect(solve(a, Tensor([1, 2, 3])).gradientFunction == "SolveBackward")
    #expect(determinant(a).gradientFunction == "DeterminantBackward")
    #expect(trace(a).gradientFunction == "TraceBackward")
  }

  @Test("Float: the derivatives agree with Double's to single precision")
  func floatDerivatives() {
    let a = RandomMatrix.positiveDefinite(3, seed: 33)
    let a32 = Tensor<Float>(shape: a.shape, scalars: a.scalars.map { Float($0) })
    let functions32: [(Tensor<Float>) -> Tensor<Float>] = [
      { inverse($0) }, { solve($0, Tensor([1, -1, 2])) }, { determinant($0) },
      { logDeterminant($0).logMagnitude }, { trace($0) }, { cholesky($0) },
    ]
    let functions64: [(Tensor<Double>) -> Tensor<Double>] = [
      { inverse($0) }, { solve($0, Tensor([1, -1, 2])) }, { determinant($0) },
      { logDeterminant($0).logMagnitude }, { trace($0) }, { cholesky($0) },
    ]
    for (f32, f64) in zip(functions32, functions64) {
      let reference = jacobian(of: f64, at: a, mode: .reverse).scalars
      let forward = jacobian(of: f32, at: a32, mode: .forward).scalars.map { Double($0) }
      let reverse = jacobian(of: f32, at: a32, mode: .reverse).scalars.map { Double($0) }
      #expect(JacobianComparison.relativeDifference(forward, reference) <= 1e-4)
      #expect(JacobianComparison.relativeDifference(reverse, reference) <= 1e-4)
    }
  }
}
