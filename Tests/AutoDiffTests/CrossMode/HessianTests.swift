import AutoDiff
import RealModule
import Testing

@Suite("Hessians and Hessian–vector products")
struct HessianTests {
  func rosenbrock<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for i in 0..<(x.count - 1) {
      let t = x[i + 1] - x[i] * x[i]
      sum += 100 * t * t + (1 - x[i]) * (1 - x[i])
    }
    return sum
  }

  /// The closed-form Hessian of the n-dimensional Rosenbrock function.
  func rosenbrockHessian(_ x: [Double]) -> [[Double]] {
    let n = x.count
    var h = Array(repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<(n - 1) {
      h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
      h[i + 1][i + 1] += 200
      h[i][i + 1] += -400 * x[i]
      h[i + 1][i] += -400 * x[i]
    }
    return h
  }

  /// Same shape, and every entry within 1e-9 · max(1, |expected|): the closed form's
  /// entries are at most a few thousand (x ∈ [−1.5, 1.5]), each mode's a short sum of
  /// rounded products, so rounding stays near 1e-13 of that; 1e-9 bounds it with room
  /// and fails any wrong second derivative.
  func close(_ a: [[Double]], _ b: [[Double]]) -> Bool {
    a.count == b.count
      && zip(a, b).allSatisfy { rowA, rowB in
        rowA.count == rowB.count
          && zip(rowA, rowB).allSatisfy { ($0 - $1).magnitude <= 1e-9 * max(1, $1.magnitude) }
      }
  }

  @Test("Rosenbrock Hessian: forward-over-reverse and forward-over-forward equal the closed form")
  func rosenbrockClosedForm() {
    var generator = SeededGenerator(seed: 0x4E55)
    for n in [2, 5, 11] {
      let x = (0..<n).map { _ in Double.random(in: -1.5...1.5, using: &generator) }
      let expected = rosenbrockHessian(x)
      #expect(close(hessian(of: rosenbrock, at: x), expected), "n = \(n)")
      #expect(close(hessian(of: rosenbrock, at: x, mode: .forward), expected), "n = \(n)")
      #expect(close(hessian(of: rosenbrock, at: x, mode: ForwardMode<3>()), expected), "n = \(n)")
    }
  }

  @Test("Hessian–vector product equals H·v without forming H")
  func hessianVectorProduct() {
    var generator = SeededGenerator(seed: 0x4E56)
    let x = (0..<9).map { _ in Double.random(in: -1...1, using: &generator) }
    let v = (0..<9).map { _ in Double.random(in: -1...1, using: &generator) }
    let h = rosenbrockHessian(x)
    let expected = h.map { row in zip(row, v).map(*).reduce(0, +) }
    let hv = AutoDiff.hessianVectorProduct(of: rosenbrock, at: x, along: v)
    #expect(hv.count == 9)
    #expect(close([hv], [expected]), "\(hv) vs \(expected)")
  }

  /// The closed-form gradient of the n-dimensional Rosenbrock function.
  func rosenbrockGradient(_ x: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: x.count)
    for i in 0..<(x.count - 1) {
      let t = x[i + 1] - x[i] * x[i]
      g[i] += -400 * x[i] * t - 2 * (1 - x[i])
      g[i + 1] += 200 * t
    }
    return g
  }

  @Test("The gradient and H·v from one sweep equal the closed forms")
  func gradientAndHessianVectorProduct() {
    var generator = SeededGenerator(seed: 0x4E57)
    let x = (0..<9).map { _ in Double.random(in: -1...1, using: &generator) }
    let v = (0..<9).map { _ in Double.random(in: -1...1, using: &generator) }
    let h = rosenbrockHessian(x)
    let expected = h.map { row in zip(row, v).map(*).reduce(0, +) }
    let (g, hv) = AutoDiff.gradientAndHessianVectorProduct(of: rosenbrock, at: x, along: v)
    #expect(g.count == 9 && hv.count == 9)
    #expect(close([g], [rosenbrockGradient(x)]), "\(g)")
    #expect(close([hv], [expected]), "\(hv) vs \(expected)")
  }
}
