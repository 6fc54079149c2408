import AutoDiff
import RealModule
import Testing

/// The problem of Benchmarks/peers/optimizer_reference.py, built from the same formulas.
private enum ReferenceProblem {
  static var x: Tensor<Double> { Tensor((0..<6).map { k in (0..<4).map { j in Double.cos(0.7 * Double(k) + 0.3 * Double(j) + 0.1) } }) }
  static var y: Tensor<Double> { Tensor((0..<6).map { k in (0..<3).map { i in Double.sin(0.5 * Double(k) - 0.4 * Double(i)) } }) }
  static var initialWeights: Tensor<Double> {
    Tensor((0..<3).map { i in (0..<4).map { j in 0.5 * Double.sin(1.3 * Double(i) + 0.7 * Double(j) + 0.2) } })
  }
  static var initialBias: Tensor<Double> { Tensor((0..<3).map { 0.1 * (Double($0) - 1) }) }

  /// mean((tanh(X Wᵀ + b) − Y)²) + 0.01 Σ W⁴
  static func loss(_ w: Tensor<Double>, _ b: Tensor<Double>) -> Tensor<Double> {
    let residual = Tensor.tanh(matmul(x, w.transposed()) + b) - y
    return (residual * residual).mean() + Tensor.pow(w, 4).sum() * 0.01
  }

  /// The largest difference from PyTorch's parameters over every step: infinite when the
  /// reference is not the 20 steps of 12 weights and 3 biases, or when the optimiser's
  /// parameters have another length or are not finite, so no such mismatch can pass.
  static func largestDifference<O: Optimizer>(
    _ optimizer: inout O, reference: [(weights: [Double], bias: [Double])]
  ) -> Double where O.Scalar == Double {
    guard reference.count == PyTorchOptimizerReference.steps else { return .infinity }
    var largest = 0.0
    for expected in reference {
      loss(optimizer.parameters[0], optimizer.parameters[1]).backward()
      optimizer.step()
      optimizer.zeroGradient()
      let actual = optimizer.parameters[0].scalars + optimizer.parameters[1].scalars
      let wanted = expected.weights + expected.bias
      guard wanted.count == 15, actual.count == wanted.count else { return .infinity }
      for (a, e) in zip(actual, wanted) {
        let difference = abs(a - e)
        guard difference.isFinite else { return .infinity }
        largest = max(largest, difference)
      }
    }
    return largest
  }
}

@Suite("Optimisers against PyTorch over 20 steps (reference from optimizer_reference.py)")
struct OptimizerPyTorchTests {
  static var parameters: [Tensor<Double>] { [ReferenceProblem.initialWeights, ReferenceProblem.initialBias] }

  /// The largest difference allowed from PyTorch's float64 parameters (all of magnitude
  /// below 1). Measured here: at most 2.2e-16, one ulp, in debug and release. Another
  /// platform's libm or BLAS may round tanh, exp and the matrix products differently,
  /// and 20 steps can amplify that (Adam divides by √v̂); 1e-13, about 500 ulps, bounds
  /// it, while a wrong update formula or option is off by more than 1e-3 (see the last
  /// test). It was 1e-6.
  static let bound = 1e-13

  @Test("SGD, momentum 0.9, Nesterov, weight decay 0.01")
  func sgdNesterov() {
    var optimizer = SGD(Self.parameters, learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01)
    let difference = ReferenceProblem.largestDifference(&optimizer, reference: PyTorchOptimizerReference.sgdNesterov)
    #expect(difference <= Self.bound, "largest difference \(difference)")
  }

  @Test("SGD, momentum 0.9, dampening 0.1, weight decay 0.01")
  func sgdDampened() {
    var optimizer = SGD(Self.parameters, learningRate: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01)
    let difference = ReferenceProblem.largestDifference(&optimizer, reference: PyTorchOptimizerReference.sgdDampened)
    #expect(difference <= Self.bound, "largest difference \(difference)")
  }

  @Test("Adam, AMSGrad, betas (0.9, 0.95), weight decay 0.01")
  func adamAMSGrad() {
    var optimizer = Adam(Self.parameters, learningRate: 0.05, betas: (0.9, 0.95), weightDecay: 0.01, amsgrad: true)
    let difference = ReferenceProblem.largestDifference(&optimizer, reference: PyTorchOptimizerReference.adamAMSGrad)
    #expect(difference <= Self.bound, "largest difference \(difference)")
  }

  @Test("Adam, decoupled weight decay 0.1 (AdamW), betas (0.8, 0.99), ε 1e-6")
  func adamDecoupled() {
    var optimizer = Adam(
      Self.parameters, learningRate: 0.05, betas: (0.8, 0.99), epsilon: 1e-6, weightDecay: 0.1,
      decoupledWeightDecay: true)
    let difference = ReferenceProblem.largestDifference(&optimizer, reference: PyTorchOptimizerReference.adamDecoupled)
    #expect(difference <= Self.bound, "largest difference \(difference)")
  }

  @Test("The reference distinguishes the options: without AMSGrad the trajectory is elsewhere")
  func referenceIsSensitive() {
    var optimizer = Adam(Self.parameters, learningRate: 0.05, betas: (0.9, 0.95), weightDecay: 0.01)
    let difference = ReferenceProblem.largestDifference(&optimizer, reference: PyTorchOptimizerReference.adamAMSGrad)
    #expect(difference > 1e-3, "largest difference \(difference)")
  }
}
