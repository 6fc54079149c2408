import AutoDiff
import RealModule

// Runs the workloads side by side and prints medians and ratios. Build in release:
//   swift run -c release AutoDiffBenchmarks [w1|w2|all]
let selection = CommandLine.arguments.dropFirst().first ?? "all"
var rows: [Row] = []

if selection == "all" || selection == "w1" {
  let k = 1_000_000
  let rate = -0.01
  var plain = 0.0
  let tPlain = medianSeconds { plain = chain(0.5, iterations: k, rate: rate); consume(plain) }
  var dual = Dual(0.0)
  let tDual = medianSeconds {
    dual = chain(Dual(0.5, derivative: 1), iterations: k, rate: Dual(rate))
    consume(dual)
  }
  var reverse = 0.0
  let tReverse = medianSeconds(runs: 5) {
    reverse = gradient(of: { (x: [Tracked<Double>]) in chain(x[0], iterations: k, rate: Tracked(constant: rate)) }, at: [0.5])[0]
    consume(reverse)
  }
  rows.append(Row(workload: "W1", variant: "plain Double", seconds: tPlain, ratio: 1, checksum: "\(plain)"))
  rows.append(Row(workload: "W1", variant: "forward Dual<Double> (value + derivative)", seconds: tDual, ratio: tDual / tPlain, checksum: "\(dual.value), d=\(dual.derivative)"))
  rows.append(Row(workload: "W1", variant: "reverse Tracked<Double> (tape gradient)", seconds: tReverse, ratio: tReverse / tPlain, checksum: "d=\(reverse)"))
}

if selection == "all" || selection == "w2" {
  let x = rosenbrockPoint(100_000)
  var plain = 0.0
  let tPlain = medianSeconds(runs: 11) { plain = rosenbrock(x); consume(plain) }
  var g: [Double] = []
  var bytes = 0.0
  let tGradient = medianSeconds(runs: 11) {
    g = gradient(of: { (v: [Tracked<Double>]) in rosenbrock(v) }, at: x)
    consume(g)
  }
  let tape = Tape<Double>()
  let inputs = x.map { tape.input($0) }
  _ = rosenbrock(inputs)
  bytes = tape.bytesPerEntry
  rows.append(Row(workload: "W2", variant: "plain Double value", seconds: tPlain, ratio: 1, checksum: "\(plain)"))
  rows.append(Row(workload: "W2", variant: "reverse tape gradient (\(tape.count) entries)", seconds: tGradient, ratio: tGradient / tPlain, checksum: "Σg=\(g.reduce(0, +)), \(bytes) B/entry"))
}

printTable(rows)
