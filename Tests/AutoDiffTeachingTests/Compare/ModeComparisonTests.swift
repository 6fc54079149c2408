import AutoDiff
@testable import AutoDiffTeaching
import Foundation
import Testing

@Suite("Forward against reverse mode on Jacobians")
struct ModeComparisonTests {
  static let grid = ModeComparison.Grid(
    inputCounts: [1, 3, 9, 17], fixedOutputCount: 5, outputCounts: [2, 5, 9], fixedInputCount: 3)

  /// The Jacobian of ``SineMixture`` by hand: ∂Fⱼ/∂xₖ = (j+1)·cos((j+1)xₖ)·x₍ₖ₊ⱼ₎ mod n
  /// + Σ over i with (i + j) mod n = k of sin((j+1)xᵢ).
  static func closedForm(outputCount m: Int, at x: [Double]) -> [[Double]] {
    let n = x.count
    return (0..<m).map { j in
      let a = Double(j + 1)
      return (0..<n).map { k in
        var entry = a * Double.cos(a * x[k]) * x[(k + j) % n]
        for i in 0..<n where (i + j) % n == k { entry += Double.sin(a * x[i]) }
        return entry
      }
    }
  }

  @Test("the test family's Jacobian: both modes match the closed form, and central differences agree")
  func family() {
    let f = SineMixture(outputCount: 4)
    let x = SineMixture.samplePoint(inputCount: 5)
    let expected = Self.closedForm(outputCount: 4, at: x)
    let estimate = centralDifferenceJacobian(of: { f($0) }, at: x)
    #expect(estimate.count == 4)
    for (name, computed) in [("forward", jacobian(of: f, at: x, mode: .forward)), ("reverse", jacobian(of: f, at: x, mode: .reverse))] {
      #expect(computed.count == 4 && computed.allSatisfy { $0.count == 5 }, "\(name)")
      // A handful of rounded products and sums per entry, of order 1: 1e-12 bounds their
      // rounding, far below any wrong partial.
      for (row, expectedRow) in zip(computed, expected) { #expect(isClose(row, expectedRow), "\(name): \(row) vs \(expectedRow)") }
    }
    // Central differences at h = ∛ε err by about ε^(2/3) ≈ 4e-11 times the third
    // derivatives (at most (j+1)³·n ≈ 300 here): 1e-8 bounds that.
    for (row, expectedRow) in zip(estimate, expected) { #expect(isClose(row, expectedRow, tolerance: 1e-8)) }
  }

  @Test(
    "passes: ⌈n/8⌉ chunked forward, n unchunked, 1 recording + ⌈m/8⌉ sweeps reverse; same Jacobian",
    arguments: [(1, 1), (3, 5), (9, 5), (17, 9), (8, 16)])
  func passes(n: Int, m: Int) {
    let (chunked, jChunked) = JacobianMethod.forwardChunked.measure(inputCount: n, outputCount: m, runs: 1)
    let (unchunked, jUnchunked) = JacobianMethod.forwardUnchunked.measure(inputCount: n, outputCount: m, runs: 1)
    let (reverse, jReverse) = JacobianMethod.reverse.measure(inputCount: n, outputCount: m, runs: 1)
    #expect(chunked.evaluations == (n + 7) / 8)
    #expect(chunked.sweeps == 0)
    #expect(unchunked.evaluations == n)
    #expect(reverse.evaluations == 1)
    #expect(reverse.sweeps == (m + 7) / 8)
    // Each evaluation is about 4nm operations: a scaling, a sine, a product, a sum.
    let perEvaluation = m * (4 * n - 1)
    #expect(chunked.operations == chunked.evaluations * perEvaluation)
    #expect(unchunked.operations == n * perEvaluation)
    // Each sweep visits the tape's entries: the inputs, and at most one per operation.
    #expect(reverse.operations >= perEvaluation + reverse.sweeps * n)
    #expect(reverse.operations <= perEvaluation + reverse.sweeps * (n + perEvaluation))
    if n * m >= 15 { #expect(reverse.bytes > chunked.bytes, "the tape outweighs the duals") }
    #expect(chunked.seconds > 0 && reverse.seconds > 0)
    // The same Jacobian from every method, m rows of n, matching the closed form: the
    // modes sum the same rounded products in other orders, so 1e-12 bounds their gap.
    let expected = Self.closedForm(outputCount: m, at: SineMixture.samplePoint(inputCount: n))
    for (name, j) in [("chunked", jChunked), ("unchunked", jUnchunked), ("reverse", jReverse)] {
      #expect(j.count == m && j.allSatisfy { $0.count == n }, "\(name)")
      for (row, expectedRow) in zip(j, expected) { #expect(isClose(row, expectedRow), "\(name): \(row) vs \(expectedRow)") }
    }
  }

  @Test("the grid measures every method at every distinct pair once")
  func grid() {
    let pairs = Self.grid.pairs
    // (3, 5) is in both sweeps and is measured once.
    #expect(pairs.map(\.n) == [1, 3, 9, 17, 3, 3])
    #expect(pairs.map(\.m) == [5, 5, 5, 5, 2, 9])
    var calls: [Int] = []
    var totals: Set<Int> = []
    let comparison = ModeComparison(grid: Self.grid, runs: 1) { done, total, _ in
      calls.append(done)
      totals.insert(total)
    }
    #expect(totals == [18])
    #expect(comparison.measurements.count == 18)
    #expect(calls == Array(0...18))
    #expect(comparison.varyingInputs(.reverse).map(\.inputCount) == [1, 3, 9, 17])
    #expect(comparison.varyingOutputs(.forwardChunked).map(\.outputCount) == [2, 5, 9])
  }

  @Test("the table has a row per method and pair with units; the JSON and SVG carry the same")
  func outputs() throws {
    let comparison = ModeComparison(grid: Self.grid, runs: 1)
    let text = comparison.rendered()
    let rows = text.split(separator: "\n").filter {
      $0.contains("forward, 8 tangents/pass") || $0.contains("forward, 1 tangent/pass") || $0.contains("reverse, 8 cotangents/sweep")
    }
    #expect(rows.count == 3 * (4 + 3))
    #expect(rows.allSatisfy { $0.contains(" s ") || $0.contains("ms") || $0.contains("µs") || $0.contains("ns") })
    #expect(rows.allSatisfy { $0.hasSuffix(" B") || $0.hasSuffix("KiB") || $0.hasSuffix("MiB") })
    #expect(text.contains("Crossover"))

    let json = try JSONOutput.encode(comparison.report)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect((object["measurements"] as? [Any])?.count == 18)
    #expect(object["chunkSize"] as? Int == 8)

    let svg = XMLCheck(comparison.svg())
    #expect(svg.isWellFormed, "\(svg.error ?? "")")
    #expect(svg.elements.first == "svg")
    // Two panels of three methods.
    #expect(svg.elements.filter { $0 == "polyline" }.count == 6)
  }
}

@Suite("Crossover")
struct CrossoverTests {
  @Test("the crossover is where a mode starts winning and keeps winning")
  func finalRun() {
    typealias C = ModeComparison
    #expect(C.start(ofFinalRunIn: [(1, true), (2, false), (4, true), (8, true)]) == 4)
    #expect(C.start(ofFinalRunIn: [(1, true), (2, true)]) == 1)
    #expect(C.start(ofFinalRunIn: [(1, true), (2, false)]) == nil)
    #expect(C.start(ofFinalRunIn: []) == nil)
  }
}
