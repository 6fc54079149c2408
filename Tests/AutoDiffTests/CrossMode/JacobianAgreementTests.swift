import AutoDiff
import RealModule
import Testing

@Suite("Forward and reverse Jacobians agree")
struct JacobianAgreementTests {
  /// |a − b| ≤ 1e-12 · max(1, largest |entry|): the two modes sum the same products in
  /// different orders, so they agree to rounding relative to the Jacobian's scale.
  static func agree(_ a: [[Double]], _ b: [[Double]], tolerance: Double = 1e-12) -> Bool {
    guard a.count == b.count else { return false }
    let scale = max(1, (a + b).flatMap { $0 }.map(\.magnitude).max() ?? 0)
    return zip(a, b).allSatisfy { rowA, rowB in
      rowA.count == rowB.count
        && zip(rowA, rowB).allSatisfy { ($0 - $1).magnitude <= tolerance * scale }
    }
  }

  static func point(for f: CatalogFunction, _ generator: inout SeededGenerator) -> [Double] {
    (0..<f.inputCount).map { _ in Double.random(in: f.domain, using: &generator) }
  }

  @Test("Catalogue has at least 25 functions")
  func catalogueSize() {
    #expect(Catalog.functions.count >= 25)
  }

  @Test("forward == reverse to 1e-12 at 20 seeded random points", arguments: Catalog.functions)
  func modesAgree(_ f: CatalogFunction) {
    var generator = SeededGenerator(seed: 0xC0FFEE)
    for _ in 0..<20 {
      let x = Self.point(for: f, &generator)
      let forward = jacobian(of: f, at: x, mode: .forward)
      let reverse = jacobian(of: f, at: x, mode: .reverse)
      #expect(Self.agree(forward, reverse), "\(f.name) at \(x) (\(generator.seedDescription))")
      let unchunked = jacobian(of: { f($0) }, at: x, mode: ForwardMode<1>())
      #expect(unchunked == forward, "chunk sizes 1 and 8 differ for \(f.name) at \(x)")
    }
  }

  @Test("both modes match five-point differences, and checkJacobian passes", arguments: Catalog.functions)
  func matchCentralDifferences(_ f: CatalogFunction) {
    var generator = SeededGenerator(seed: 0xD1FF)
    for _ in 0..<5 {
      let x = Self.point(for: f, &generator)
      // The reference is the tests' own five-point stencil (Support/CentralDifference.swift),
      // not the library's: its error is about ε^(4/5) ≈ 3e-13 times the scale of the
      // fifth derivatives, so 1e-6 relative to the Jacobian's scale leaves a wide margin
      // for the catalogue's steepest functions and still fails any wrong partial.
      let reference = fivePointJacobian(of: { f($0) }, at: x)
      #expect(reference.count == f(x).count && reference.allSatisfy { $0.count == f.inputCount })
      let forward = jacobian(of: f, at: x, mode: .forward)
      let reverse = jacobian(of: f, at: x, mode: .reverse)
      #expect(Self.agree(forward, reference, tolerance: 1e-6), "forward, \(f.name) at \(x)")
      #expect(Self.agree(reverse, reference, tolerance: 1e-6), "reverse, \(f.name) at \(x)")
      // The library's own checker (reverse mode against its central differences) agrees.
      let check = checkJacobian(of: { f($0) }, at: x, tolerance: 1e-6)
      #expect(check.passed, "\(f.name) at \(x): \(check)")
    }
  }

  @Test("folding one-operand chains changes no reverse Jacobian beyond rounding", arguments: Catalog.functions)
  func foldedAgreesWithUnfolded(_ f: CatalogFunction) {
    // On Tracked<Double> one-operand operations fold into scales; on Tracked<Dual<Double>>
    // nothing folds (one entry per operation). The duals' values are the unfolded sweep.
    var generator = SeededGenerator(seed: 0xF01D)
    for _ in 0..<10 {
      let x = Self.point(for: f, &generator)
      let folded = jacobian(of: f, at: x, mode: .reverse)
      let unfolded = jacobian(of: f, at: x.map { Dual($0, derivative: 0) }, mode: .reverse)
        .map { $0.map(\.value) }
      #expect(Self.agree(folded, unfolded, tolerance: 1e-13), "\(f.name) at \(x)")
    }
  }

