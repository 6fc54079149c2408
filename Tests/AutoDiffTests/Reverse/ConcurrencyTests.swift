import AutoDiff
import Dispatch
import RealModule
import Testing

@Suite("Concurrent differentiation: each computation has its own tape")
struct ConcurrencyTests {
  static func f<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for i in x.indices { sum += T.sin(x[i] * T(i + 1)) * x[(i + 1) % x.count] }
    return sum
  }

  static func point(_ k: Int) -> [Double] { (0..<200).map { 0.5 + 0.3 * Double.sin(Double($0 * (k + 1))) } }

  /// Reverse against forward mode: the same partials summed in a different order, each
  /// entry a sum of at most three terms of order 1, so they differ by a few ulps; 1e-12
  /// relative (about 4500 ulps) is loose for that and tight for any wrong derivative or
  /// for a cotangent from another task's tape leaking in.
  static func agrees(_ g: [Double], _ expected: [Double]) -> Bool {
    g.count == 200 && isApproximatelyEqual(g, expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
  }

  @Test("8 gradients in concurrent tasks, each checked against forward mode")
  func tasks() async throws {
    let results = await withTaskGroup(of: (Int, [Double]).self) { group in
      for k in 0..<8 {
        group.addTask { (k, gradient(of: Self.f, at: Self.point(k))) }
      }
      var collected: [Int: [Double]] = [:]
      for await (k, g) in group { collected[k] = g }
      return collected
    }
    for k in 0..<8 {
      let expected = gradient(of: Self.f, at: Self.point(k), mode: .forward)
      let g = try #require(results[k], "task \(k) returned nothing")
      #expect(Self.agrees(g, expected), "task \(k)")
    }
  }

  @Test("8 gradients on 8 threads at once")
  func threads() {
    let expected = (0..<8).map { gradient(of: Self.f, at: Self.point($0), mode: .forward) }
    let matches = LockedFlags(count: 8)
    DispatchQueue.concurrentPerform(iterations: 8) { k in
      let g = gradient(of: Self.f, at: Self.point(k))
      let ok = Self.agrees(g, expected[k])
      matches.set(k, to: ok)
    }
    #expect(matches.values == [Bool](repeating: true, count: 8))
  }
}
