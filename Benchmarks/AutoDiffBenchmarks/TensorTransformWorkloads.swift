import AutoDiff
import RealModule

// Issue 17's benchmarks (part of the `perf` suite; Benchmarks/peers/peers.py has the same
// rows for JAX jit and PyTorch torch.func):
//
// T1: the Jacobian of a 64 → 64 tanh layer, f(x) = tanh(W·x + b), by ForwardMode<8>,
//     by reverse and by the automatic rule, beside one plain evaluation.
// T2: the Hessian of a small MLP loss (8 → 16 tanh → 3, softmax cross-entropy over a batch
//     of 16) in its 195 parameters packed in one flat tensor, beside its value and gradient.
//
// The numbers are deterministic (`deterministic(_:offset:scale:)`, element i is
// scale·sin(0.37·i + offset); points are 0.5 + 0.3·sin(i)) so the peers compute the same
// thing; the checksums are sums of all entries, printed in full.

// MARK: T1

/// T1's layer: W (64×64) = 0.1·sin(0.37·i + 11), b (64) = 0.1·sin(0.37·i + 12).
struct TanhLayer {
  static let size = 64
  let w: Tensor<Double> = deterministic([TanhLayer.size, TanhLayer.size], offset: 11)
  let b: Tensor<Double> = deterministic([TanhLayer.size], offset: 12)

  @inline(never)
  func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
    Tensor.tanh(matmul(w, x) + b)
  }
}

func t1TanhJacobian() -> [Row] {
  let layer = TanhLayer()
  let f = { (x: Tensor<Double>) in layer(x) }
  let x = Tensor<Double>((0..<TanhLayer.size).map { 0.5 + 0.3 * Double.sin(Double($0)) })
  var value = Tensor<Double>(0)
  var results = Array(repeating: Tensor<Double>(0), count: 3)
  let times = interleavedMedians(runs: 31, [
    { value = f(x); consume(value) },
    { results[0] = jacobian(of: f, at: x, mode: ForwardMode<8>()); consume(results[0]) },
    { results[1] = jacobian(of: f, at: x, mode: .reverse); consume(results[1]) },
    { results[2] = jacobian(of: f, at: x); consume(results[2]) },
  ])
  let sums = results.map { "ΣJ=\($0.scalars.reduce(0, +))" }
  return [
    Row(workload: "T1", variant: "value tanh(W·x + b), 64→64", seconds: times[0], ratio: 1,
        checksum: "Σf=\(value.scalars.reduce(0, +))"),
    Row(workload: "T1", variant: "jacobian ForwardMode<8> (8 passes)", seconds: times[1],
        ratio: times[1] / times[0], checksum: sums[0]),
    Row(workload: "T1", variant: "jacobian reverse", seconds: times[2],
        ratio: times[2] / times[0], checksum: sums[1]),
    Row(workload: "T1", variant: "jacobian automatic", seconds: times[3],
        ratio: times[3] / times[0], checksum: sums[2]),
  ]
}

// MARK: T2

/// T2's loss: an 8 → 16 (tanh) → 3 MLP with softmax cross-entropy over a batch of 16,
/// as a function of its 195 parameters in one flat tensor
/// p = [W1 (8×16, row-major), b1 (16), W2 (16×3), b2 (3)].
/// Inputs X (16×8) = sin(0.37·i + 7); sample i's label is i mod 3.
struct SmallMLPLoss {
  static let inputs = 8
  static let hidden = 16
  static let classes = 3
  static let batch = 16
  static let parameterCount = inputs * hidden + hidden + hidden * classes + classes  // 195
  let x: Tensor<Double> = deterministic([SmallMLPLoss.batch, SmallMLPLoss.inputs], offset: 7, scale: 1)
  let targets: Tensor<Double> = {
    let (batch, classes) = (SmallMLPLoss.batch, SmallMLPLoss.classes)
    var onehot = [Double](repeating: 0, count: batch * classes)
    for i in 0..<batch { onehot[i * classes + i % classes] = 1 }
    return Tensor(shape: [batch, classes], scalars: onehot)
  }()

  @inline(never)
  func callAsFunction(_ p: Tensor<Double>) -> Tensor<Double> {
    let (n, h, c) = (Self.inputs, Self.hidden, Self.classes)
    var at = 0
    func take(_ shape: [Int]) -> Tensor<Double> {
      let count = shape.reduce(1, *)
      defer { at += count }
      return p.slice(at..<(at + count)).reshaped(to: shape)
    }
    let w1 = take([n, h]), b1 = take([h]), w2 = take([h, c]), b2 = take([c])
    let hiddenLayer = Tensor.tanh(matmul(x, w1) + b1)
    let logits = matmul(hiddenLayer, w2) + b2
    return -(targets * logits.logSoftmax(alongAxis: 1)).sum() / Tensor(Double(Self.batch))
  }

  /// The parameters: 0.5·sin(0.37·i + 3).
  static var point: Tensor<Double> { deterministic([parameterCount], offset: 3, scale: 0.5) }
}

func t2MLPHessian() -> [Row] {
  let model = SmallMLPLoss()
  let loss = { (p: Tensor<Double>) in model(p) }
  let p = SmallMLPLoss.point
  var value = 0.0
  var g = Tensor<Double>(0)
  var h = Tensor<Double>(0)
  let times = interleavedMedians(runs: 21, [
    { value = loss(p).scalar; consume(value) },
    { g = gradient(of: loss, at: p); consume(g) },
    { h = hessian(of: loss, at: p); consume(h) },
  ])
  let n = SmallMLPLoss.parameterCount
  return [
    Row(workload: "T2", variant: "value, MLP 8→16→3 loss, \(n) params", seconds: times[0], ratio: 1,
        checksum: "loss=\(value)"),
    Row(workload: "T2", variant: "gradient(of:at:)", seconds: times[1], ratio: times[1] / times[0],
        checksum: "Σg=\(g.scalars.reduce(0, +))"),
    Row(workload: "T2", variant: "hessian(of:at:) fwd-over-rev, 5 passes of 39 lanes", seconds: times[2],
        ratio: times[2] / times[0],
        checksum: "ΣH=\(h.scalars.reduce(0, +)), Σ|H|=\(h.scalars.reduce(0) { $0 + abs($1) })"),
  ]
}
