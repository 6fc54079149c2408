import AutoDiff
import Testing

@Suite("Jacobians and vector–Jacobian products on a kept tape")
struct KeptTapeJacobianTests {
  /// m = 3 outputs mixing every input with its neighbours, for any n ≥ 2.
  static func f<T: Differentiable>(_ x: [T]) -> [T] {
    var a: T = 0
    var b: T = 1
    for i in 0..<(x.count - 1) {
      a += T.sin(x[i]) * x[i + 1]
      b *= 1 + x[i] * x[i] / 4
    }
    return [a, b, x[0] - T.exp(x[x.count - 1] / 3)]
  }

  /// The entry-by-entry derivative of `f` by hand: ∂a/∂xⱼ, ∂b/∂xⱼ, ∂c/∂xⱼ.
  static func handJacobian(_ x: [Double]) -> [[Double]] {
    let n = x.count
    var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
    let factors = (0..<(n - 1)).map { 1 + x[$0] * x[$0] / 4 }
    let product = factors.reduce(1, *)
    for i in 0..<(n - 1) {
      rows[0][i] += Double.cos(x[i]) * x[i + 1]
      rows[0][i + 1] += Double.sin(x[i])
      rows[1][i] = product / factors[i] * x[i] / 2
    }
    rows[2][0] = 1
    rows[2][n - 1] -= Double.exp(x[n - 1] / 3) / 3
    return rows
  }

  @Test("Equal, bit for bit, to the free reverse Jacobian over calls that grow and shrink the tape; close to the hand-written one")
  func matchesFreeJacobian() {
    var generator = SeededGenerator(stream: 17)
    let tape = Tape<Double>()
    var compared = 0
    // Sizes that grow the kept buffers, shrink below them and grow again: a stale adjoint
    // or input left from an earlier call would show in a later one.
    let sizes = [2, 15, 3, 120, 15, 400, 2]
    for n in sizes {
      let x = (0..<n).map { _ in Double.random(in: -1.5...1.5, using: &generator) }
      let kept = tape.valueWithJacobian(of: { Self.f($0) }, at: x)
      let free = jacobian(of: { (v: [Tracked<Double>]) in Self.f(v) }, at: x, mode: .reverse)
      #expect(kept.value == Self.f(x), "n = \(n)")
      #expect(kept.jacobian.count == 3 && free.count == 3, "n = \(n)")
      #expect(kept.jacobian.allSatisfy { $0.count == n }, "n = \(n)")
      #expect(kept.jacobian == free, "n = \(n), \(generator.seedDescription)")
      #expect(tape.jacobian(of: { Self.f($0) }, at: x) == free, "n = \(n)")
      // Against the hand-written derivative: a few roundings per entry, on entries of size
      // up to about (1 + 1.5²/4)ⁿ for b; 1e-12 relative to the row's largest entry is far
      // above that and far below any wrong partial.
      let hand = Self.handJacobian(x)
      for (row, expected) in zip(kept.jacobian, hand) {
        let scale = expected.map(\.magnitude).max()!
        #expect(zip(row, expected).allSatisfy { ($0 - $1).magnitude <= 1e-12 * scale }, "n = \(n)")
      }
      compared += 1
    }
    #expect(compared == sizes.count)
  }

  @Test("vjp on a kept tape equals the free vjp; interleaved with kept gradients, nothing is left behind")
  func vjpMatchesFree() {
    var generator = SeededGenerator(stream: 23)
    let tape = Tape<Double>()
    var compared = 0
    for n in [4, 30, 2, 30] {
      let x = (0..<n).map { _ in Double.random(in: -1...1, using: &generator) }
      let u = (0..<3).map { _ in Double.random(in: -2...2, using: &generator) }
      let kept = tape.vjp(of: { Self.f($0) }, at: x, cotangent: u)
      let free = vjp(of: { (v: [Tracked<Double>]) in Self.f(v) }, at: x, cotangent: u)
      #expect(kept.value == free.value && kept.vjp == free.vjp, "n = \(n), \(generator.seedDescription)")
      let gradientOfSum = tape.gradient(of: { Self.f($0).reduce(0, +) }, at: x)
      #expect(gradientOfSum == tape.vjp(of: { Self.f($0) }, at: x, cotangent: [1, 1, 1]).vjp)
      compared += 1
    }
    #expect(compared == 4)
  }

  @Test("Constant and input outputs give zero and unit rows")
  func degenerateOutputs() {
    let tape = Tape<Double>()
    let j = tape.jacobian(of: { x in [Tracked(constant: 2), x[1], x[0] * x[2]] }, at: [5, 6, 7])
    #expect(j == [[0, 0, 0], [0, 1, 0], [7, 0, 5]])
    #expect(tape.jacobian(of: { _ in [] }, at: [1, 2]).isEmpty)
  }

  @Test("A cotangent of the wrong length stops with a message naming both lengths")
  func wrongCotangent() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tape<Double>().vjp(of: { x in [x[0], x[1]] }, at: [1.0, 2.0], cotangent: [1.0])
    }
    #expect(standardError(of: result).contains(
      "vjp: the cotangent has 1 elements but the function has 2 outputs"))
  }

  @Test("An output of an earlier call on the same tape stops with a message")
  func staleOutput() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      var escaped: Tracked<Double>?
      _ = tape.jacobian(of: { x in escaped = x[0] * x[1]; return [escaped!] }, at: [1.0, 2.0])
      _ = tape.jacobian(of: { _ in [escaped!] }, at: [3.0, 4.0])
    }
    #expect(standardError(of: result).contains(
      "Tape.valueWithJacobian(of:at:): the function returned a tracked value of another computation"))
  }
}
