import AutoDiff
import RealModule
import Testing

// Objectives and constraints, each written once for every Differentiable type.

/// x + y
private struct Sum: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x.reduce(0, +) }
}

/// ‖x‖² − r²
private struct Sphere: DifferentiableScalarFunction {
  let radiusSquared: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x.reduce(0) { $0 + $1 * $1 } - T(radiusSquared)
  }
}

/// aᵀx − b, integer coefficients.
private struct Linear: DifferentiableScalarFunction {
  let coefficients: [Int]
  let constant: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    zip(coefficients, x).reduce(0) { $0 + T($1.0) * $1.1 } - T(constant)
  }
}

/// ½xᵀQx + cᵀx, integer coefficients (Q row-major).
private struct Quadratic: DifferentiableScalarFunction {
  let q: [Int]
  let c: [Int]
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let n = x.count
    var value: T = 0
    for i in 0..<n {
      for j in 0..<n { value += T(q[i * n + j]) * x[i] * x[j] / 2 }
      value += T(c[i]) * x[i]
    }
    return value
  }
}

/// Σ (xᵢ − i)²
private struct DistanceToRamp: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x.indices.reduce(0) { sum, i in sum + (x[i] - T(i)) * (x[i] - T(i)) }
  }
}

/// Σ (e^xᵢ − (i + 1)·xᵢ): convex, least at xᵢ = ln(i + 1).
private struct ExponentialBowl: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x.indices.reduce(0) { $0 + .exp(x[$1]) - T($1 + 1) * x[$1] }
  }
}

/// x² − y²
private struct Saddle: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] - x[1] * x[1] }
}

/// x
private struct First: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] }
}

/// x² + 1: never zero.
private struct Unsatisfiable: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] + 1 }
}

/// Every entry within `tolerance` (absolute) of the closed form, and the same count. The
/// default 1e-10 matches the solver's default stopping tolerance on ‖∇L‖: with a
/// well-conditioned Hessian of the Lagrangian (every problem here) the error in x and λ
/// is of the order of the residual, and any other stationary point is ≥ 0.1 away.
private func expectClose(
  _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-10,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  let difference = zip(actual, expected).map { abs($0 - $1) }.max() ?? .infinity
  #expect(difference <= tolerance, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
}

@Suite("Lagrange multipliers: Newton's method on ∇L = 0")
struct LagrangeMultiplierTests {
  @Test(
    "Maximise x + y on the unit circle: (√2/2, √2/2), λ = 1/√2, curvature −√2",
    arguments: [[1.0, 0.5], [0.2, 1.5], [3.0, 0.1], [0.6, 0.6]])
  func circle(start: [Double]) throws {
    let solution = try maximize(Sum(), subjectTo: [Sphere(radiusSquared: 1)], from: start)
    let half = Double.sqrt(2) / 2
    expectClose(solution.x, [half, half])
    expectClose(solution.multipliers, [1 / Double.sqrt(2)])
    expectClose([solution.value], [Double.sqrt(2)])
    #expect(solution.kind == .maximum)
    expectClose(solution.curvatures, [-Double.sqrt(2)])
    #expect(solution.residual <= 1e-10)
    #expect(solution.iterations >= 1 && solution.iterations <= 12)
  }

  @Test("Minimise x + y on the unit circle from the third quadrant: (−√2/2, −√2/2)")
  func circleMinimum() throws {
    let solution = try minimize(Sum(), subjectTo: [Sphere(radiusSquared: 1)], from: [-1.0, -0.2])
    let half = Double.sqrt(2) / 2
    expectClose(solution.x, [-half, -half])
    expectClose(solution.multipliers, [-1 / Double.sqrt(2)])
    #expect(solution.kind == .minimum)
  }

