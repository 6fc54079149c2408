import AutoDiff
import RealModule

/// The classic examples of the teaching material, each computed by AutoDiff and
/// checked against its closed form.
public enum Demo {
  /// Every section, in teaching order.
  public static func sections() -> [DemoSection] {
    [
      cubicPolynomial(), productOfSum(), productOfSumReverse(), jacobianBothModes(),
      tensorMeanOfSquares(), tensorCubicMinusSquare(), tensorDoublingVJP(),
      sgdStep(), adamSteps(), lagrangeCircle(),
    ]
  }

  /// f(x) = 3x³ − 5x² at 1.5 by one forward pass: f′(x) = 9x² − 10x = 5.25.
  static func cubicPolynomial() -> DemoSection {
    func f<T: Real>(_ x: T) -> T { 3 * x * x * x - 5 * x * x }
    let x = 1.5
    let result = valueWithDerivative(of: f, at: x)
    return DemoSection(
      title: "Forward mode: f(x) = 3x³ − 5x² at x = 1.5",
      notes: [
        "Evaluate f at the dual number x + 1ε; the ε part of the result is f'(x).",
        "f(1.5 + 1ε) = \(result.value) + \(result.derivative)ε",
      ],
      checks: [
        DemoCheck("f(1.5)", computed: [result.value], expected: [3 * x * x * x - 5 * x * x]),
        DemoCheck("f'(1.5)", computed: [result.derivative], expected: [9 * x * x - 10 * x]),
      ])
  }

  /// d = a·(a + b) at a = 2, b = 3 by two forward passes, one per input.
  static func productOfSum() -> DemoSection {
    func d<T: Differentiable>(_ v: [T]) -> [T] { [v[0] * (v[0] + v[1])] }
    let point = [2.0, 3.0]
    let alongA = jvp(of: d, at: point, along: [1, 0])
    let alongB = jvp(of: d, at: point, along: [0, 1])
    let (a, b) = (point[0], point[1])
    return DemoSection(
      title: "Forward mode: d = a·(a + b) at a = 2, b = 3",
      notes: [
        "Forward mode needs one pass per input: seed a with ε, then b with ε.",
        "pass 1 (ȧ = 1, ḃ = 0): d = \(alongA.value[0]), ḋ = ∂d/∂a = \(alongA.tangent[0])",
        "pass 2 (ȧ = 0, ḃ = 1): d = \(alongB.value[0]), ḋ = ∂d/∂b = \(alongB.tangent[0])",
      ],
      checks: [
        DemoCheck("∂d/∂a", computed: alongA.tangent, expected: [2 * a + b]),
        DemoCheck("∂d/∂b", computed: alongB.tangent, expected: [a]),
      ])
  }

  /// The same d = a·(a + b) by one reverse sweep over its Wengert list.
  static func productOfSumReverse() -> DemoSection {
    let tape = Tape<Double>()
    let (a, b) = (tape.input(2), tape.input(3))
    let d = a * (a + b)
    let adjoints = tape.adjoints(of: d)
    var notes = ["Reverse mode records the Wengert list once, then sweeps it backwards once:"]
    for entry in tape.entries {
      let operands = entry.operands.map { "v\($0)" }.joined(separator: ", ")
      let definition = entry.operands.isEmpty ? "input" : "\(entry.operation.name)(\(operands))"
      notes.append("v\(entry.index) = \(definition)    adjoint v̄\(entry.index) = \(adjoints[entry.index])")
    }
    notes.append("One sweep gives both partials: ∂d/∂a = v̄0, ∂d/∂b = v̄1.")
    let (x, y) = (a.value, b.value)
    return DemoSection(
      title: "Reverse mode: d = a·(a + b) at a = 2, b = 3",
      notes: notes,
      checks: [
        DemoCheck("∂d/∂a", computed: [adjoints[0]], expected: [2 * x + y]),
        DemoCheck("∂d/∂b", computed: [adjoints[1]], expected: [x]),
      ])
  }

  /// One generic function, its Jacobian by forward and by reverse mode.
  static func jacobianBothModes() -> DemoSection {
    func f<T: Differentiable>(_ v: [T]) -> [T] { [v[0] * v[1], .sin(v[0]) + v[2], v[1] / v[2]] }
    let x = [1.0, 2.0, 4.0]
    let forward = jacobian(of: f, at: x, mode: .forward)
    let reverse = jacobian(of: f, at: x, mode: .reverse)
    let closedForm = [
      [x[1], x[0], 0],
      [Double.cos(x[0]), 0, 1],
      [0, 1 / x[2], -x[1] / (x[2] * x[2])],
    ]
    return DemoSection(
      title: "One function, either mode: f(x, y, z) = [xy, sin x + z, y/z] at (1, 2, 4)",
      notes: [
        "The same generic Swift function runs on Dual (forward) and Tracked (reverse) numbers.",
        "forward: 1 pass of 3 tangents (chunked) → rows \(forward)",
        "reverse: 1 recording, 1 sweep of 3 cotangents → rows \(reverse)",
      ],
      checks: [
        DemoCheck("forward J", computed: forward.flatMap { $0 }, expected: closedForm.flatMap { $0 }),
        DemoCheck("reverse J", computed: reverse.flatMap { $0 }, expected: closedForm.flatMap { $0 }),
      ])
  }
}
