import AutoDiff
import RealModule
import Testing

@Suite("Reverse mode on scalars")
struct TrackedTests {
  func productOfSum<T: Differentiable>(_ v: [T]) -> T { v[0] * (v[0] + v[1]) }

  @Test("d = a·(a + b): one sweep gives ∂d/∂a = 2a + b and ∂d/∂b = a")
  func productOfSumGradient() {
    let (value, g) = valueWithGradient(of: productOfSum, at: [2.0, 3.0])
    #expect(value == 10)
    #expect(g == [7, 2])
  }

  @Test("A value used twice accumulates both contributions")
  func fanOut() {
    func f<T: Differentiable>(_ v: [T]) -> T { let s = v[0] * v[1]; return s * s + s }
    let g = gradient(of: f, at: [3.0, 5.0])
    // d/dx (xy)² + xy = 2xy·y + y
    let expected: [Double] = [155, 93]
    #expect(g == expected)
  }

  @Test("Constants are not recorded and have no gradient")
  func constants() {
    func f<T: Differentiable>(_ v: [T]) -> T { 3 * v[0] + withoutDerivative(at: v[1]) * v[0] }
    #expect(gradient(of: f, at: [2.0, 4.0]) == [7, 0])
    let tape = Tape<Double>()
    let x = tape.input(2)
    let y = x * 3 + 1
    // Only the input: x·3 folds into a scale of 3 on it, and adding the constant 1 keeps it.
    #expect(tape.count == 1)
    #expect(y.entryIndex == 0 && y.derivativeWithRespectToEntry == 3)
    #expect(Tracked<Double>(constant: 2).isTracked == false)
  }

  @Test("A pullback is reusable: one recording, many cotangents")
  func pullbackReuse() {
    func f<T: Differentiable>(_ v: [T]) -> [T] { [v[0] * v[1], .sin(v[0]), v[1] / v[0]] }
    let x = [1.5, -2.0]
    let (value, pullback) = valueWithPullback(of: f, at: x)
    #expect(value == f(x))
    let j = jacobian(of: f, at: x, mode: .forward)
    for i in 0..<3 {
      let u = (0..<3).map { $0 == i ? 1.0 : 0 }
      #expect(pullback(u) == j[i])
    }
    let batched = pullback(cotangents: (0..<3).map { i in (0..<3).map { $0 == i ? 1.0 : 0 } })
    #expect(batched == j)
    #expect(vjp(of: f, at: x, cotangent: [0.1, 1.0, 0.0001]).vjp == pullback([0.1, 1.0, 0.0001]))
  }

  @Test("Vector reverse mode: more than eight cotangents take several sweeps, same result")
  func manyCotangents() {
    func f<T: Differentiable>(_ v: [T]) -> [T] { (0..<20).map { i in T.sin(v[i % 3] * T(i + 1)) } }
    let x = [0.3, -0.7, 1.1]
    #expect(jacobian(of: f, at: x, mode: .reverse) == jacobian(of: f, at: x, mode: ForwardMode<1>()))
  }

  @Test("Tape bytes per operation stay small")
  func tapeFootprint() {
    let tape = Tape<Double>()
    let x = (0..<1000).map { tape.input(0.5 + 0.3 * Double.sin(Double($0))) }
    var sum = Tracked<Double>(constant: 0)
    for i in 0..<999 {
      let t = x[i + 1] - x[i] * x[i]
      let u = 1 - x[i]
      sum = sum + 100 * t * t + u * u
    }
    // Eight operations per step; only the three with two tracked operands make entries
    // (x[i+1] − x[i]², sum + 100t², … + u²), of at most 25 bytes each. In the first step
    // the sum is still the constant 0, so adding to it records nothing.
    let operations = 999 * 8
    #expect(tape.count == 1000 + 3 * 999 - 1)
    #expect(tape.recordedBytes <= 1000 + (3 * 999 - 1) * 25)
    #expect(Double(tape.recordedBytes) / Double(operations) <= 16)
  }
}
