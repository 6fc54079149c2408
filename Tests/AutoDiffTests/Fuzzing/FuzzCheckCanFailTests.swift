import AutoDiff
import Testing

/// Each kind of check the fuzzer runs fails when a mode's result is wrong: a fault is
/// planted in one mode's result (`FuzzFault`) on a program and point where that check
/// applies, and the verdict must name the check. The same case without the fault passes.
@Suite("Differential fuzzing: every check can fail")
struct FuzzCheckCanFailTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var program: FuzzProgram
    var x: [Double]
    var edge: Bool
    var fault: FuzzFault
    /// The start of the verdict's message: which check caught it.
    var caughtBy: String
    var testDescription: String { name }
  }

  /// sin(x0)·x1, smooth everywhere.
  static let smooth = FuzzProgram(
    inputCount: 2, nodes: [.input(0), .input(1), .unary(.sin, 0), .binary(.multiply, 2, 1)], outputs: [3])
  /// sin(√x0) at x0 = −1: NaN partials on the only path, so both modes must be non-finite.
  static let root = FuzzProgram(
    inputCount: 1, nodes: [.input(0), .unary(.squareRoot, 0), .unary(.sin, 1)], outputs: [2])
  /// |x0|, one primitive: the modes must give the same bits (0 at x0 = 0).
  static let single = FuzzProgram(inputCount: 1, nodes: [.input(0), .unary(.abs, 0)], outputs: [1])
  #if NaNSafe
  /// √x0 − √x0 at 0: the +∞ partial meets a cancellation; reverse annihilates it to a
  /// finite 0, which must equal the reference with the non-finite partial set to 0.
  static let cancelled = FuzzProgram(
    inputCount: 1, nodes: [.input(0), .unary(.squareRoot, 0), .binary(.subtract, 1, 1)], outputs: [2])
  static let cancelledAt = [0.0]
  #else
  /// x0 + √x1 at (½, 0), without the NaN-safe rule: ∂/∂x0 is NaN in forward mode (the +∞
  /// partial of √ times x1's zero tangent) and a finite 1 in reverse mode, which must equal
  /// the reference with the non-finite partial set to 0.
  static let cancelled = FuzzProgram(
    inputCount: 2, nodes: [.input(0), .input(1), .unary(.squareRoot, 1), .binary(.add, 0, 2)], outputs: [3])
  static let cancelledAt = [0.5, 0.0]
  #endif

  #if NaNSafe
  /// The sign of a zero: the NaN-safe rule makes the modes agree bit for bit.
  static let singleFault = FuzzFault.flipZeroSign
  #else
  /// Without the NaN-safe rule the modes may differ in the sign of a zero, not in value.
  static let singleFault = FuzzFault.nudgeForward
  #endif

  static let cases: [Case] = [
    Case(name: "finite entry, forward nudged", program: smooth, x: [0.7, 1.3], edge: false, fault: .nudgeForward, caughtBy: "modes"),
    Case(
      name: "forced non-finite, forward made finite", program: root, x: [-1], edge: false, fault: .finiteForward,
      caughtBy: "finite where a non-finite partial must reach"),
    Case(name: "single primitive, \(singleFault)", program: single, x: [0], edge: true, fault: singleFault, caughtBy: "single primitive"),
    Case(
      name: "annihilated entry, reverse shifted", program: cancelled, x: cancelledAt, edge: true, fault: .shiftReverseFinite,
      caughtBy: "finite value at an annihilated non-finite partial"),
    Case(name: "Hessian, forward over forward nudged", program: smooth, x: [0.7, 1.3], edge: false, fault: .nudgeHessian, caughtBy: "Hessian"),
    Case(name: "Hessians, both scaled by 1.05", program: smooth, x: [0.7, 1.3], edge: false, fault: .scaleHessians, caughtBy: "Hessian"),
    Case(name: "central differences, slope scaled", program: smooth, x: [0.7, 1.3], edge: false, fault: .scaleDifferenced, caughtBy: "central difference"),
  ]

  @Test("a planted fault is caught by its check; without it the case passes", arguments: cases)
  func plantedFault(_ c: Case) {
    var tally = FuzzTally()
    #expect(FuzzCheck.check(c.program, at: c.x, edge: c.edge, tally: &tally) == .agree)
    let verdict = FuzzCheck.check(c.program, at: c.x, edge: c.edge, tally: &tally, fault: c.fault)
    guard case .disagree(let why) = verdict else {
      Issue.record("fault \(c.fault) not caught: \(verdict)")
      return
    }
    #expect(why.hasPrefix(c.caughtBy), "caught by another check: \(why)")
  }
}
