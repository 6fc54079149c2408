import AutoDiff
import RealModule
import Testing

// Vector (chunked) forward mode: ChunkedDual<T, k> and the forward Jacobian, gradient
// and Hessian built on it.

/// f: R¹⁰⁰ → R³, nontrivial in every input: a cyclic sin-product sum, a log-norm, and a
/// weighted tanh sum that couples every input to x₀.
func wide<T: Differentiable>(_ x: [T]) -> [T] {
  var cyclic: T = 0
  var squares: T = 1
  var weighted: T = 0
  for i in x.indices {
    let next = x[(i + 1) % x.count]
    cyclic += .sin(x[i]) * next
    squares += x[i] * x[i]
    weighted += T(i + 1) * .tanh(x[i]) * x[0]
  }
  return [cyclic, .log(squares), weighted / T(x.count)]
}

/// The Rosenbrock function Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)².
func rosenbrock<T: Differentiable>(_ x: [T]) -> T {
  var sum: T = 0
  for i in 0..<(x.count - 1) {
    let a = x[i + 1] - x[i] * x[i]
    let b = 1 - x[i]
    sum += 100 * a * a + b * b
  }
  return sum
}

/// The Rosenbrock Hessian in closed form.
func rosenbrockHessian(_ x: [Double]) -> [[Double]] {
  let n = x.count
  var h = Array(repeating: Array(repeating: 0.0, count: n), count: n)
  for i in 0..<n {
    if i < n - 1 {
      h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
      h[i][i + 1] = -400 * x[i]
      h[i + 1][i] = -400 * x[i]
    }
    if i > 0 { h[i][i] += 200 }
  }
  return h
}

/// The forward Jacobian of ``wide(_:)`` with chunk size k, and how many times f ran.
func countedJacobian<let k: Int>(_ mode: ForwardMode<k>, at x: [Double]) -> (jacobian: [[Double]], evaluations: Int) {
  var count = 0
  let j = jacobian(
    of: { (x: [ChunkedDual<Double, k>]) in
      count += 1
      return wide(x)
    }, at: x, mode: mode)
  return (j, count)
}

func seededPoint(count: Int, stream: Int) -> (point: [Double], seed: String) {
  var rng = SeededGenerator(stream: stream)
  return ((0..<count).map { _ in Double.random(in: -2...2, using: &rng) }, rng.seedDescription)
}

@Suite("Chunked forward mode")
struct ChunkedDualTests {
  @Test("Acceptance: a Jacobian of f: R¹⁰⁰ → R³ takes ⌈100/k⌉ evaluations and equals the k = 1 result exactly",
        arguments: [1, 3, 4, 8, 16])
  func evaluationCountAndExactness(_ k: Int) {
    let (x, seed) = seededPoint(count: 100, stream: 700)
    let reference = countedJacobian(ForwardMode<1>(), at: x)
    #expect(reference.evaluations == 100)
    let result =
      switch k {
      case 1: countedJacobian(ForwardMode<1>(), at: x)
      case 3: countedJacobian(ForwardMode<3>(), at: x)
      case 4: countedJacobian(ForwardMode<4>(), at: x)
      case 8: countedJacobian(.forward, at: x)
      case 16: countedJacobian(ForwardMode<16>(), at: x)
      default: fatalError("no ForwardMode<\(k)> in this test")
      }
    #expect(result.evaluations == (100 + k - 1) / k, "k = \(k)")
    #expect(result.jacobian.count == 3 && result.jacobian.allSatisfy { $0.count == 100 })
    #expect(result.jacobian == reference.jacobian, "k = \(k), \(seed)")
  }

