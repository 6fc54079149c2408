import AutoDiff
import RealModule

/// The mode-cost function F: Rⁿ → Rᵐ, Fⱼ(x) = Σᵢ sin(xᵢ·(j+1))·x₍ᵢ₊ⱼ₎ mod n.
///
/// Every output reads every input, so the Jacobian is dense and one evaluation costs
/// n·m terms whatever the mode; only the number of passes differs.
@inline(never)
func modeCost<T: Differentiable>(_ x: [T], outputs m: Int) -> [T] {
  let n = x.count
  var y: [T] = []
  y.reserveCapacity(m)
  for j in 0..<m {
    let scale = T(j + 1)
    var sum: T = 0
    var k = j % n
    for i in 0..<n {
      sum += T.sin(x[i] * scale) * x[k]
      k = k + 1 == n ? 0 : k + 1
    }
    y.append(sum)
  }
  return y
}

/// ``modeCost(_:outputs:)`` as a function object, so that `jacobian(of:at:)` can pick the
/// mode at run time (`.automatic`, the default for function objects).
struct ModeCostFunction: DifferentiableFunction {
  var outputs: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { modeCost(x, outputs: outputs) }
}

/// The Jacobian of F at each (n, m) by forward mode in chunks of 8, forward mode one
/// tangent at a time, reverse mode (8 cotangents a sweep), the automatic choice and reverse
/// mode one cotangent a sweep, against one plain evaluation; and the recording alone.
func modes() -> [Row] {
  let shapes = [
    (16, 16), (64, 64), (256, 256), (8, 1024), (1024, 8), (128, 512), (512, 128), (1024, 1),
  ]
  var rows: [Row] = []
  for (n, m) in shapes {
    let x = (0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    let f = ModeCostFunction(outputs: m)
    var plain: [Double] = []
    var chunked: [[Double]] = []
    var unchunked: [[Double]] = []
    var reverse: [[Double]] = []
    var automatic: [[Double]] = []
    var recorded: [Tracked<Double>] = []
    var singleSweeps: [[Double]] = []
    let basis = (0..<m).map { i in (0..<m).map { $0 == i ? 1.0 : 0.0 } }
    // Fewer rounds where one forward pass per input makes a round take seconds.
    let runs = n * n * m > 20_000_000 ? 5 : 9
    let times = interleavedMedians(runs: runs, [
      { plain = modeCost(x, outputs: m); consume(plain) },
      {
        chunked = jacobian(
          of: { (v: [ChunkedDual<Double, 8>]) in modeCost(v, outputs: m) }, at: x, mode: .forward)
        consume(chunked)
      },
      {
        unchunked = jacobian(
          of: { (v: [ChunkedDual<Double, 1>]) in modeCost(v, outputs: m) }, at: x,
          mode: ForwardMode<1>())
        consume(unchunked)
      },
      {
        reverse = jacobian(
          of: { (v: [Tracked<Double>]) in modeCost(v, outputs: m) }, at: x, mode: .reverse)
        consume(reverse)
      },
      { automatic = jacobian(of: f, at: x); consume(automatic) },
      {
        let tape = Tape<Double>()
        withExtendedLifetime(tape) { recorded = modeCost(x.map { tape.input($0) }, outputs: m) }
        consume(recorded.count)
      },
      {
        let (_, pullback) = valueWithPullback(
          of: { (v: [Tracked<Double>]) in modeCost(v, outputs: m) }, at: x)
        singleSweeps = basis.map { pullback($0) }
        consume(singleSweeps)
      },
    ])
    let tape = Tape<Double>()
    _ = modeCost(x.map { tape.input($0) }, outputs: m)
    func total(_ j: [[Double]]) -> Double { j.reduce(0) { $0 + $1.reduce(0, +) } }
    func agreement(_ j: [[Double]]) -> String {
      var worst = 0.0
      for (a, b) in zip(j, reverse) {
        for (u, v) in zip(a, b) { worst = max(worst, abs(u - v) / max(1, abs(v))) }
      }
      return "ΣJ=\(total(j)), vs reverse ≤ \(worst)"
    }
    let shape = "\(n)×\(m)"
    let chunks = (n + 7) / 8
    let sweeps = (m + 7) / 8
    let picked = n <= 8 || m > 2 * n ? "forward" : "reverse"
    rows += [
      Row(workload: shape, variant: "plain Double F(x)", seconds: times[0], ratio: 1,
          checksum: "ΣF=\(plain.reduce(0, +))"),
      Row(workload: shape, variant: "forward .forward (\(chunks) passes ×8)", seconds: times[1],
          ratio: times[1] / times[0], checksum: agreement(chunked)),
      Row(workload: shape, variant: "forward ForwardMode<1> (\(n) passes ×1)", seconds: times[2],
          ratio: times[2] / times[0], checksum: agreement(unchunked)),
      Row(workload: shape, variant: "reverse .reverse (1 rec. + \(sweeps) sweeps ×8)",
          seconds: times[3], ratio: times[3] / times[0], checksum: "ΣJ=\(total(reverse))"),
      Row(workload: shape, variant: "reverse pullback (1 rec. + \(m) sweeps ×1)",
          seconds: times[6], ratio: times[6] / times[0], checksum: agreement(singleSweeps)),
      Row(workload: shape, variant: "automatic (picks \(picked))", seconds: times[4],
          ratio: times[4] / times[0], checksum: agreement(automatic)),
      Row(workload: shape, variant: "  the recording alone", seconds: times[5],
          ratio: times[5] / times[0],
          checksum: "\(tape.count) entries, \((tape.bytesPerEntry * 100).rounded() / 100) B/entry"),
    ]
  }
  return rows
}

/// Where `.automatic`'s two modes cross for n < m: the function object's forward Jacobian
/// (chunks of up to 64 tangents) against the reverse one (one recording, ⌈m/8⌉ sweeps of 8),
/// at m = n, 1.5·n, 2·n, 3·n and 4·n for n = 32, 64 and 128; the ratio is forward ÷ reverse.
func modeCrossover() -> [Row] {
  var rows: [Row] = []
  for n in [32, 64, 128] {
    for factor in [2, 3, 4, 6, 8] {
      let m = n * factor / 2
      let x = (0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) }
      let f = ModeCostFunction(outputs: m)
      var forward: [[Double]] = []
      var reverse: [[Double]] = []
      let times = interleavedMedians(runs: 7, [
        { forward = jacobian(of: f, at: x, mode: .forward); consume(forward) },
        { reverse = jacobian(of: f, at: x, mode: .reverse); consume(reverse) },
      ])
      rows.append(
        Row(
          workload: "\(n)×\(m)", variant: "forward (function object) vs reverse", seconds: times[0],
          ratio: times[0] / times[1],
          checksum: "reverse \((times[1] * 1e5).rounded() / 100) ms, m/n = \(Double(m) / Double(n))"))
    }
  }
  return rows
}
