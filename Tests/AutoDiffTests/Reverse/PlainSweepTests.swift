import AutoDiff
import RealModule
import Testing

/// Gradients, kept-tape derivatives and pullbacks sweep with plain products first and
/// sweep again NaN-safely only when an input's adjoint comes out NaN. `Tape.adjoints(of:)`
/// always sweeps NaN-safely, so it is the reference here.
@Suite("The plain sweep gives the NaN-safe sweep's gradients, bit for bit")
struct PlainSweepTests {
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

  /// The bits of every component of chunked duals: value, then each tangent.
  static func bits(_ values: [ChunkedDual<Double, 2>]) -> [UInt64] {
    values.flatMap { [$0.value.bitPattern, $0.tangents[0].bitPattern, $0.tangents[1].bitPattern] }
  }

  /// The bits of every component of duals: value, then derivative.
  static func bits(_ values: [Dual<Double>]) -> [UInt64] {
    values.flatMap { [$0.value.bitPattern, $0.derivative.bitPattern] }
  }

  /// The NaN-safe adjoints of the inputs for output `j` of `f` at `x` (`Tape.adjoints(of:)`),
  /// on a tape of `Carrier`: `Double` or a dual of it.
  static func nanSafeGradient<Carrier: Differentiable>(
    _ f: CatalogFunction, output j: Int, at x: [Carrier]
  ) -> [Carrier] {
    let tape = Tape<Carrier>()
    let y = f(x.map { tape.input($0) })[j]
    tape.end()
    return Array(tape.adjoints(of: y).prefix(x.count))
  }

  @Test("Forward over reverse (duals and chunked duals of Double) sweeps plainly with the NaN-safe sweep's bits", arguments: Catalog.functions)
  func carriersAgree(_ f: CatalogFunction) {
    var generator = SeededGenerator(seed: 0x5EED_CA77)
    var compared = 0
    let points = 4
    for _ in 0..<points {
      let x = (0..<f.inputCount).map { _ in Double.random(in: f.domain, using: &generator) }
      let lanes = (0..<f.inputCount).map { _ in
        (Double.random(in: -1...1, using: &generator), Double.random(in: -1...1, using: &generator))
      }
      let chunked = x.indices.map { ChunkedDual<Double, 2>(x[$0], tangents: [lanes[$0].0, lanes[$0].1]) }
      let duals = x.indices.map { Dual(x[$0], derivative: lanes[$0].0) }
      let outputs = f(x).count
      for j in 0..<outputs {
        let chunkedReference = Self.bits(Self.nanSafeGradient(f, output: j, at: chunked))
        let chunkedPlain = gradient(of: { (v: [Tracked<ChunkedDual<Double, 2>>]) in f(v)[j] }, at: chunked)
        #expect(Self.bits(chunkedPlain) == chunkedReference, "\(f.name), output \(j), chunked")
        let dualReference = Self.bits(Self.nanSafeGradient(f, output: j, at: duals))
        let dualPlain = gradient(of: { (v: [Tracked<Dual<Double>>]) in f(v)[j] }, at: duals)
        #expect(Self.bits(dualPlain) == dualReference, "\(f.name), output \(j), dual")
        compared += 1
      }
    }
    #expect(compared == points * f(Array(repeating: 0.5, count: f.inputCount)).count)
  }

  @Test("Zero tangents: the plain sweep's sums give the NaN-safe sweep's zero signs", arguments: Catalog.functions)
  func zeroTangentsAgree(_ f: CatalogFunction) {
    // With zero tangent lanes (+0 and −0) every product with a lane is a signed zero, so a
    // sweep that let an adjoint become −0 (a plain sum of two −0) would differ from the
    // NaN-safe sweep, whose dual `+` adds +0, in the bits of a zero.
    var generator = SeededGenerator(seed: 0x5EED_0000)
    var compared = 0
    var zeroLanes = 0
    let points = 3
    for _ in 0..<points {
      let x = (0..<f.inputCount).map { _ in Double.random(in: f.domain, using: &generator) }
      let chunked = x.indices.map { i in
        ChunkedDual<Double, 2>(x[i], tangents: [i.isMultiple(of: 2) ? 0 : -0.0, -0.0])
      }
      for j in 0..<f(x).count {
        let reference = Self.nanSafeGradient(f, output: j, at: chunked)
        let plain = gradient(of: { (v: [Tracked<ChunkedDual<Double, 2>>]) in f(v)[j] }, at: chunked)
        #expect(plain.count == f.inputCount && reference.count == f.inputCount)
        #expect(Self.bits(plain) == Self.bits(reference), "\(f.name), output \(j)")
        zeroLanes += plain.reduce(0) { $0 + ($1.tangents[0] == 0 ? 1 : 0) + ($1.tangents[1] == 0 ? 1 : 0) }
        compared += 1
      }
    }
    #expect(compared == points * f(Array(repeating: 0.5, count: f.inputCount)).count)
    // Every adjoint's tangent lanes are zero here (no input moves), so every one is checked.
    #expect(zeroLanes == 2 * f.inputCount * compared)
  }

  @Test("∞ · 0 in a tangent lane only: forward over reverse sweeps again NaN-safely")
  func infinityTimesZeroInATangent() {
    // x₁·√x₀ at (0, 0), x₀ moving along the first lane and x₁ not at all: √x₀'s partial
    // 1/(2√x₀) is ∞ and x₁ = 0 + (0, 0)ε is its adjoint, so the plain product is NaN in
    // every component where the NaN-safe rule gives exactly zero.
    let point = [ChunkedDual<Double, 2>(0, tangents: [1, 0]), ChunkedDual<Double, 2>(0, tangents: [0, 0])]
    let plain = gradient(of: { (v: [Tracked<ChunkedDual<Double, 2>>]) in Self.rootProduct(v) }, at: point)
    let tape = Tape<ChunkedDual<Double, 2>>()
    let y = Self.rootProduct(point.map { tape.input($0) })
    tape.end()
    let reference = Array(tape.adjoints(of: y).prefix(2))
    #expect(plain.count == 2 && reference.count == 2)
    let plainBits = Self.bits(plain)
    let referenceBits = Self.bits(reference)
    #expect(plainBits.count == 6 && plainBits == referenceBits)
    #if NaNSafe
    // x̄₀ = 0 exactly; x̄₁ = √x₀ = 0 + (∞, 0)ε.
    #expect(plain[0].isExactlyZero)
    #expect(plain[1].value == 0 && plain[1].tangents[0] == .infinity && plain[1].tangents[1] == 0)
    #else
    #expect(plain[0]._containsNaN)
    #endif
  }

  @Test("The plain sweep's NaN test sees a NaN in any component of a dual, not only in the value")
  func containsNaNLooksAtEveryComponent() {
    #expect(ChunkedDual<Double, 2>(0, tangents: [0, .nan])._containsNaN)
    #expect(ChunkedDual<Double, 2>(.nan, tangents: [0, 0])._containsNaN)
    #expect(!ChunkedDual<Double, 2>(1, tangents: [.infinity, 0])._containsNaN)
    #expect(Dual<Double>(1, derivative: .nan)._containsNaN)
    #expect(!Dual<Double>(1, derivative: -.infinity)._containsNaN)
    // Deeper carriers sweep NaN-safely throughout.
    #expect(!Dual<Dual<Double>>._sweepsWithPlainProducts)
    #expect(ChunkedDual<Double, 3>._sweepsWithPlainProducts && Dual<Float>._sweepsWithPlainProducts)
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
