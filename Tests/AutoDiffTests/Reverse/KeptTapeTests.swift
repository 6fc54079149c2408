import AutoDiff
import Testing

@Suite("Gradients on a kept tape")
struct KeptTapeTests {
  /// Σᵢ sin(xᵢ)·xᵢ₊₁ + xᵢ²: every input used by entries far from it and by its neighbour.
  static func f<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for i in 0..<(x.count - 1) { sum += T.sin(x[i]) * x[i + 1] + x[i] * x[i] }
    return sum
  }

  @Test("Equal, bit for bit, to the free gradient over calls that grow and shrink the tape")
  func matchesFreeGradient() {
    var generator = SeededGenerator()
    let tape = Tape<Double>()
    // Sizes that grow the kept buffers, shrink below them and grow past them again: a
    // stale adjoint left from an earlier call would show in a later one.
    for n in [3, 50, 2, 400, 7, 400, 1000, 5] {
      let x = (0..<n).map { _ in Double.random(in: -2...2, using: &generator) }
      let kept = tape.valueWithGradient(of: { Self.f($0) }, at: x)
      let free = valueWithGradient(of: { (v: [Tracked<Double>]) in Self.f(v) }, at: x)
      #expect(kept.value == free.value, "n = \(n), \(generator.seedDescription)")
      #expect(kept.gradient == free.gradient, "n = \(n), \(generator.seedDescription)")
    }
  }

  @Test("An output that is an input, and a constant output, leave nothing behind")
  func degenerateOutputs() {
    let tape = Tape<Double>()
    #expect(tape.gradient(of: { $0[1] }, at: [1, 2, 3]) == [0, 1, 0])
    #expect(tape.gradient(of: { _ in Tracked(constant: 4) }, at: [1, 2]) == [0, 0])
    #expect(tape.gradient(of: { $0[0] * $0[2] }, at: [5, 6, 7]) == [7, 0, 5])
    #expect(tape.gradient(of: { $0[1] }, at: [1, 2, 3]) == [0, 1, 0])
  }

  @Test("Tape.derivative equals the gradient of the one-input function, call after call")
  func scalarDerivative() {
    var generator = SeededGenerator(stream: 11)
    let tape = Tape<Double>()
    func g<T: Differentiable>(_ x: T) -> T { T.sin(x) * x + T.exp(-(x * x)) }
    for _ in 0..<50 {
      let x = Double.random(in: -3...3, using: &generator)
      let kept = tape.valueWithDerivative(of: { g($0) }, at: x)
      let free = valueWithGradient(of: { (v: [Tracked<Double>]) in g(v[0]) }, at: [x])
      #expect(kept.value == free.value, "x = \(x), \(generator.seedDescription)")
      #expect(kept.derivative == free.gradient[0], "x = \(x), \(generator.seedDescription)")
      // A longer function on the same tape between calls leaves nothing behind.
      #expect(tape.gradient(of: { Self.f($0) }, at: [x, 1, 2]) == gradient(of: { (v: [Tracked<Double>]) in Self.f(v) }, at: [x, 1, 2]))
    }
    #expect(tape.derivative(of: { $0 }, at: 4) == 1)
    #expect(tape.derivative(of: { _ in Tracked(constant: 2) }, at: 4) == 0)
    #expect(tape.derivative(of: { $0 * $0 }, at: 3) == 6)
  }

  @Test("The free reverse-mode derivative equals the kept tape's bit for bit and the closed form within rounding")
  func freeReverseDerivative() {
    var generator = SeededGenerator(stream: 29)
    func g<T: Differentiable>(_ x: T) -> T { T.sin(x) * x + T.exp(-(x * x)) }
    var compared = 0
    for _ in 0..<40 {
      let x = Double.random(in: -3...3, using: &generator)
      let free = valueWithDerivative(of: { g($0) }, at: x, mode: .reverse)
      let kept = Tape<Double>().valueWithDerivative(of: { g($0) }, at: x)
      #expect(free.value.bitPattern == kept.value.bitPattern && free.derivative.bitPattern == kept.derivative.bitPattern, "x = \(x)")
      #expect(derivative(of: { g($0) }, at: x, mode: .reverse).bitPattern == free.derivative.bitPattern)
      // g′(x) = cos x · x + sin x − 2x·e^{−x²}: terms of size ≤ 4, each a few roundings;
      // 1e-14 absolute bounds that and catches any wrong partial.
      let closed = Double.cos(x) * x + Double.sin(x) - 2 * x * Double.exp(-(x * x))
      #expect(abs(free.derivative - closed) <= 1e-14, "x = \(x): \(free.derivative) against \(closed)")
      compared += 1
    }
    #expect(compared == 40)
    // A generic function passed by name, as the documentation shows, picks the reverse
    // overload from `mode` and agrees with forward mode's derivative to rounding.
    let byName = valueWithDerivative(of: g, at: 1.5, mode: .reverse)
    let forward = valueWithDerivative(of: g, at: 1.5)
    #expect(byName.value == forward.value && abs(byName.derivative - forward.derivative) <= 1e-14)
  }

  @Test("A value kept from one call and used in the next stops with a message")
  func escapedValue() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      var escaped: Tracked<Double>?
      _ = tape.gradient(of: { (x: [Tracked<Double>]) -> Tracked<Double> in
        escaped = x[0]
        return x[0] * x[0]
      }, at: [1.0])
      _ = tape.gradient(of: { (x: [Tracked<Double>]) in x[0] + escaped! }, at: [2.0])
    }
    let message = standardError(of: result)
    #expect(message.contains("two different computations were mixed (in add)"))
  }
}
