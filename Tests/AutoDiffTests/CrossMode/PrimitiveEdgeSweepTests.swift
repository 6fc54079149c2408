import AutoDiff
import RealModule
import Testing

// Every rule of the table, alone, at the edge points 0, −0, ±1, ½, 2, ±∞ and NaN, in the
// five modes of the conventions table (`ConventionMode`). A single rule's Jacobian is its
// partials times the seed 1: with the NaN-safe chain rule, ∂·1 + 0 (so −0 becomes +0) in
// every mode, and the other input's column is exactly 0 even where its partial is ±∞ or
// NaN. The partials come from the rule's `evaluate`; what is checked here is that every
// mode — the scalar types, the tape, and the tensor kernels with their fast paths for
// add, subtract, multiply, tanh, exp and log — applies them the same way, bit for bit.
@Suite("Every rule at every edge point, in every mode")
struct PrimitiveEdgeSweepTests {
  static let points: [Double] = [0, -0.0, 1, -1, 0.5, 2, .infinity, -.infinity, .nan]

  /// The Jacobian of a single rule with partials `partials` at the seed 1, in `mode`.
  static func expected(_ partials: [Double], in mode: ConventionMode) -> [[Double]] {
    #if NaNSafe
    return [partials.map { $0 + 0 }]
    #else
    // Plain products: forward mode's column j is Σₖ ∂ₖ·δⱼₖ, so 0·∞ = NaN from the other
    // partial; reverse mode forms ∂ⱼ·1 only.
    switch mode.direction {
    case .forward:
      return [partials.indices.map { j in partials.indices.map { k in partials[k] * (k == j ? 1 : 0) }.reduce(0, +) }]
    case .reverse: return [partials]
    }
    #endif
  }

  /// Bit for bit with the NaN-safe rule; without it the sign of a zero product is not
  /// fixed (the tape adds to +0, tensor reverse mode does not), so +0 equals −0 there.
  static func matches(_ a: [[Double]], _ b: [[Double]]) -> Bool {
    #if NaNSafe
    return isIdentical(a, b)
    #else
    return a.count == b.count
      && zip(a, b).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } }
    #endif
  }

  static func check(_ function: EdgeFunction, at point: [Double], partials: [Double], value: Double, in mode: ConventionMode) {
    let row = EdgeConvention("\(function) at \(point)", function, at: point, expected: [])
    let expected = expected(partials, in: mode)
    let results = mode.jacobians(of: row)
    #expect(!results.isEmpty)
    for (path, jacobian) in results {
      #expect(matches(jacobian, expected), "\(function) at \(point): \(mode), \(path) gave \(jacobian), the rule's partials \(partials)")
    }
    let values = mode.values(of: row)
    #expect(isIdentical([values], [[value]]), "\(function) at \(point): \(mode) value \(values), the rule's \(value)")
  }

  @Test("Unary rules", arguments: UnaryPrimitive.allCases, ConventionMode.allCases)
  func unary(_ rule: UnaryPrimitive, _ mode: ConventionMode) {
    for x in Self.points {
      let r = rule.evaluate(at: x)
      Self.check(.unary(rule), at: [x], partials: [r.derivative], value: r.value, in: mode)
    }
  }

  @Test("Activations", arguments: Activation.allCases, ConventionMode.allCases)
  func activation(_ rule: Activation, _ mode: ConventionMode) {
    for x in Self.points {
      let r = rule.evaluate(at: x)
      Self.check(.activation(rule), at: [x], partials: [r.derivative], value: r.value, in: mode)
    }
  }

  @Test("Binary rules, at every pair of edge points", arguments: BinaryPrimitive.allCases, ConventionMode.allCases)
  func binary(_ rule: BinaryPrimitive, _ mode: ConventionMode) {
    for x in Self.points {
      for y in Self.points {
        let r = rule.evaluate(x, y)
        Self.check(.binary(rule), at: [x, y], partials: [r.dx, r.dy], value: r.value, in: mode)
      }
    }
  }
}
