import AutoDiff
import RealModule
import Testing

/// Gradients, kept-tape derivatives and pullbacks sweep with plain products first and
/// sweep again NaN-safely only when an input's adjoint comes out NaN. `Tape.adjoints(of:)`
/// always sweeps NaN-safely, so it is the reference here.
@Suite("The plain sweep gives the NaN-safe sweep's gradients, bit for bit")
struct PlainSweepTests {
  /// The NaN-safe adjoints of the inputs for output `j` of `f` at `x`.
  static func nanSafeGradient(_ f: CatalogFunction, output j: Int, at x: [Double]) -> [Double] {
    let tape = Tape<Double>()
    let y = f(x.map { tape.input($0) })[j]
    tape.end()
    return Array(tape.adjoints(of: y).prefix(x.count))
  }

  static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

  @Test("gradient, kept-tape gradient, pullback and Tape.gradient(of:withRespectTo:) equal the NaN-safe sweep", arguments: Catalog.functions)
  func catalogueAgrees(_ f: CatalogFunction) {
    var generator = SeededGenerator(seed: 0x5EED_5EEF)
    let kept = Tape<Double>()
    for _ in 0..<5 {
      let x = (0..<f.inputCount).map { _ in Double.random(in: f.domain, using: &generator) }
      let outputs = f(x).count
      for j in 0..<outputs {
        let reference = Self.bits(Self.nanSafeGradient(f, output: j, at: x))
        let component = { (v: [Tracked<Double>]) in f(v)[j] }
        #expect(Self.bits(gradient(of: component, at: x)) == reference, "\(f.name), output \(j)")
        #expect(Self.bits(kept.gradient(of: component, at: x)) == reference, "\(f.name), output \(j)")
        var cotangent = [Double](repeating: 0, count: outputs)
        cotangent[j] = 1
        let pulled = vjp(of: { f($0) }, at: x, cotangent: cotangent).vjp
        #expect(Self.bits(pulled) == reference, "\(f.name), output \(j)")
        let tape = Tape<Double>()
        let inputs = x.map { tape.input($0) }
        let y = f(inputs)[j]
        tape.end()
        #expect(Self.bits(tape.gradient(of: y, withRespectTo: inputs)) == reference, "\(f.name), output \(j)")
      }
    }
  }

  /// x₁·√x₀ at (0, 0): the sweep meets ∞ · 0 on the way to x₀, which the plain product
  /// makes NaN and the NaN-safe rule makes 0.
  static func rootProduct<T: Differentiable>(_ x: [T]) -> T { x[1] * .sqrt(x[0]) }

  /// Same bits, or both NaN (the NaN of ∞ · 0 need not have `Double.nan`'s bits).
  static func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
  }

  @Test("A NaN from ∞ · 0 is swept again NaN-safely by every reverse transform (plain IEEE without the trait)")
  func infinityTimesZero() {
    let x = [0.0, 0.0]
    // x̄₀ = ∂√x₀/∂x₀ · x̄ᵤ = ∞ · x₁ = ∞ · 0; x̄₁ = √x₀ = 0.
    #if NaNSafe
    let expected: [Double] = [0, 0]
    #else
    let expected: [Double] = [.nan, 0]
    #endif
    #expect(Self.same(gradient(of: Self.rootProduct, at: x), expected))
    #expect(Self.same(Tape<Double>().gradient(of: Self.rootProduct, at: x), expected))
    let (_, pullback) = valueWithPullback(of: { (v: [Tracked<Double>]) in [Self.rootProduct(v)] }, at: x)
    #expect(Self.same(pullback([1]), expected))
    let pulled = pullback(cotangents: [[1], [2]])
    #expect(pulled.count == 2 && pulled.allSatisfy { Self.same($0, expected) })
    let tape = Tape<Double>()
    let inputs = x.map { tape.input($0) }
    let y = Self.rootProduct(inputs)
    #expect(Self.same(tape.gradient(of: y, withRespectTo: inputs), expected))
    #expect(Self.same(tape.gradient(of: y, withRespectTo: [inputs[0]]), [expected[0]]))
    // x·√x at 0: the same meeting on a kept tape's scalar derivative, √0 + 0 · ∞.
    let derivative = Tape<Double>().derivative(of: { x in x * .sqrt(x) }, at: 0)
    #expect(Self.same([derivative], [nanSafe(0)]))
  }

  @Test("Infinite adjoints of both signs (whose sum is NaN) come out unchanged")
  func infinitiesOfBothSigns() {
    let f = { (x: [Tracked<Double>]) in x[0] * .infinity - x[1] * .infinity + x[2] }
    let g = gradient(of: f, at: [1, 2, 3])
    #expect(Self.bits(g) == Self.bits([.infinity, -.infinity, 1]))
    #expect(Self.bits(Tape<Double>().gradient(of: f, at: [1, 2, 3])) == Self.bits(g))
  }

  @Test("A NaN the NaN-safe rule keeps stays NaN")
  func genuineNaNStays() {
    let g = gradient(of: { (x: [Tracked<Double>]) in x[0] * .nan + x[1] }, at: [1, 2])
    #expect(g[0].isNaN)
    #expect(g[1] == 1)
  }
}
