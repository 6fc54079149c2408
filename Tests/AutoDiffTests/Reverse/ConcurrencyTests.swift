import AutoDiff
import Dispatch
import Synchronization
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

  @Test("8 gradients in concurrent tasks, each checked against forward mode")
  func tasks() async {
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
      let g = results[k] ?? []
      #expect(g.count == expected.count)
      #expect(zip(g, expected).allSatisfy { ($0 - $1).magnitude <= 1e-12 * max(1, $1.magnitude) }, "task \(k)")
    }
  }

  @Test("8 gradients on 8 threads at once")
  func threads() {
    let expected = (0..<8).map { gradient(of: Self.f, at: Self.point($0), mode: .forward) }
    let matches = Mutex([Bool](repeating: false, count: 8))
    DispatchQueue.concurrentPerform(iterations: 8) { k in
      let g = gradient(of: Self.f, at: Self.point(k))
      let ok = zip(g, expected[k]).allSatisfy { ($0 - $1).magnitude <= 1e-12 * max(1, $1.magnitude) }
      matches.withLock { $0[k] = ok }
    }
    #expect(matches.withLock { $0 } == [Bool](repeating: true, count: 8))
  }
}
