import AutoDiff
import RealModule

/// Deterministic numbers shared with the PyTorch script (Benchmarks/peers/mlp_torch.py):
/// element i of a tensor is 0.1·sin(0.37·i + offset), so both sides start from the
/// same weights and inputs without sharing a random generator.
func deterministic<S: TensorScalar>(_ shape: [Int], offset: Double, scale: Double = 0.1) -> Tensor<S> {
  let n = shape.reduce(1, *)
  return Tensor(shape: shape, scalars: (0..<n).map { S(scale * Double.sin(0.37 * Double($0) + offset)) })
}

/// W3: one SGD training step of a 784 → 256 (tanh) → 256 (tanh) → 10 MLP on a batch of
/// 128 with softmax cross-entropy, learning rate 0.01.
struct MLP<S: TensorScalar> {
  var w1: Tensor<S> = deterministic([784, 256], offset: 1)
  var b1: Tensor<S> = deterministic([256], offset: 2)
  var w2: Tensor<S> = deterministic([256, 256], offset: 3)
  var b2: Tensor<S> = deterministic([256], offset: 4)
  var w3: Tensor<S> = deterministic([256, 10], offset: 5)
  var b3: Tensor<S> = deterministic([10], offset: 6)
  let inputs: Tensor<S> = deterministic([128, 784], offset: 7, scale: 1)
  let targets: Tensor<S> = {
    var onehot = [S](repeating: 0, count: 128 * 10)
    for i in 0..<128 { onehot[i * 10 + (i * 7) % 10] = 1 }
    return Tensor(shape: [128, 10], scalars: onehot)
  }()

  init() {
    for parameter in [\MLP.w1, \.b1, \.w2, \.b2, \.w3, \.b3] as [WritableKeyPath<MLP, Tensor<S>>] {
      self[keyPath: parameter].requiresGradient = true
    }
  }

  /// p ← p − lr·∇p in one pass (what PyTorch's SGD does in place), as a fresh leaf.
  static func updated(_ p: Tensor<S>, learningRate: S) -> Tensor<S> {
    let g = p.gradient!.scalars
    var fresh = Tensor(shape: p.shape, scalars: zip(p.scalars, g).map { $0 - learningRate * $1 })
    fresh.requiresGradient = true
    return fresh
  }

  /// One step: forward, backward, SGD update. Returns the loss before the update.
  mutating func step(learningRate: S = 0.01) -> S {
    let h1 = Tensor.tanh(matmul(inputs, w1) + b1)
    let h2 = Tensor.tanh(matmul(h1, w2) + b2)
    let logits = matmul(h2, w3) + b3
    let loss = -(targets * logits.logSoftmax(alongAxis: 1)).sum() / Tensor(S(128))
    loss.backward()
    withoutGradient {
      w1 = Self.updated(w1, learningRate: learningRate)
      b1 = Self.updated(b1, learningRate: learningRate)
      w2 = Self.updated(w2, learningRate: learningRate)
      b2 = Self.updated(b2, learningRate: learningRate)
      w3 = Self.updated(w3, learningRate: learningRate)
      b3 = Self.updated(b3, learningRate: learningRate)
    }
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
