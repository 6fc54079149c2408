import AutoDiff
import RealModule

// The issue-7 suite (`AutoDiffBenchmarks perf`): W1, W2, W2t, W3, W4, W5, issue 17's T1
// and T2 (TensorTransformWorkloads.swift) and the tiny-function overhead, each row with a
// checksum so the peers' equal work is visible (Benchmarks/peers/peers.py computes the
// same numbers; Benchmarks/run-all.sh merges).

func runPerformanceSuite() -> [Row] {
  var rows: [Row] = []
  rows += w1()
  rows += w2()
  rows += w2Tensor()
  rows += w3()
  rows += w4Jacobians()
  rows += w5Hessian()
  rows += t1TanhJacobian()
  rows += t2MLPHessian()
  rows += tinyOverhead()
  return rows
}

// MARK: W2t

/// W2 written with tensor ops: Σ 100(x[1:] − x[:-1]²)² + (1 − x[:-1])².
@inline(never)
func rosenbrockTensor<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
  let n = x.shape[0]
  let head = x.slice(0..<(n - 1))
  let tail = x.slice(1..<n)
  let t = tail - head * head
  let u = Tensor<S>(1) - head
  return (Tensor<S>(100) * (t * t) + u * u).sum()
}

func w2Tensor() -> [Row] {
  let n = 100_000
  let x = Tensor<Double>(rosenbrockPoint(n))
  var value = 0.0
  var g = Tensor<Double>(0)
  let times = interleavedMedians(runs: 21, [
    { value = rosenbrockTensor(x).scalars[0]; consume(value) },
    { g = gradient(of: rosenbrockTensor, at: x); consume(g) },
  ])
  return [
    Row(workload: "W2t", variant: "tensor value (n = 100,000)", seconds: times[0], ratio: 1,
        checksum: "\(value)"),
    Row(workload: "W2t", variant: "tensor gradient(of:at:)", seconds: times[1],
        ratio: times[1] / times[0], checksum: "Σg=\(g.scalars.reduce(0, +))"),
  ]
}

// MARK: W4

// F and its function object are ModeCost.swift's `modeCost` and `ModeCostFunction`.

func w4Jacobians() -> [Row] {
  var rows: [Row] = []
  for (n, m) in [(8, 1024), (1024, 8), (256, 256)] {
    let x = (0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    let f = ModeCostFunction(outputs: m)
    var plain: [Double] = []
    var results = Array(repeating: [[Double]](), count: 3)
    let modes: [JacobianMode] = [.forward, .reverse, .automatic]
    let runs = 9
    let times = interleavedMedians(runs: runs, [
      { plain = f(x); consume(plain) },
      { results[0] = jacobian(of: f, at: x, mode: .forward); consume(results[0]) },
      { results[1] = jacobian(of: f, at: x, mode: .reverse); consume(results[1]) },
      { results[2] = jacobian(of: f, at: x, mode: .automatic); consume(results[2]) },
    ])
    let shape = "W4 \(n)×\(m)"
    rows.append(Row(workload: shape, variant: "plain Double F(x)", seconds: times[0], ratio: 1,
                    checksum: "ΣF=\(plain.reduce(0, +))"))
    let fastest = min(times[1], times[2])
    for (i, mode) in modes.enumerated() {
      let total = results[i].reduce(0) { $0 + $1.reduce(0, +) }
      let note = mode == .automatic ? " (vs faster mode \(((times[3] / fastest) * 100).rounded() / 100)×)" : ""
      rows.append(Row(workload: shape, variant: "jacobian \(mode)\(note)", seconds: times[i + 1],
                      ratio: times[i + 1] / times[0], checksum: "ΣJ=\(total)"))
    }
  }
  return rows
}

// MARK: W5

/// W5's g(x) = Σᵢ sin(xᵢ·x₍ᵢ₊₁₎ mod n) + xᵢ⁴/4.
@inline(never)
func w5G<T: Real>(_ x: [T]) -> T {
  let n = x.count
  var sum: T = 0
  for i in 0..<n {
    let next = x[i + 1 == n ? 0 : i + 1]
    let square = x[i] * x[i]
    sum += T.sin(x[i] * next) + square * square / 4
  }
  return sum
}

/// W5's g as a function object, so that the sparse Hessian can detect, colour and
/// differentiate the one definition.
struct W5G: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { w5G(x) }
}

