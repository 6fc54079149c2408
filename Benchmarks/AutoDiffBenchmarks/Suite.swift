import AutoDiff
import RealModule

func runWorkloads(_ selection: String) -> [Row] {
  var rows: [Row] = []
  if selection == "all" || selection == "w1" { rows += w1() }
  if selection == "all" || selection == "w2" { rows += w2() }
  if selection == "w2parts" {
    rows += w2Parts(n: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 100_000)
  }
  if selection == "all" || selection == "w3" { rows += w3() }
  if selection == "modes" { rows += modes() }
  if selection == "crossover" { rows += modeCrossover() }
  if selection == "w2t" { rows += w2Tensor() }
  if selection == "w4" { rows += w4Jacobians() }
  if selection == "w5" { rows += w5Hessian() }
  if selection == "t1" { rows += t1TanhJacobian() }
  if selection == "t2" { rows += t2MLPHessian() }
  if selection == "sparse" { rows += sparseWorkloads() }
  if selection == "tiny" { rows += tinyOverhead() }
  return rows
}

/// W1: value and derivative of the scalar chain, forward and reverse, against plain Double.
func w1() -> [Row] {
  let k = 1_000_000
  let rate = -0.01
  var plain = 0.0
  var dual = Dual<Double>(0.0)
  var reverse = 0.0
  var kept = 0.0
  let tape = Tape<Double>()
  let times = interleavedMedians(runs: 7, [
    { plain = chain(0.5, iterations: k, rate: rate); consume(plain) },
    { dual = chain(Dual(0.5, derivative: 1), iterations: k, rate: Dual(rate)); consume(dual) },
    {
      reverse = gradient(of: { (x: [Tracked<Double>]) in
        chain(x[0], iterations: k, rate: Tracked(constant: rate))
      }, at: [0.5])[0]
      consume(reverse)
    },
    {
      kept = tape.gradient(of: { (x: [Tracked<Double>]) in
        chain(x[0], iterations: k, rate: Tracked(constant: rate))
      }, at: [0.5])[0]
      consume(kept)
    },
  ])
  let (tPlain, tDual, tReverse, tKept) = (times[0], times[1], times[2], times[3])
  return [
    Row(workload: "W1", variant: "plain Double", seconds: tPlain, ratio: 1, checksum: "\(plain)"),
    Row(
      workload: "W1", variant: "forward Dual<Double> (value + derivative)", seconds: tDual,
      ratio: tDual / tPlain, checksum: "\(dual.value), d=\(dual.derivative)"),
    Row(
      workload: "W1", variant: "reverse Tracked<Double> (tape gradient)", seconds: tReverse,
      ratio: tReverse / tPlain, checksum: "d=\(reverse)"),
    Row(
      workload: "W1", variant: "reverse, Tape.gradient(of:at:) on a kept tape", seconds: tKept,
      ratio: tKept / tPlain, checksum: "d=\(kept)"),
  ]
}

/// W2: Rosenbrock element loop, gradient through the tape against the plain value.
func w2() -> [Row] {
  let x = rosenbrockPoint(100_000)
  var plain = 0.0
  var g: [Double] = []
  var kept: [Double] = []
  let keptTape = Tape<Double>()
  let times = interleavedMedians(runs: 21, [
    { plain = rosenbrock(x); consume(plain) },
    { g = gradient(of: { (v: [Tracked<Double>]) in rosenbrock(v) }, at: x); consume(g) },
    { kept = keptTape.gradient(of: { (v: [Tracked<Double>]) in rosenbrock(v) }, at: x); consume(kept) },
  ])
  let (tPlain, tGradient, tKept) = (times[0], times[1], times[2])
  let tape = Tape<Double>()
  _ = rosenbrock(x.map { tape.input($0) })
  return [
    Row(workload: "W2", variant: "plain Double value", seconds: tPlain, ratio: 1, checksum: "\(plain)"),
    Row(
      workload: "W2", variant: "reverse tape gradient (\(tape.count) entries)", seconds: tGradient,
      ratio: tGradient / tPlain,
      checksum: "Σg=\(g.reduce(0, +)), \((tape.bytesPerEntry * 100).rounded() / 100) B/entry"),
    Row(
      workload: "W2", variant: "reverse, Tape.gradient(of:at:) on a kept tape", seconds: tKept,
      ratio: tKept / tPlain, checksum: "Σg=\(kept.reduce(0, +))"),
  ]
}

/// W2 split into recording (on a reused tape) and the backward sweep, next to the whole
/// gradient on a kept tape; `n` other than 100,000 shows how the parts scale once the
/// tape fits in a smaller cache.
func w2Parts(n: Int) -> [Row] {
  let x = rosenbrockPoint(n)
  let tPlain = medianSeconds(runs: 21) { consume(rosenbrock(x)) }
  let tape = Tape<Double>(capacity: 16 << 20)
  var y = Tracked<Double>(constant: 0)
  var inputs: [Tracked<Double>] = []
  let tRecord = medianSeconds(runs: 21) {
    tape.reset()
    inputs = x.map { tape.input($0) }
    y = rosenbrock(inputs)
  }
  var adjoints: [Double] = []
  let tSweep = medianSeconds(runs: 21) { adjoints = tape.gradient(of: y, withRespectTo: inputs) }
  let keptTape = Tape<Double>()
  let f = { (v: [Tracked<Double>]) in rosenbrock(v) }
  let tKept = medianSeconds(runs: 21) { consume(keptTape.gradient(of: f, at: x)) }
  return [
    Row(workload: "W2", variant: "plain Double value", seconds: tPlain, ratio: 1, checksum: ""),
    Row(workload: "W2", variant: "record only (reused tape)", seconds: tRecord, ratio: tRecord / tPlain, checksum: "\(tape.count) entries"),
    Row(workload: "W2", variant: "sweep only (fresh adjoints, read gradient)", seconds: tSweep, ratio: tSweep / tPlain, checksum: "Σ=\(adjoints.prefix(100_000).reduce(0, +))"),
    Row(workload: "W2", variant: "kept tape: record, sweep, read", seconds: tKept, ratio: tKept / tPlain, checksum: "n = \(n)"),
  ]
}
