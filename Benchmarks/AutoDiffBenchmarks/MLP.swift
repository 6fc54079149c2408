import AutoDiff
import RealModule

/// Deterministic numbers shared with the peer scripts (Benchmarks/peers/peers.py, W3):
/// element i of a tensor is 0.1·sin(0.37·i + offset), so both sides start from the
/// same weights and inputs without sharing a random generator.
func deterministic<S: TensorScalar>(_ shape: [Int], offset: Double, scale: Double = 0.1) -> Tensor<S> {
  let n = shape.reduce(1, *)
  return Tensor(shape: shape, scalars: (0..<n).map { S(scale * Double.sin(0.37 * Double($0) + offset)) })
}

/// W3: one SGD training step of a 784 → 256 (tanh) → 256 (tanh) → 10 MLP on a batch of
/// 128 with softmax cross-entropy, learning rate 0.01, with the library's `SGD`.
struct MLP<S: TensorScalar> {
  var optimizer: SGD<S>
  let inputs: Tensor<S> = deterministic([128, 784], offset: 7, scale: 1)
  let targets: Tensor<S> = {
    var onehot = [S](repeating: 0, count: 128 * 10)
    for i in 0..<128 { onehot[i * 10 + (i * 7) % 10] = 1 }
    return Tensor(shape: [128, 10], scalars: onehot)
  }()

  init() {
    let shapes: [[Int]] = [[784, 256], [256], [256, 256], [256], [256, 10], [10]]
    var parameters = shapes.enumerated().map { deterministic($1, offset: Double($0 + 1)) as Tensor<S> }
    for i in parameters.indices { parameters[i].requiresGradient = true }
    optimizer = SGD(parameters, learningRate: 0.01)
  }

  /// One step: forward, backward, SGD update. Returns the loss before the update.
  mutating func step() -> S {
    optimizer.zeroGradient()
    let loss = lossAndGradient(optimizer.parameters)
    optimizer.step()
    return loss
  }

  /// Forward and backward. In a function of its own so that no tensor of the step (nor
  /// the graph, whose pullbacks hold the weights) outlives it: the optimiser then updates
  /// the weights in place instead of copying them (value semantics).
  func lossAndGradient(_ p: [Tensor<S>]) -> S {
    let h1 = Tensor.tanh(matmul(inputs, p[0]) + p[1])
    let h2 = Tensor.tanh(matmul(h1, p[2]) + p[3])
    let logits = matmul(h2, p[4]) + p[5]
    let loss = -(targets * logits.logSoftmax(alongAxis: 1)).sum() / Tensor(S(128))
    loss.backward()
    return loss.scalar
  }
}

func w3() -> [Row] {
  var rows: [Row] = []
  var single = MLP<Float>()
  var double = MLP<Double>()
  var lossSingle: Float = 0
  var lossDouble = 0.0
  let times = interleavedMedians(runs: 15, [
    { lossSingle = single.step() },
    { lossDouble = double.step() },
  ])
  rows.append(Row(workload: "W3", variant: "MLP SGD step, Float32", seconds: times[0], ratio: nil, checksum: "loss \(lossSingle)"))
  rows.append(Row(workload: "W3", variant: "MLP SGD step, Float64", seconds: times[1], ratio: nil, checksum: "loss \(lossDouble)"))
  return rows
}