func w5Hessian() -> [Row] {
  let n = 200
  let x = (0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) }
  var plain = 0.0
  var h: [[Double]] = []
  var sparse = SparseMatrix<Double>(pattern: SparsityPattern(columnCount: 0, rows: []), values: [])
  var oneShot = sparse
  let prepared = PreparedSparseHessian(of: W5G(), at: x)
  let times = interleavedMedians(runs: 15, [
    { plain = w5G(x); consume(plain) },
    { h = hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in w5G(v) }, at: x); consume(h) },
    { sparse = prepared.hessian(at: x); consume(sparse) },
    { oneShot = hessian(of: W5G(), at: x, sparsity: .detect); consume(oneShot) },
  ])
  let total = h.reduce(0) { $0 + $1.reduce(0, +) }
  let colors = "\(prepared.coloring.colorCount) colours (densest row \(prepared.pattern.colorCountLowerBound))"
  return [
    Row(workload: "W5", variant: "plain Double g(x), n = 200", seconds: times[0], ratio: 1,
        checksum: "\(plain)"),
    Row(workload: "W5", variant: "hessian(of:at:) fwd-over-rev, 25 passes", seconds: times[1],
        ratio: times[1] / times[0], checksum: "ΣH=\(total)"),
    Row(workload: "W5", variant: "hessian sparse prepared, \(colors)", seconds: times[2],
        ratio: times[2] / times[0], checksum: "ΣH=\(sparse.values.reduce(0, +))"),
    Row(workload: "W5", variant: "hessian sparse one call (detect+colour+eval)", seconds: times[3],
        ratio: times[3] / times[0], checksum: "ΣH=\(oneShot.values.reduce(0, +))"),
  ]
}

// MARK: Tiny-function overhead

/// f(x) = sin(x)·x + exp(−x²).
@inline(never)
func tiny<T: Real>(_ x: T) -> T { T.sin(x) * x + T.exp(-(x * x)) }

func tinyOverhead() -> [Row] {
  // The peers' 200 points, 25 times over per timed body (the checksum is one pass's sum,
  // as the peers print; summing over all passes keeps the optimiser from dropping any).
  let points = (0..<200).map { 0.5 + 0.3 * Double.sin(Double($0)) }
  let repeats = 25
  var plain = 0.0
  var forward = 0.0
  var reverse = 0.0
  var reused = 0.0
  var scalar = 0.0
  let tape = Tape<Double>(capacity: 64)
  let times = interleavedMedians(runs: 21, [
    {
      var s = 0.0
      for _ in 0..<repeats { for p in points { s += tiny(p) } }
      plain = s / Double(repeats); consume(s)
    },
    {
      var s = 0.0
      for _ in 0..<repeats { for p in points { s += derivative(of: { tiny($0) }, at: p) } }
      forward = s / Double(repeats); consume(s)
    },
    {
      var s = 0.0
      for _ in 0..<repeats { for p in points { s += gradient(of: { (v: [Tracked<Double>]) in tiny(v[0]) }, at: [p])[0] } }
      reverse = s / Double(repeats); consume(s)
    },
    {
      var s = 0.0
      for _ in 0..<repeats { for p in points {
        s += tape.gradient(of: { (v: [Tracked<Double>]) in tiny(v[0]) }, at: [p])[0]
      } }
      reused = s / Double(repeats); consume(s)
    },
    {
      var s = 0.0
      for _ in 0..<repeats { for p in points { s += tape.derivative(of: { tiny($0) }, at: p) } }
      scalar = s / Double(repeats); consume(s)
    },
  ])
  let perCall = times.map { $0 / Double(points.count * repeats) }
  // printTable shows 0.1 µs steps; the checksum column carries nanoseconds.
  let ns = perCall.map { "\(($0 * 1e10).rounded() / 10) ns/call, " }
  return [
    Row(workload: "tiny", variant: "plain f(x) per call", seconds: perCall[0], ratio: 1,
        checksum: ns[0] + "Σf=\(plain)"),
    Row(workload: "tiny", variant: "derivative(of:at:) forward per call", seconds: perCall[1],
        ratio: perCall[1] / perCall[0], checksum: ns[1] + "Σf'=\(forward)"),
    Row(workload: "tiny", variant: "gradient(of:at:) reverse per call", seconds: perCall[2],
        ratio: perCall[2] / perCall[0], checksum: ns[2] + "Σf'=\(reverse)"),
    Row(workload: "tiny", variant: "Tape.gradient(of:at:) on a kept tape per call", seconds: perCall[3],
        ratio: perCall[3] / perCall[0], checksum: ns[3] + "Σf'=\(reused)"),
    Row(workload: "tiny", variant: "reverse Tape.derivative(of:at:), kept tape, per call", seconds: perCall[4],
        ratio: perCall[4] / perCall[0], checksum: ns[4] + "Σf'=\(scalar)"),
  ]
}

