import AutoDiff
import RealModule

// The tensor examples of the teaching material, PyTorch-style: requiresGradient,
// backward, gradient.
extension Demo {
  /// o = mean(3(x + 2)²) over a 2×2 of ones: ∂o/∂xᵢ = 6(xᵢ + 2)/4 = 4.5.
  static func tensorMeanOfSquares() -> DemoSection {
    var x = Tensor<Double>.ones([2, 2])
    x.requiresGradient = true
    let y = x + 2
    let z = 3 * y * y
    let o = z.mean()
    o.backward()
    let gradient = x.gradient?.scalars ?? []
    let expected = x.scalars.map { 6 * ($0 + 2) / Double(x.count) }
    return DemoSection(
      title: "Tensors: o = mean(3(x + 2)²), x a 2×2 of ones",
      notes: [
        "x.requiresGradient = true; y = x + 2; z = 3·y·y; o = z.mean(); o.backward()",
        "o = \(o.scalar); gradient functions: y \(y.gradientFunction ?? "-"), z \(z.gradientFunction ?? "-"), o \(o.gradientFunction ?? "-")",
        "x.gradient = \(x.gradient.map(\.description) ?? "nil")",
      ],
      checks: [DemoCheck("∂o/∂x", computed: gradient, expected: expected)])
  }

  /// L = Σ(3a³ − b²) at a = [2, 3], b = [6, 4]: ∂L/∂a = 9a², ∂L/∂b = −2b.
  static func tensorCubicMinusSquare() -> DemoSection {
    var a = Tensor<Double>([2, 3])
    var b = Tensor<Double>([6, 4])
    a.requiresGradient = true
    b.requiresGradient = true
    let q = 3 * Tensor.pow(a, 3) - b * b
    q.backward(Tensor.ones(q.shape))
    return DemoSection(
      title: "Tensors: Q = 3a³ − b², backward with a cotangent of ones (= ∇ of L = ΣQ)",
      notes: [
        "a = \(a.detached()), b = \(b.detached()), Q = \(q.detached())",
        "Q.backward([1, 1]) → a.gradient = \(a.gradient.map { "\($0.detached())" } ?? "nil"), b.gradient = \(b.gradient.map { "\($0.detached())" } ?? "nil")",
      ],
      checks: [
        DemoCheck("∂L/∂a", computed: a.gradient?.scalars ?? [], expected: a.scalars.map { 9 * $0 * $0 }),
        DemoCheck("∂L/∂b", computed: b.gradient?.scalars ?? [], expected: b.scalars.map { -2 * $0 }),
      ])
  }

  /// y = x·2ᵏ, doubling until ‖y‖ ≥ 1000; the vector–Jacobian product with
  /// v = [0.1, 1.0, 0.0001] is v·2ᵏ, since the Jacobian is 2ᵏ·I.
  static func tensorDoublingVJP() -> DemoSection {
    var generator = SplitMix64(seed: 7)
    var x = Tensor<Double>.randomNormal([3], using: &generator)
    x.requiresGradient = true
    var y = x * 2
    var doublings = 1
    while Double.sqrt((y.detached() * y.detached()).sum().scalar) < 1000 {
      y = y * 2
      doublings += 1
    }
    let v = Tensor<Double>([0.1, 1.0, 0.0001])
    y.backward(v)
    let scale = Double.pow(2, doublings)
    return DemoSection(
      title: "Tensors: a vector–Jacobian product, y = x·2ᵏ with ‖y‖ ≥ 1000",
      notes: [
        "x = \(x.detached()) (seeded normal), doubled k = \(doublings) times: y = \(y.detached())",
        "y is not a scalar, so backward needs a cotangent: y.backward(v), v = \(v)",
        "x.gradient = vᵀ·J = v·2ᵏ = \(x.gradient.map { "\($0.detached())" } ?? "nil")",
      ],
      checks: [DemoCheck("vᵀ·J", computed: x.gradient?.scalars ?? [], expected: v.scalars.map { $0 * scale })])
  }
}
