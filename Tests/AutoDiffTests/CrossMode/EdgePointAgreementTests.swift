import AutoDiff
import RealModule
import Testing

/// One row of the conventions table as a function and a point, with the Jacobian the
/// table prescribes (NaN where the table says NaN).
struct EdgePoint: CustomTestStringConvertible, Sendable {
  let name: String
  let point: [Double]
  let expected: [[Double]]
  let function: any DifferentiableFunction & Sendable
  var testDescription: String { name }
}

private struct Magnitude: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0].magnitude] }
}
private struct SquareRootPlus: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.sqrt(x[0]) + x[1]] }
}
private struct ProductWithSquareRoot: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * .sqrt(x[1])] }
}
private struct RealPowerEdge: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.pow(x[0], x[1])] }
}
private struct IntegerPowers: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.pow(x[0], 3), .pow(x[0], 0), .pow(x[0], 1)] }
}
private struct AtanTwoAndHypot: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.atan2(y: x[0], x: x[1]), .hypot(x[0], x[1])] }
}
private struct MaximumMinimum: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [T.maximum(x[0], x[1]), T.minimum(x[0], x[1])] }
}
private struct Rounding: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0].rounded(.down), x[0].rounded(.up), x[0].rounded(), x[0].rounded(.towardZero)]
  }
}
private struct LogarithmAtZero: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.log(x[0]) + x[1]] }
}

@Suite("Forward and reverse agree bit for bit at the edge points")
struct EdgePointAgreementTests {
  static let nan = Double.nan
  static let cases: [EdgePoint] = [
    EdgePoint(name: "|x| at +0", point: [0], expected: [[0]], function: Magnitude()),
    EdgePoint(name: "|x| at −0", point: [-0.0], expected: [[0]], function: Magnitude()),
    EdgePoint(name: "√x + y at (0, 1): ∞ and a clean 1", point: [0, 1], expected: [[.infinity, 1]], function: SquareRootPlus()),
    EdgePoint(name: "x·√y at (0, 0): 0·∞ = 0 on both sides", point: [0, 0], expected: [[0, 0]], function: ProductWithSquareRoot()),
    EdgePoint(name: "xʸ at (0, 0)", point: [0, 0], expected: [[0, nan]], function: RealPowerEdge()),
    EdgePoint(name: "xʸ at (2, 0)", point: [2, 0], expected: [[0, Double.log(2)]], function: RealPowerEdge()),
    EdgePoint(name: "xʸ at (0, 2)", point: [0, 2], expected: [[0, 0]], function: RealPowerEdge()),
    EdgePoint(name: "xʸ at (−3, 0)", point: [-3, 0], expected: [[0, nan]], function: RealPowerEdge()),
    EdgePoint(name: "xʸ at (−2, 1.5)", point: [-2, 1.5], expected: [[nan, nan]], function: RealPowerEdge()),
    EdgePoint(name: "x³, x⁰, x¹ at 0", point: [0], expected: [[0], [0], [1]], function: IntegerPowers()),
    EdgePoint(name: "atan2 and hypot at (0, 0)", point: [0, 0], expected: [[0, 0], [0, 0]], function: AtanTwoAndHypot()),
    EdgePoint(name: "max and min at a tie", point: [1, 1], expected: [[0.5, 0.5], [0.5, 0.5]], function: MaximumMinimum()),
    EdgePoint(name: "rounding at 2.5", point: [2.5], expected: [[0], [0], [0], [0]], function: Rounding()),
    EdgePoint(name: "rounding at 2", point: [2], expected: [[0], [0], [0], [0]], function: Rounding()),
    EdgePoint(name: "log at 0", point: [0, 1], expected: [[.infinity, 1]], function: LogarithmAtZero()),
  ]

  /// Same bits, or both NaN (NaN payloads are not part of the policy).
  static func identical(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
  }

  static func identical(_ a: [[Double]], _ b: [[Double]]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy(identical) }
  }

  @Test("forward == reverse bit for bit, and both equal the table", arguments: cases)
  func agreeAtEdge(_ edge: EdgePoint) {
    let forward = jacobian(of: edge.function, at: edge.point, mode: .forward)
    let reverse = jacobian(of: edge.function, at: edge.point, mode: .reverse)
    let unchunked = jacobian(of: { edge.function($0) }, at: edge.point, mode: ForwardMode<1>())
    #expect(Self.identical(forward, reverse), "\(edge.name): forward \(forward), reverse \(reverse)")
    #expect(Self.identical(forward, unchunked), "\(edge.name): chunk 8 \(forward), chunk 1 \(unchunked)")
    let matchesTable = zip(forward, edge.expected).allSatisfy { row, expectedRow in
      zip(row, expectedRow).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
    #expect(matchesTable, "\(edge.name): got \(forward), table says \(edge.expected)")
  }
}
