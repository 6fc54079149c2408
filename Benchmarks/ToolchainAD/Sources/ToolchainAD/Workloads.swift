import _Differentiation

/// One line of output, in the shape of AutoDiff's benchmark table.
struct Row {
  var workload: String
  var variant: String
  var seconds: Double
  var ratio: Double
  var checksum: String
}

func printRow(_ row: Row) {
  func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
  }
  let time =
    row.seconds < 1e-3
    ? "\((row.seconds * 1e7).rounded() / 10) µs" : "\((row.seconds * 1e5).rounded() / 100) ms"
  print(
    pad(row.workload, 12) + pad(row.variant, 52) + pad(time, 14)
      + pad("\((row.ratio * 100).rounded() / 100)×", 10) + row.checksum)
}

/// W2: the gradient by `gradient(at:of:)` against the plain `Double` value.
func w2() -> [Row] {
  let x = rosenbrockPoint(100_000)
  var plain = 0.0
  var value = 0.0
  var g: [Double] = []
  let times = interleavedMedians(runs: 21, [
    { plain = rosenbrock(x); consume(plain) },
    { value = rosenbrockReduce(x); consume(value) },
    { g = gradient(at: x, of: rosenbrockReduce).base; consume(g) },
  ])
  return [
    Row(workload: "W2", variant: "plain Double value", seconds: times[0], ratio: 1,
        checksum: "\(plain)"),
    Row(workload: "W2", variant: "_Differentiation value (differentiableReduce)",
        seconds: times[1], ratio: times[1] / times[0], checksum: "\(value)"),
    Row(workload: "W2", variant: "_Differentiation gradient (differentiableReduce)",
        seconds: times[2], ratio: times[2] / times[0], checksum: "Σg=\(g.reduce(0, +))"),
  ]
}

/// The index-loop form at size n: its gradient grows as n².
func indexLoop(n: Int) -> Row {
  let x = rosenbrockPoint(n)
  var plain = 0.0
  var g: [Double] = []
  let times = interleavedMedians(runs: 3, [
    { plain = rosenbrock(x); consume(plain) },
    { g = gradient(at: x, of: rosenbrockIndexLoop).base; consume(g) },
  ])
  return Row(
    workload: "W2 n=\(n)", variant: "_Differentiation gradient (index loop)",
    seconds: times[1], ratio: times[1] / times[0], checksum: "Σg=\(g.reduce(0, +))")
}

/// Medians of several bodies timed in interleaved rounds, as in AutoDiff's `Timing.swift`.
func interleavedMedians(runs: Int, _ bodies: [() -> Void]) -> [Double] {
  for body in bodies { body() }
  var samples = Array(repeating: [Double](), count: bodies.count)
  let clock = ContinuousClock()
  for _ in 0..<runs {
    for (i, body) in bodies.enumerated() {
      let elapsed = clock.measure(body)
      samples[i].append(
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
  }
  return samples.map { s in s.sorted()[s.count / 2] }
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
func consume<T>(_ value: T) {
  withUnsafePointer(to: value) { _ = $0 }
}
