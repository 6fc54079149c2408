/// Median wall-clock time of `body` over `runs` runs, after one warm-up run.
func medianSeconds(runs: Int = 7, _ body: () -> Void) -> Double {
  body()
  var samples: [Double] = []
  let clock = ContinuousClock()
  for _ in 0..<runs {
    let elapsed = clock.measure(body)
    samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }
  samples.sort()
  return samples[samples.count / 2]
}

/// Medians of several bodies timed in interleaved rounds (a, b, c, a, b, c, …), so that
/// drift in the machine's speed affects every variant alike and their ratios stay fair.
func interleavedMedians(runs: Int = 9, _ bodies: [() -> Void]) -> [Double] {
  for body in bodies { body() }
  var samples = Array(repeating: [Double](), count: bodies.count)
  let clock = ContinuousClock()
  for _ in 0..<runs {
    for (i, body) in bodies.enumerated() {
      let elapsed = clock.measure(body)
      samples[i].append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
  }
  return samples.map { s in s.sorted()[s.count / 2] }
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
func consume<T>(_ value: T) {
  withUnsafePointer(to: value) { _ = $0 }
}

/// One row of the results table.
struct Row {
  var workload: String
  var variant: String
  var seconds: Double
  var ratio: Double?
  var checksum: String
}

func printTable(_ rows: [Row]) {
  func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
  print(pad("workload", 12) + pad("variant", 44) + pad("median", 14) + pad("ratio", 10) + "checksum")
  for row in rows {
    let time = row.seconds < 1e-3 ? "\((row.seconds * 1e7).rounded() / 10) µs" : "\((row.seconds * 1e5).rounded() / 100) ms"
    let ratio = row.ratio.map { "\(($0 * 100).rounded() / 100)×" } ?? ""
    print(pad(row.workload, 12) + pad(row.variant, 44) + pad(time, 14) + pad(ratio, 10) + row.checksum)
  }
}