  @Test("The forward Jacobian matches central differences and jvp columns")
  func jacobianMatchesCentralDifferencesAndJVP() throws {
    let (x, seed) = seededPoint(count: 12, stream: 701)
    let j = jacobian(of: wide, at: x, mode: .forward)
    let reference = fivePointJacobian(of: { wide($0) }, at: x)
    // Rows are indexed below: a short result must fail here, not trap.
    try #require(j.count == 3 && reference.count == 3)
    // Five-point differences err by about ε^(4/5) ≈ 3e-13 times the fifth derivatives'
    // scale; 1e-8 relative (1e-9 absolute near 0) bounds that with a wide margin.
    for i in 0..<3 {
      expectApproximatelyEqual(j[i], reference[i], relativeTolerance: 1e-8, absoluteTolerance: 1e-9, "row \(i), \(seed)")
    }
    // jvp along eⱼ (one Dual pass) is column j, bit for bit: same rules, same order.
    for col in x.indices {
      let e = x.indices.map { $0 == col ? 1.0 : 0 }
      let (value, tangent) = jvp(of: wide, at: x, along: e)
      #expect(value == wide(x))
      #expect(tangent == j.map { $0[col] }, "column \(col), \(seed)")
    }
  }

  @Test("Forward gradient matches central differences, for several chunk sizes")
  func gradientMatchesCentralDifferences() {
    let (x, seed) = seededPoint(count: 10, stream: 702)
    let reference = fivePointGradient(of: { rosenbrock($0) }, at: x)
    let g8 = gradient(of: rosenbrock, at: x, mode: .forward)
    expectApproximatelyEqual(g8, reference, relativeTolerance: 1e-8, absoluteTolerance: 1e-8, seed)
    #expect(gradient(of: rosenbrock, at: x, mode: ForwardMode<3>()) == g8)
    #expect(gradient(of: rosenbrock, at: x, mode: ForwardMode<1>()) == g8)
    let (value, g) = valueWithGradient(of: rosenbrock, at: x, mode: ForwardMode<4>())
    #expect(value == rosenbrock(x))
    #expect(g == g8)
  }

  @Test("Forward gradient at the Rosenbrock minimum (1, …, 1) is exactly 0")
  func gradientAtMinimum() {
    let g = gradient(of: rosenbrock, at: [Double](repeating: 1, count: 7), mode: .forward)
    #expect(g == [Double](repeating: 0, count: 7))
  }

