import AutoDiff
import RealModule

// What gradients are for: the optimiser steps of the teaching material (SGD and Adam on
// L = Σ(3c³ − d²), PyTorch's update formulas) and a Lagrange-multiplier problem.
extension Demo {
  /// One SGD step, lr 0.1, from c = [2, 3], d = [6, 4]: θ ← θ − 0.1·∇L.
  static func sgdStep() -> DemoSection {
    var optimizer = SGD([Tensor<Double>([2, 3]), Tensor([6, 4])], learningRate: 0.1)
    let loss = cubicMinusSquareLoss(optimizer.parameters)
    loss.backward()
    // nil (a ✗ below, not a crash) if backward() left a parameter without a gradient.
    let gradients = optimizer.parameters.map { $0.gradient?.detached() }
    optimizer.step()
    let (c, d) = (optimizer.parameters[0].detached(), optimizer.parameters[1].detached())
    return DemoSection(
      title: "Optimisers: one SGD step on L = Σ(3c³ − d²), learning rate 0.1",
      notes: [
        "var optimizer = SGD([c, d], learningRate: 0.1); L.backward(); optimizer.step()",
        "L = \(loss.scalar), ∇c = \(gradients[0].map { "\($0)" } ?? "nil"), ∇d = \(gradients[1].map { "\($0)" } ?? "nil")",
        "θ ← θ − 0.1·∇θ: c = [2, 3] − 0.1·[36, 81], d = [6, 4] − 0.1·[−12, −8]",
      ],
      checks: [
        DemoCheck("∂L/∂c", computed: gradients[0]?.scalars ?? [], expected: [36, 81]),
        DemoCheck("∂L/∂d", computed: gradients[1]?.scalars ?? [], expected: [-12, -8]),
        DemoCheck("c after one step", computed: c.scalars, expected: [-1.6, -5.1]),
        DemoCheck("d after one step", computed: d.scalars, expected: [7.2, 4.8]),
      ])
  }

  /// Two Adam steps, lr 0.1: the first moves every element by 0.1 against the sign of
  /// its gradient (m̂/√v̂ = g/|g|), the second a little less.
  static func adamSteps() -> DemoSection {
    var optimizer = Adam([Tensor<Double>([2, 3]), Tensor([6, 4])], learningRate: 0.1)
    var after: [[Double]] = []
    for _ in 0..<2 {
      cubicMinusSquareLoss(optimizer.parameters).backward()
      optimizer.step()
      optimizer.zeroGradient()
      after.append(optimizer.parameters[0].scalars)
      after.append(optimizer.parameters[1].scalars)
    }
    func rounded(_ values: [Double]) -> String {
      "[" + values.map { String(format4: $0) }.joined(separator: ", ") + "]"
    }
    return DemoSection(
      title: "Optimisers: two Adam steps on L = Σ(3c³ − d²), learning rate 0.1",
      notes: [
        "m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − γ·m̂/(√v̂ + ε) with m̂, v̂ bias-corrected",
        "step 1: m̂ = g and v̂ = g², so each element moves by 0.1 against its gradient's sign",
        "step 1: c = \(rounded(after[0])), d = \(rounded(after[1]))",
        "step 2: c = \(rounded(after[2])), d = \(rounded(after[3]))",
      ],
      checks: [
        DemoCheck("c after step 1", computed: after[0], expected: [1.9, 2.9]),
        DemoCheck("d after step 1", computed: after[1], expected: [6.1, 4.1]),
        DemoCheck("c after step 2 (4 places)", computed: after[2], expected: [1.8004, 2.8002], tolerance: 1e-4),
        DemoCheck("d after step 2 (4 places)", computed: after[3], expected: [6.2000, 4.2001], tolerance: 1e-4),
      ])
  }

  /// Maximise x + y on the unit circle by Newton's method on ∇L = 0,
  /// L = x + y − λ(x² + y² − 1): x = y = √2/2, λ = 1/√2.
  static func lagrangeCircle() -> DemoSection {
    let start = [1.0, 0.5]
    let half = Double.sqrt(2) / 2
    guard let solution = try? maximize(DemoSum(), subjectTo: [DemoUnitCircle()], from: start) else {
      return DemoSection(
        title: "Lagrange multipliers: maximise x + y on the unit circle", notes: ["Newton's method failed"],
        checks: [DemoCheck("converged", computed: [0], expected: [1])])
    }
    return DemoSection(
      title: "Lagrange multipliers: maximise x + y on the unit circle x² + y² = 1",
      notes: [
        "L(x, y, λ) = x + y − λ(x² + y² − 1); solve ∇L = 0 by Newton's method from (1, 0.5),",
        "with ∇L by reverse mode and the Hessian of L (the KKT matrix) by forward-over-reverse.",
        "Picture: the lines x + y = k slide outward until the last one still touching the circle;",
        "there the circle is tangent to the line, so ∇f = (1, 1) is parallel to ∇g = (2x, 2y): ∇f = λ∇g.",
        "x = \(solution.x), λ = \(solution.multipliers[0]) after \(solution.iterations) Newton steps",
        "curvature along the circle \(solution.curvatures[0]) < 0: a \(solution.kind.rawValue)",
      ],
      checks: [
        DemoCheck("(x, y)", computed: solution.x, expected: [half, half]),
        DemoCheck("λ", computed: solution.multipliers, expected: [1 / Double.sqrt(2)]),
        DemoCheck("x + y", computed: [solution.value], expected: [Double.sqrt(2)]),
      ])
  }

  private static func cubicMinusSquareLoss(_ parameters: [Tensor<Double>]) -> Tensor<Double> {
    (3 * Tensor.pow(parameters[0], 3) - parameters[1] * parameters[1]).sum()
  }
}

private struct DemoSum: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] + x[1] }
}

private struct DemoUnitCircle: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] + x[1] * x[1] - 1 }
}

extension String {
  /// `value` with four decimal places.
  fileprivate init(format4 value: Double) {
    // ±∞, NaN and magnitudes past 10¹⁴ (where `scaled` is no `Int`) as Swift prints them.
    guard value.isFinite, value.magnitude < 1e14 else {
      self = "\(value)"
      return
    }
    let scaled = (value * 10_000).rounded()
    let sign = scaled < 0 ? "-" : ""
    let magnitude = Int(abs(scaled))
    let fraction = String(magnitude % 10_000)
    self = "\(sign)\(magnitude / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
  }
}
