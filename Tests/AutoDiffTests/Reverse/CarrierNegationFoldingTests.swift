import AutoDiff
import Testing

/// Σ (cᵢ − xᵢ)² · sin(−xᵢ₊₁) + √(c₀ − x₀): every negation written as one (c − x, −x).
func withNegations<T: Differentiable>(_ x: [T]) -> T {
  var sum: T = .sqrt(T.constant(1.5) - x[0])
  for i in x.indices {
    let difference = T.constant(Double(i) * 0.25) - x[i]
    sum += difference * difference * .sin(-x[(i + 1) % x.count])
  }
  return sum
}

/// The same function with every negation a multiplication by the constant −1, which a
/// carrier records as an entry of its own (partial −1): the unfolded recording.
func withRecordedNegations<T: Differentiable>(_ x: [T]) -> T {
  let minusOne = T.constant(-1)
  var sum: T = .sqrt(T.constant(1.5) + x[0] * minusOne)
  for i in x.indices {
    let difference = T.constant(Double(i) * 0.25) + x[i] * minusOne
    sum += difference * difference * .sin(x[(i + 1) % x.count] * minusOne)
  }
  return sum
}

@Suite("Carriers fold negations: exactly, into a scale of ±1")
struct CarrierNegationFoldingTests {
  @Test("On dual numbers c − y and −y record nothing, and (c − y)² records one entry")
  func negationsRecordNothing() {
    let tape = Tape<Dual<Double>>()
    let y = tape.input(Dual(0.5, derivative: 1))
    let d = Tracked(constant: Dual(3.0)) - y
    let n = -y
    #expect(tape.count == 1)
    #expect(d.entryIndex == 0 && n.entryIndex == 0)
    // The scale is −1 with a zero tangent (`==` on duals compares values only).
    for scale in [d.derivativeWithRespectToEntry, n.derivativeWithRespectToEntry] {
      #expect(scale.value == -1 && scale.derivative == 0)
    }
    // −(−y) is y again, with scale +1.
    #expect((-n).derivativeWithRespectToEntry.value == 1)
    // (c − y)²: one entry whose partial is the sign times ∂(d·d)/∂d = −2d, tangent included.
    let square = d * d
    #expect(tape.operations.map(\.name) == ["input", "multiply"])
    #expect(tape.entries[1].partials.count == 1)
    let partial = tape.entries[1].partials[0]
    #expect(partial.value == -5 && partial.derivative == 2)
    // d(y)/dy of (3 − y)² at 0.5 is −2·2.5 = −5.
    #expect(tape.gradient(of: square, withRespectTo: [y]).map(\.value) == [-5])
  }

  @Test("A k-means distance on dual numbers records a square and an addition per term")
  func multiplyAddEntries() {
    // Σₗ (pₗ − cₗ)²: each term is a negation, a square and an addition (the first added
    // to the constant 0, which records nothing).
    func distance<T: Differentiable>(_ c: [T]) -> T {
      var sum: T = 0
      for l in c.indices {
        let difference = T.constant(Double(l)) - c[l]
        sum += difference * difference
      }
      return sum
    }
    let d = 16
    let point = (0..<d).map { Double($0) * 0.3 }
    // Plain numbers fold the negation and the square into the scale: d − 1 additions.
    #expect(countEntries(Double.self, distance, point) == d + (d - 1))
    // Duals fold the negation only: d squares and d − 1 additions (3d − 1 when every
    // negation was an entry).
    #expect(countEntries(Dual<Double>.self, distance, point) == d + d + (d - 1))
  }

  func countEntries<T: Differentiable>(
    _: T.Type, _ f: ([Tracked<T>]) -> Tracked<T>, _ x: [Double]
  ) -> Int {
    let tape = Tape<T>()
    _ = f(x.map { tape.input(T.constant($0)) })
    return tape.count
  }

  @Test(
    "Folded negations give the unfolded recording's gradient and H·v bit for bit",
    arguments: 0..<4)
  func bitForBit(stream: Int) {
    var rng = SeededGenerator(stream: 700 + stream)
    var checked = 0
    for trial in 0..<50 {
      var x = (0..<6).map { _ in rng.sample(from: [-2...2]) }
      let v = (0..<6).map { _ in rng.sample(from: [-1...1]) }
      // Edge points: √ at 0 (an infinite partial) and a zero direction.
      if trial == 0 { x[0] = 1.5 }
      if trial == 1 { x[0] = 1.5; x[1] = 0.25 }
      let folded = gradientAndHessianVectorProduct(of: { withNegations($0) }, at: x, along: v)
      let unfolded = gradientAndHessianVectorProduct(
        of: { withRecordedNegations($0) }, at: x, along: v)
      #expect(folded.gradient.count == x.count && folded.hessianVectorProduct.count == x.count)
      #expect(unfolded.gradient.count == x.count && unfolded.hessianVectorProduct.count == x.count)
      // Bits, with +0 and −0 the same (the sign of a zero adjoint is not part of the
      // contract: see the doc comment of `Tracked.signed(_:by:)`).
      func bits(_ a: [Double]) -> [UInt64] { a.map { ($0 == 0 ? 0 : $0).bitPattern } }
      #expect(bits(folded.gradient) == bits(unfolded.gradient), "\(rng.seedDescription), x = \(x)")
      #expect(
        bits(folded.hessianVectorProduct) == bits(unfolded.hessianVectorProduct),
        "\(rng.seedDescription), x = \(x)")
      checked += 1
    }
    #expect(checked == 50)
  }

  @Test("The folded recording is shorter than the unfolded one")
  func foldedIsShorter() {
    let x = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    let folded = countEntries(Dual<Double>.self, { withNegations($0) }, x)
    let unfolded = countEntries(Dual<Double>.self, { withRecordedNegations($0) }, x)
    // One negation entry per c − x and per sin(−x), plus the one under the square root.
    #expect(unfolded - folded == 2 * x.count + 1)
  }

  @Test("The sparse Hessian of a function with negations equals the dense one")
  func sparseAgreesWithDense() {
    struct Negations: DifferentiableScalarFunction {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> T { withNegations(x) }
    }
    let x = [0.1, -0.7, 0.3, 1.2, -0.5, 0.6]
    let sparse = hessian(of: Negations(), at: x, sparsity: .detect).dense
    let dense = hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in withRecordedNegations(v) }, at: x)
    #expect(sparse.count == dense.count)
    for (s, d) in zip(sparse, dense) {
      #expect(s.count == d.count)
      // Both are forward-over-reverse in the same order of operations but for the
      // negations and the lane count; 1e-13 relative bounds that reordering.
      for (a, b) in zip(s, d) { #expect(abs(a - b) <= 1e-13 * max(1, abs(b))) }
    }
  }
}