  @Test("Forward-over-forward Hessian of Rosenbrock matches the closed form", arguments: [2, 5, 9])
  func rosenbrockHessianClosedForm(_ n: Int) throws {
    let (x, seed) = seededPoint(count: n, stream: 703 + n)
    let expected = rosenbrockHessian(x)
    let h8 = hessian(of: rosenbrock, at: x, mode: .forward)
    let h2 = hessian(of: rosenbrock, at: x, mode: ForwardMode<2>())
    // Rows and columns are indexed below: a wrong shape must fail here, not trap.
    try #require(h8.count == n && h8.allSatisfy { $0.count == n } && h2.count == n)
    // Entries are at most about 1e4 (x ∈ [−2, 2]) and each a sum of two or three rounded
    // products: 1e-13 relative with a 1e-12 floor near 0 bounds that rounding.
    for i in 0..<n {
      expectApproximatelyEqual(h8[i], expected[i], relativeTolerance: 1e-13, absoluteTolerance: 1e-12, "row \(i), \(seed)")
      #expect(h2[i] == h8[i], "row \(i), \(seed)")
      // Symmetric, bit for bit.
      for j in 0..<n { #expect(h8[i][j] == h8[j][i], "(\(i), \(j)), \(seed)") }
    }
    // At (1, 1, …): [[802, −400, …], [−400, 1002, …], …, [… 200]].
    let atOne = hessian(of: rosenbrock, at: [1.0, 1, 1], mode: .forward)
    #expect(atOne == [[802, -400, 0], [-400, 1002, -400], [0, -400, 200]])
  }

  @Test("jvp is linear in the tangent")
  func jvpLinearity() {
    var rng = SeededGenerator(stream: 710)
    let x = (0..<20).map { _ in Double.random(in: -2...2, using: &rng) }
    let u = (0..<20).map { _ in Double.random(in: -1...1, using: &rng) }
    let v = (0..<20).map { _ in Double.random(in: -1...1, using: &rng) }
    let (a, b) = (Double.random(in: -3...3, using: &rng), Double.random(in: -3...3, using: &rng))
    let ju = jvp(of: wide, at: x, along: u).tangent
    let jv = jvp(of: wide, at: x, along: v).tangent
    let combined = jvp(of: wide, at: x, along: zip(u, v).map { a * $0 + b * $1 }).tangent
    expectApproximatelyEqual(
      combined, zip(ju, jv).map { a * $0 + b * $1 }, relativeTolerance: 1e-12, absoluteTolerance: 1e-12,
      rng.seedDescription)
    // J·v equals the Jacobian times v.
    let j = jacobian(of: wide, at: x, mode: .forward)
    let product = j.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
    expectApproximatelyEqual(jv, product, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, rng.seedDescription)
    // The zero tangent gives exactly zero.
    #expect(jvp(of: wide, at: x, along: [Double](repeating: 0, count: 20)).tangent == [0, 0, 0])
  }

  @Test("ChunkedDual lanes: constants, independent lanes, description, isExactlyZero")
  func lanes() {
    let c = ChunkedDual<Double, 3>(constant: 2)
    #expect(c.value == 2 && (0..<3).allSatisfy { c.tangents[$0] == 0 })
    #expect(!c.isExactlyZero)
    #expect(ChunkedDual<Double, 3>(constant: 0).isExactlyZero)
    let x = ChunkedDual<Double, 3>(2, tangents: [1, 0, 3])
    let y = ChunkedDual<Double, 3>(5, tangents: [0, 1, -1])
    let p = x * y
    #expect(p.value == 10)
    #expect((0..<3).map { p.tangents[$0] } == [5, 2, 15 - 2])
    let s = ChunkedDual<Double, 3>.sin(x)
    #expect((0..<3).map { s.tangents[$0] } == [Double.cos(2), 0, 3 * Double.cos(2)])
    #expect(x.description == "2.0 + (1.0, 0.0, 3.0)ε")
    #expect(x.withoutDerivative.isExactlyZero == false && x.withoutDerivative.tangents[2] == 0)
    #expect(x == ChunkedDual<Double, 3>(constant: 2))
  }

  @Test("Empty input: a Jacobian of f: R⁰ → R² has two empty rows; a gradient is empty")
  func emptyInput() {
    func constant<T: Differentiable>(_ x: [T]) -> [T] { [1, 2] }
    #expect(jacobian(of: constant, at: [Double](), mode: .forward) == [[], []])
    func total<T: Differentiable>(_ x: [T]) -> T { x.reduce(3, +) }
    let (value, g) = valueWithGradient(of: total, at: [Double](), mode: .forward)
    #expect(value == 3 && g.isEmpty)
  }

  @Test("Negation, sum and difference over Double take their fast paths with the rule's bits, zeros' signs and NaNs included")
  func fastArithmeticMatchesTheRules() {
    let specials: [Double] = [0, -0.0, 1.5, -2.25, .infinity, -.infinity, .nan, .leastNonzeroMagnitude]
    func bits(_ x: ChunkedDual<Double, 2>) -> [UInt64] {
      // Every NaN compares as one pattern: a NaN's payload is not part of the rule.
      [x.value, x.tangents[0], x.tangents[1]].map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }
    }
    var compared = 0
    for a in specials {
      for b in specials {
        let x = ChunkedDual<Double, 2>(a, tangents: [b, a])
        let y = ChunkedDual<Double, 2>(b, tangents: [-a, b])
        #expect(bits(-x) == bits(x.applying(UnaryPrimitive.negate)), "−(\(x))")
        #expect(bits(x + y) == bits(x.applying(BinaryPrimitive.add, y)), "\(x) + \(y)")
        #expect(bits(x - y) == bits(x.applying(BinaryPrimitive.subtract, y)), "\(x) − \(y)")
        compared += 1
      }
    }
    #expect(compared == specials.count * specials.count)
  }
}
