import AutoDiff
import Dispatch
import RealModule
import Testing

@Suite("Stress: many computations at once, each with its own tape")
struct StressTests {
  static func f<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in x.indices { s += T.tanh(x[i] * T(i % 5 + 1)) * x[(i + 3) % x.count] }
    return s
  }

  static func point(_ k: Int) -> [Double] { (0..<64).map { Double.sin(Double($0 + 13 * k)) } }

  static func check(_ k: Int) -> Bool {
    let reverse = gradient(of: f, at: point(k))
    let forward = gradient(of: f, at: point(k), mode: .forward)
    // Same partials, different summation order: a few ulps apart on entries of order 1
    // (each a sum of at most two terms). 1e-12 relative, with the same absolute floor for
    // entries near 0, is loose for that and tight for a wrong or leaked cotangent.
    return reverse.count == 64
      && isApproximatelyEqual(reverse, forward, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
  }

  @Test("64 concurrent tasks and 8 threads at once, each checking its own gradient")
  func tasksAndThreads() async {
    let threadResults = LockedFlags(count: 8)
    async let threads: Void = withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        DispatchQueue.concurrentPerform(iterations: 8) { k in
          var ok = true
          for round in 0..<20 { ok = ok && Self.check(1000 + k * 20 + round) }
          threadResults.set(k, to: ok)
        }
        continuation.resume()
      }
    }
    let taskResults = await withTaskGroup(of: Bool.self) { group in
      for k in 0..<64 { group.addTask { Self.check(k) } }
      var all: [Bool] = []
      for await ok in group { all.append(ok) }
      return all
    }
    await threads
    #expect(taskResults.count == 64 && taskResults.allSatisfy { $0 })
    #expect(threadResults.values.allSatisfy { $0 })
  }

  @Test("Tensor gradients in 16 concurrent tasks")
  func tensorTasks() async {
    let results = await withTaskGroup(of: Bool.self) { group in
      for k in 0..<16 {
        group.addTask {
          let x = Tensor<Double>(shape: [4, 3], scalars: (0..<12).map { Double.sin(Double($0 + k)) })
          let g = gradient(of: { ($0 * $0 * 3).sum() }, at: x)
          return g.scalars == x.scalars.map { 6 * $0 }
        }
      }
      var all: [Bool] = []
      for await ok in group { all.append(ok) }
      return all
    }
    #expect(results.count == 16 && results.allSatisfy { $0 })
  }
}