  @Test("minimize refuses the maximum Newton's method finds from the first quadrant")
  func minimizeRefusesMaximum() {
    #expect {
      _ = try minimize(Sum(), subjectTo: [Sphere(radiusSquared: 1)], from: [1.0, 0.5])
    } throws: { error in
      guard let error = error as? LagrangeError<Double> else { return false }
      return error.reason == .wrongKind(.maximum)
        && error.description.contains("minimize: Newton's method converged in")
        && error.description.contains("to a stationary point of the Lagrangian that is a maximum")
    }
    // stationaryPoint reports it without judging.
    #expect((try? stationaryPoint(of: Sum(), subjectTo: [Sphere(radiusSquared: 1)], from: [1.0, 0.5]))?.kind == .maximum)
  }

  @Test("x² + 2y² + 3z² subject to x + y + z = 1 and x − y = 0: (0.4, 0.4, 0.2), λ = (1.2, −0.4), one Newton step")
  func quadraticWithTwoLinearConstraints() throws {
    let objective = Quadratic(q: [2, 0, 0, 0, 4, 0, 0, 0, 6], c: [0, 0, 0])
    let constraints: [any DifferentiableScalarFunction] = [
      Linear(coefficients: [1, 1, 1], constant: 1), Linear(coefficients: [1, -1, 0], constant: 0),
    ]
    let solution = try minimize(objective, subjectTo: constraints, from: [5.0, -3, 2])
    expectClose(solution.x, [0.4, 0.4, 0.2], tolerance: 1e-14)
    expectClose(solution.multipliers, [1.2, -0.4], tolerance: 1e-14)
    expectClose([solution.value], [0.4 * 0.4 + 2 * 0.4 * 0.4 + 3 * 0.2 * 0.2], tolerance: 1e-14)
    // Quadratic objective, linear constraints: Newton's method is exact in one step.
    #expect(solution.iterations == 1)
    #expect(solution.kind == .minimum)
  }

  @Test("A random quadratic ½xᵀQx + cᵀx with two linear constraints Ax = b against its closed form", arguments: [1, 2, 3] as [UInt64])
  func randomQuadraticClosedForm(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let n = 5
    let b = (0..<(n * n)).map { _ in Int.random(in: -3...3, using: &generator) }
    // Q = BᵀB + I: symmetric positive definite, integer.
    let q = (0..<n).flatMap { i in
      (0..<n).map { j in (0..<n).reduce(i == j ? 1 : 0) { $0 + b[$1 * n + i] * b[$1 * n + j] } }
    }
    let c = (0..<n).map { _ in Int.random(in: -5...5, using: &generator) }
    let a = (0..<(2 * n)).map { _ in Int.random(in: -2...2, using: &generator) }
    let rhs = (0..<2).map { _ in Int.random(in: -4...4, using: &generator) }
    let constraints: [any DifferentiableScalarFunction] = (0..<2).map {
      Linear(coefficients: Array(a[($0 * n)..<($0 * n + n)]), constant: rhs[$0])
    }
    let solution = try minimize(Quadratic(q: q, c: c), subjectTo: constraints, from: [Double](repeating: 0, count: n))

    // Closed form: Qx + c = Aᵀλ and Ax = b give λ = (AQ⁻¹Aᵀ)⁻¹(b + AQ⁻¹c), x = Q⁻¹(Aᵀλ − c).
    let qT = Tensor<Double>(shape: [n, n], scalars: q.map(Double.init))
    let aT = Tensor<Double>(shape: [2, n], scalars: a.map(Double.init))
    let cT = Tensor<Double>(c.map(Double.init))
    let bT = Tensor<Double>(rhs.map(Double.init))
    let qInverse = inverse(qT)
    let lambda = matmul(inverse(matmul(aT, matmul(qInverse, aT.transposed()))), bT + matmul(aT, matmul(qInverse, cT)))
    let x = matmul(qInverse, matmul(aT.transposed(), lambda) - cT)
    expectClose(solution.x, x.scalars, tolerance: 1e-10)
    expectClose(solution.multipliers, lambda.scalars, tolerance: 1e-10)
    #expect(solution.iterations == 1)
  }

  @Test("10 variables: the point of {‖x‖ = 1, Σx = 0} nearest (0, 1, …, 9) is (c − c̄)/‖c − c̄‖")
  func tenVariablesOnSphereAndPlane() throws {
    let c = (0..<10).map(Double.init)
    let centred = c.map { $0 - 4.5 }
    let length = Double.sqrt(centred.reduce(0) { $0 + $1 * $1 })  // √82.5
    let start = (0..<10).map { i in 0.1 * (Double(i) - 3) * (1 + 0.3 * Double.sin(Double(i))) }
    let constraints: [any DifferentiableScalarFunction] = [
      Sphere(radiusSquared: 1), Linear(coefficients: Array(repeating: 1, count: 10), constant: 0),
    ]
    let solution = try minimize(DistanceToRamp(), subjectTo: constraints, from: start)
    expectClose(solution.x, centred.map { $0 / length }, tolerance: 1e-12)
    // ∇f = 2(x − c) = 2λ₁x + λ₂·1 at the solution: λ₁ = 1 − ‖c − c̄‖, λ₂ = −2c̄.
    expectClose(solution.multipliers, [1 - length, -9], tolerance: 1e-10)
    #expect(solution.kind == .minimum)
    // The tangent space of the constraint surface has dimension 10 − 2.
    #expect(solution.curvatures.count == 8)
  }

  @Test("10 variables: Σxᵢ subject to Σxᵢ² = 10 is least at x = (−1, …, −1), λ = −1/2")
  func tenVariablesLinearOnSphere() throws {
    let start = (0..<10).map { -0.5 - 0.05 * Double($0) }
    let solution = try minimize(Sum(), subjectTo: [Sphere(radiusSquared: 10)], from: start)
    expectClose(solution.x, [Double](repeating: -1, count: 10), tolerance: 1e-12)
    expectClose(solution.multipliers, [-0.5], tolerance: 1e-12)
    expectClose([solution.value], [-10], tolerance: 1e-12)
  }

  @Test("No constraints: plain Newton's method with a line search, Σ(e^xᵢ − (i + 1)xᵢ) → xᵢ = ln(i + 1)")
  func unconstrained() throws {
    let solution = try minimize(ExponentialBowl(), subjectTo: [], from: [Double](repeating: 0, count: 4))
    expectClose(solution.x, (1...4).map { Double.log(Double($0)) }, tolerance: 1e-12)
    #expect(solution.multipliers.isEmpty)
    #expect(solution.kind == .minimum)
  }

  @Test("Kinds: a saddle of x² − y², and a point fixed by as many constraints as variables")
  func kinds() throws {
    let saddle = try stationaryPoint(of: Saddle(), subjectTo: [], from: [0.3, -0.2])
    #expect(saddle.kind == .saddle)
    expectClose(saddle.curvatures, [-2, 2])
    let pinned = try minimize(
      Saddle(), subjectTo: [Linear(coefficients: [1, 0], constant: 1), Linear(coefficients: [0, 1], constant: 2)],
      from: [0.0, 0.0])
    #expect(pinned.kind == .isolated)
    expectClose(pinned.x, [1, 2])
    // ∇f = (2x, −2y) = λ₁(1, 0) + λ₂(0, 1).
    expectClose(pinned.multipliers, [2, -4])
  }

  @Test("Float: maximise x + y on the unit circle")
  func float() throws {
    let solution = try maximize(Sum(), subjectTo: [Sphere(radiusSquared: 1)], from: [Float(1), 0.5])
    let half = Float.sqrt(2) / 2
    // Float's ε is 1.2e-7: Newton's method stops within a few ulps of the solution, and
    // 1e-5 (about 80 ulps at 0.7) bounds that while failing any wrong stationary point.
    #expect(solution.x.count == 2, "\(solution)")
    #expect(solution.x.allSatisfy { abs($0 - half) <= 1e-5 }, "\(solution)")
    #expect(solution.residual <= 100 * Float.ulpOfOne)
  }

  @Test("Unsatisfiable constraint x² + 1 = 0: a thrown error that says where it stopped")
  func unsatisfiable() {
    #expect {
      _ = try minimize(First(), subjectTo: [Unsatisfiable()], from: [0.5])
    } throws: { error in
      guard let error = error as? LagrangeError<Double> else { return false }
      let described = error.description
      return (error.reason == .lineSearchFailed || error.reason == .didNotConverge)
        && described.hasPrefix("minimize: Newton's method on ∇L = 0")
        && described.contains("at x = [")
        && error.residual > error.tolerance
    }
  }

  @Test("Too few iterations: didNotConverge names the count, the residual and the tolerance")
  func tooFewIterations() {
    #expect {
      _ = try maximize(Sum(), subjectTo: [Sphere(radiusSquared: 1)], from: [3.0, 0.1], maxIterations: 1)
    } throws: { error in
      guard let error = error as? LagrangeError<Double> else { return false }
      return error.reason == .didNotConverge && error.iterations == 1
        && error.description.contains("maximize: Newton's method on ∇L = 0 did not converge in 1 iteration: the residual ‖∇L‖ is")
        && error.description.contains("> tolerance 1e-10")
    }
  }
}
