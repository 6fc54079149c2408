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
///
/// The parameters are either given at creation (``parameters``, updated by ``step()``) or
/// held by your model (``step(_:)``); both run the same update, written once.
public struct SGD<Scalar: TensorScalar>: Optimizer {
  /// The tensors given at creation, in their order; empty for an optimiser of a model.
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
  private var ownedStates: [ParameterState]
  private var keyPathStates: [AnyKeyPath: ParameterState] = [:]

  /// An optimiser for `parameters` (each made a leaf that requires a gradient), or with
  /// none, for the parameters of a model passed to ``step(_:)``.
  ///
  /// - Precondition: as PyTorch checks: learningRate, momentum, weightDecay ≥ 0, and
  ///   nesterov only with momentum > 0 and dampening 0.
  public init(
    _ parameters: [Tensor<Scalar>] = [], learningRate: Scalar, momentum: Scalar = 0,
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
    self.ownedStates = Array(repeating: ParameterState(), count: parameters.count)
  }

  public mutating func step() {
    let rule = self.rule
    for i in parameters.indices { rule.update(&parameters[i], &ownedStates[i]) }
  }

  public mutating func step<Model: Layer>(_ model: inout Model) where Model.Scalar == Scalar {
    let rule = self.rule
    for keyPath in model.checkedParameterKeyPaths(for: "SGD") {
      rule.update(&model[keyPath: keyPath], &keyPathStates[keyPath, default: ParameterState()])
    }
  }

  private var rule: Rule {
    Rule(
      learningRate: learningRate, momentum: momentum, dampening: dampening, nesterov: nesterov,
      weightDecay: weightDecay, maximize: maximize)
  }

  /// PyTorch's `state[p]` for SGD: the momentum buffer b, nil before the first step.
  struct ParameterState {
    var momentumBuffer: [Scalar]?
  }

  /// The update of one parameter, the single copy of the formula above.
  struct Rule {
    let learningRate, momentum, dampening: Scalar
    let nesterov: Bool
    let weightDecay: Scalar
    let maximize: Bool

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func update(_ parameter: inout Tensor<Scalar>, _ state: inout ParameterState) {
      guard let gradient = parameter.gradient else { return }
      var g = gradient.scalars
      // Each option's pass runs only when the option is on, so the plain step is one
      // vectorised pass over θ.
      if maximize {
        g.withUnsafeMutableBufferPointer { g in
          for j in g.indices { g[j] = -g[j] }
        }
      }
      if weightDecay != 0 {
        let (theta, decay) = (parameter.scalars, weightDecay)
        g.withUnsafeMutableBufferPointer { g in
          theta.withUnsafeBufferPointer { theta in
            for j in g.indices { g[j] = g[j] + decay * theta[j] }
          }
        }
      }
      if momentum != 0 {
        if var buffer = state.momentumBuffer {
          state.momentumBuffer = nil  // keep `buffer` uniquely referenced: updated in place
          let (mu, keep) = (momentum, 1 - dampening)
          buffer.withUnsafeMutableBufferPointer { b in
            g.withUnsafeBufferPointer { g in
              for j in b.indices { b[j] = b[j] * mu + keep * g[j] }
            }
          }
          state.momentumBuffer = buffer
        } else {
          state.momentumBuffer = g
        }
        let buffer = state.momentumBuffer!
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
      parameter.updateScalars { theta in
        theta.withUnsafeMutableBufferPointer { theta in
          g.withUnsafeBufferPointer { g in
            for j in theta.indices { theta[j] = theta[j] + -rate * g[j] }
          }
        }
      }
    }
  }
}