  @Test("⟨J·v, u⟩ == ⟨v, Jᵀ·u⟩: jvp against vjp", arguments: Catalog.functions)
  func adjointIdentity(_ f: CatalogFunction) {
    var generator = SeededGenerator(seed: 0xAD701)
    for _ in 0..<20 {
      let x = Self.point(for: f, &generator)
      let v = (0..<f.inputCount).map { _ in Double.random(in: -1...1, using: &generator) }
      let (y, jv) = jvp(of: { f($0) }, at: x, along: v)
      let u = y.map { _ in Double.random(in: -1...1, using: &generator) }
      let (_, jtu) = vjp(of: { f($0) }, at: x, cotangent: u)
      let left = zip(jv, u).map(*).reduce(0, +)
      let right = zip(v, jtu).map(*).reduce(0, +)
      let scale = max(1, zip(jv, u).map { ($0 * $1).magnitude }.reduce(0, +))
      #expect((left - right).magnitude <= 1e-12 * scale, "\(f.name): \(left) vs \(right)")
    }
  }

  @Test(".automatic picks forward when m > 2n or n ≤ 8 and reverse otherwise, same matrix")
  func automaticMode() throws {
    let wide = try #require(Catalog.functions.first { $0.name == "matrix × vector" })  // 3 → 5
    let tall = try #require(Catalog.functions.first { $0.name == "Rosenbrock" })  // 6 → 1
    for f in [wide, tall] {
      var generator = SeededGenerator(seed: 7)
      let x = Self.point(for: f, &generator)
      let automatic = jacobian(of: f, at: x)
      let chosen: JacobianMode = f.inputCount <= 8 || f(x).count > 2 * f.inputCount ? .forward : .reverse
      #expect(automatic == jacobian(of: f, at: x, mode: chosen))
    }
  }

  /// Fⱼ(x) = Σᵢ sin(xᵢ·(j+1))·x₍ᵢ₊ⱼ₎ mod n with three outputs: every output reads every input.
  struct Mixing: DifferentiableFunction {
    func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
      (0..<3).map { j in
        x.indices.reduce(T(0)) { sum, i in sum + T.sin(x[i] * T(j + 1)) * x[(i + j) % x.count] }
      }
    }
  }

  @Test(
    "A function object's .forward takes chunks of 8 to 64 tangents and gives the 8-tangent matrix, bit for bit",
    arguments: [1, 8, 9, 16, 17, 32, 33, 64, 65, 130])
  func forwardChunkWidths(n: Int) {
    var generator = SeededGenerator(stream: n)
    let x = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
    let widths = jacobian(of: Mixing(), at: x, mode: .forward)
    let eight = jacobian(of: { Mixing()($0) }, at: x, mode: .forward)
    #expect(widths == eight, "n = \(n), \(generator.seedDescription)")
    #expect(Self.agree(widths, jacobian(of: Mixing(), at: x, mode: .reverse)), "n = \(n)")
  }

  /// Fⱼ(x) = Σᵢ sin(xᵢ·(j+1))·xᵢ with `outputs` outputs, for any number of inputs.
  struct Spread: DifferentiableFunction {
    let outputs: Int
    func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
      (0..<outputs).map { j in x.reduce(T(0)) { $0 + T.sin($1 * T(j + 1)) * $1 } }
    }
  }

  @Test(
    ".automatic beyond 64 inputs learns m from the recording: the same matrix as the mode it picks",
    arguments: [(9, 3), (16, 16), (16, 32), (16, 33), (70, 3), (70, 70), (70, 140), (70, 141)])
  func automaticFromRecording(n: Int, m: Int) {
    var generator = SeededGenerator(stream: n &* 1000 &+ m)
    let x = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
    let f = Spread(outputs: m)
    // From 9 inputs on, forward only when m > 2n.
    let chosen: JacobianMode = m > 2 * n ? .forward : .reverse
    #expect(jacobian(of: f, at: x) == jacobian(of: f, at: x, mode: chosen), "n = \(n), m = \(m)")
  }

  @Test("A plain generic function passed by name compiles in both modes")
  func genericFunctionByName() {
    func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .sin(x[0]), x[1] / x[0]] }
    let x = [0.7, -1.3]
    let forward = jacobian(of: f, at: x, mode: .forward)
    let reverse = jacobian(of: f, at: x, mode: .reverse)
    #expect(Self.agree(forward, reverse))
    #expect(forward[0] == [x[1], x[0]])
  }
}
