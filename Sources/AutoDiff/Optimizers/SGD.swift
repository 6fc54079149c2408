/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight
/// decay, with PyTorch's `torch.optim.SGD` update, operation for operation.
///
/// For each parameter θ with gradient g, at step t:
///
/// ```
/// g ← −g                          if maximize
/// g ← g + λθ                      if weightDecay λ ≠ 0
/// if momentum μ ≠ 0:
///   b ← g                         at the first step (t = 1)
///   b ← μb + (1 − τ)g             afterwards (τ = dampening)
///   g ← g + μb                    if nesterov
///   g ← b                         otherwise
/// θ ← θ − γg                      (γ = learningRate)
/// ```
///
/// With c = [2, 3], d = [6, 4] and loss Σ(3c³ − d²), the gradients are [36, 81] and
/// [−12, −8], and one step with γ = 0.1 gives c = [−1.6, −5.1], d = [7.2, 4.8].
public struct SGD<Scalar: TensorScalar>: Optimizer {
  public private(set) var parameters: [Tensor<Scalar>]
  /// γ, the step size. May be changed between steps (a schedule).
  public var learningRate: Scalar
  /// μ, the weight of the previous update in the momentum buffer.
  public let momentum: Scalar
  /// τ, the fraction of the gradient left out of the momentum buffer.
  public let dampening: Scalar
  /// Whether to step along g + μb (Sutskever et al.'s form of Nesterov momentum).
  public let nesterov: Bool
  /// λ, the L2 penalty added to the gradient: g + λθ.
  public let weightDecay: Scalar
  /// Whether to ascend the objective instead of descending.
  public let maximize: Bool
  private var momentumBuffers: [[Scalar]?]

  /// An optimiser for `parameters` (each made a leaf that requires a gradient).
  ///
  /// - Precondition: as PyTorch checks: learningRate, momentum, weightDecay ≥ 0, and
  ///   nesterov only with momentum > 0 and dampening 0.
  public init(
    _ parameters: [Tensor<Scalar>], learningRate: Scalar, momentum: Scalar = 0,
    dampening: Scalar = 0, nesterov: Bool = false, weightDecay: Scalar = 0, maximize: Bool = false
  ) {
    requireHyperparameter(learningRate >= 0, "SGD: invalid learning rate \(learningRate) (must be ≥ 0)")
    requireHyperparameter(momentum >= 0, "SGD: invalid momentum \(momentum) (must be ≥ 0)")
    requireHyperparameter(weightDecay >= 0, "SGD: invalid weight decay \(weightDecay) (must be ≥ 0)")
    requireHyperparameter(
      !nesterov || (momentum > 0 && dampening == 0),
      "SGD: Nesterov momentum requires momentum > 0 and dampening 0 (got momentum \(momentum), dampening \(dampening))")
    self.parameters = parameters.enumerated().map { Tensor.optimizerParameter($1, index: $0, in: "SGD") }
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
    self.weightDecay = weightDecay
    self.maximize = maximize
    self.momentumBuffers = Array(repeating: nil, count: parameters.count)
  }

  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public mutating func step() {
    for i in parameters.indices {
      guard let gradient = parameters[i].gradient else { continue }
      var g = gradient.scalars
      // Each option's pass runs only when the option is on, so the plain step is one
      // vectorised pass over θ.
      if maximize {
        g.withUnsafeMutableBufferPointer { g in
          for j in g.indices { g[j] = -g[j] }
        }
      }
      if weightDecay != 0 {
        let (theta, decay) = (parameters[i].scalars, weightDecay)
        g.withUnsafeMutableBufferPointer { g in
          theta.withUnsafeBufferPointer { theta in
            for j in g.indices { g[j] = g[j] + decay * theta[j] }
          }
        }
      }
      if momentum != 0 {
        if var buffer = momentumBuffers[i] {
          momentumBuffers[i] = nil  // keep `buffer` uniquely referenced: updated in place
          let (mu, keep) = (momentum, 1 - dampening)
          buffer.withUnsafeMutableBufferPointer { b in
            g.withUnsafeBufferPointer { g in
              for j in b.indices { b[j] = b[j] * mu + keep * g[j] }
            }
          }
          momentumBuffers[i] = buffer
        } else {
          momentumBuffers[i] = g
        }
        let buffer = momentumBuffers[i]!
        if nesterov {
          let mu = momentum
          g.withUnsafeMutableBufferPointer { g in
            buffer.withUnsafeBufferPointer { b in
              for j in g.indices { g[j] = g[j] + mu * b[j] }
            }
          }
        } else {
          g = buffer
        }
      }
      let rate = learningRate
      parameters[i].updateScalars { theta in
        theta.withUnsafeMutableBufferPointer { theta in
          g.withUnsafeBufferPointer { g in
            for j in theta.indices { theta[j] = theta[j] + -rate * g[j] }
          }
        }
      }
    }
  }
}