/// The rows as tab-separated lines (workload, implementation, variant, seconds, ratio,
/// checksum) for Benchmarks/peers/merge.py.
func printTSV(_ rows: [Row], implementation: String = "AutoDiff") {
  for row in rows {
    let ratio = row.ratio.map { "\($0)" } ?? ""
    print([row.workload, implementation, row.variant, "\(row.seconds)", ratio, row.checksum]
      .joined(separator: "\t"))
  }
}

/// `AutoDiffBenchmarks profile <name>`: one workload's differentiated body in a loop for
/// about `seconds`, for `perf record` (names: w1fwd, w1plain, w1rev, w1tape, w2, w2tape, w2tvalue, w2t, w3f32, w3f64, w4fwd, w4rev, w5, w5sparse, w5gradient, t1fwd, t1rev, t2, tiny, tinytape,
/// tinyscalar).
func profileWorkload(_ name: String, seconds: Double = 4) {
  let clock = ContinuousClock()
  let deadline = clock.now + .milliseconds(Int(seconds * 1000))
  var body: () -> Void
  switch name {
  case "w1fwd":
    body = { consume(chain(Dual(0.5, derivative: 1), iterations: 1_000_000, rate: Dual(-0.01))) }
  case "w1plain":
    body = { consume(chain(0.5, iterations: 1_000_000, rate: -0.01)) }
  case "w1rev":
    body = {
      consume(gradient(of: { (x: [Tracked<Double>]) in
        chain(x[0], iterations: 1_000_000, rate: Tracked(constant: -0.01))
      }, at: [0.5]))
    }
  case "w1tape":
    let tape = Tape<Double>()
    body = {
      consume(tape.gradient(of: { (x: [Tracked<Double>]) in
        chain(x[0], iterations: 1_000_000, rate: Tracked(constant: -0.01))
      }, at: [0.5]))
    }
  case "w2tape":
    let x = rosenbrockPoint(100_000)
    let tape = Tape<Double>()
    body = { consume(tape.gradient(of: { (v: [Tracked<Double>]) in rosenbrock(v) }, at: x)) }
  case "w2":
    let x = rosenbrockPoint(100_000)
    body = { consume(gradient(of: { (v: [Tracked<Double>]) in rosenbrock(v) }, at: x)) }
  case "t1forward":
    let layer = TanhLayer()
    let x = Tensor<Double>((0..<TanhLayer.size).map { 0.5 + 0.3 * Double.sin(Double($0)) })
    body = { consume(jacobian(of: { layer($0) }, at: x, mode: ForwardMode<8>())) }
  case "t1reverse":
    let layer = TanhLayer()
    let x = Tensor<Double>((0..<TanhLayer.size).map { 0.5 + 0.3 * Double.sin(Double($0)) })
    body = { consume(jacobian(of: { layer($0) }, at: x, mode: .reverse)) }
  case "t2hessian":
    let loss = SmallMLPLoss()
    let p = SmallMLPLoss.point
    body = { consume(hessian(of: { loss($0) }, at: p)) }
  case "w2tvalue":
    let x = Tensor<Double>(rosenbrockPoint(100_000))
    body = { consume(rosenbrockTensor(x).scalars[0]) }
  case "w2t":
    let x = Tensor<Double>(rosenbrockPoint(100_000))
    body = { consume(gradient(of: rosenbrockTensor, at: x)) }
  case "w3f32":
    var mlp = MLP<Float>()
    body = { consume(mlp.step()) }
  case "w3f64":
    var mlp = MLP<Double>()
    body = { consume(mlp.step()) }
  case "w4fwd":
    let x = (0..<8).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    body = { consume(jacobian(of: ModeCostFunction(outputs: 1024), at: x, mode: .forward)) }
  case "w4rev":
    let x = (0..<1024).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    body = { consume(jacobian(of: ModeCostFunction(outputs: 8), at: x, mode: .reverse)) }
  case "w5":
    let x = (0..<200).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    body = { consume(hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in w5G(v) }, at: x)) }
  case "w5sparse":
    let x = (0..<200).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    let prepared = PreparedSparseHessian(of: W5G(), at: x)
    body = { consume(prepared.hessian(at: x)) }
  case "arrow":
    let x = (0..<100_000).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    let prepared = PreparedSparseHessian(of: ArrowFunction(), at: x, sparsity: .detectGlobally)
    body = { consume(prepared.hessian(at: x)) }
  case "banded":
    let x = (0..<100_000).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    let prepared = PreparedSparseJacobian(of: BandedFunction(), at: x, sparsity: .detectGlobally)
    body = { consume(prepared.jacobian(at: x)) }
  case "w5detect":
    let x = (0..<200).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    body = { consume(hessian(of: W5G(), at: x, sparsity: .detect)) }
  case "w5gradient":
    let x = (0..<200).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    body = { consume(gradient(of: { (v: [Tracked<Double>]) in w5G(v) }, at: x)) }
  case "t1fwd":
    let layer = TanhLayer()
    let x = Tensor<Double>((0..<TanhLayer.size).map { 0.5 + 0.3 * Double.sin(Double($0)) })
    body = { consume(jacobian(of: { layer($0) }, at: x, mode: ForwardMode<8>())) }
  case "t1rev":
    let layer = TanhLayer()
    let x = Tensor<Double>((0..<TanhLayer.size).map { 0.5 + 0.3 * Double.sin(Double($0)) })
    body = { consume(jacobian(of: { layer($0) }, at: x, mode: .reverse)) }
  case "t2":
    let model = SmallMLPLoss()
    let p = SmallMLPLoss.point
    body = { consume(hessian(of: { model($0) }, at: p)) }
  case "tadd16", "tadd1000":
    let n = name == "tadd16" ? 16 : 1000
    let a = Tensor<Double>((0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) })
    let b = a * 2
    body = { for _ in 0..<100 { consume((a + b).scalars[0]) } }
  case "tgrad16", "tgrad1000":
    let n = name == "tgrad16" ? 16 : 1000
    let a = Tensor<Double>((0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) })
    let b = a * 2
    body = { consume(gradient(of: { x in (((x * b + a) * x + b) * x).sum() }, at: a)) }
  case "tiny":
    body = { consume(gradient(of: { (v: [Tracked<Double>]) in tiny(v[0]) }, at: [0.7])) }
  case "tinyscalar":
    let tape = Tape<Double>(capacity: 64)
    body = { consume(tape.derivative(of: { tiny($0) }, at: 0.7)) }
  case "tinytape":
    let tape = Tape<Double>(capacity: 64)
    body = { consume(tape.gradient(of: { (v: [Tracked<Double>]) in tiny(v[0]) }, at: [0.7])) }
  default:
    print("unknown workload \(name)")
    return
  }
  var count = 0
  while clock.now < deadline {
    for _ in 0..<10 { body() }
    count += 10
  }
  print("\(name): \(count) calls")
}

