/// Adam (Kingma & Ba, 2015), with AMSGrad and weight decay (L2 or decoupled, as AdamW),
/// with PyTorch's `torch.optim.Adam` update, operation for operation.
///
/// For each parameter θ with gradient g, at its step t (counted per parameter):
///
/// ```
/// g ← −g                                  if maximize
/// θ ← θ(1 − γλ)                           if decoupledWeightDecay (AdamW)
/// g ← g + λθ                              otherwise, if weightDecay λ ≠ 0
/// m ← m + (1 − β₁)(g − m)                 (= β₁m + (1 − β₁)g, as torch's lerp)
/// v ← β₂v + (1 − β₂)g²
/// v̂ ← max(v̂, v) and use v̂ for v          if amsgrad
/// θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
///
/// With c = [2, 3], d = [6, 4], loss Σ(3c³ − d²) and γ = 0.1, the first step moves every
/// element by 0.1 against its gradient's sign (m̂/√v̂ = g/|g|): c = [1.9, 2.9],
/// d = [6.1, 4.1]; the second gives c ≈ [1.8004, 2.8002], d ≈ [6.2000, 4.2001].
///
/// The parameters are either given at creation (``parameters``, updated by ``step()``) or
/// held by your model (``step(_:)``); both run the same update, written once.
public struct Adam<Scalar: TensorScalar>: Optimizer {
  /// The tensors given at creation, in their order; empty for an optimiser of a model.
  public private(set) var parameters: [Tensor<Scalar>]
  /// γ, the step size. May be changed between steps (a schedule).
  public var learningRate: Scalar
  /// β₁ and β₂, the decay rates of the first and second moment estimates.
  public let betas: (Scalar, Scalar)
  /// ε, added to the denominator for stability.
  public let epsilon: Scalar
  /// λ, the weight decay: an L2 penalty added to the gradient, or with
  /// `decoupledWeightDecay` a shrinking of θ by γλ before the update (AdamW).
  public let weightDecay: Scalar
  /// Whether to normalise by the largest second moment seen so far (Reddi et al., 2018).
  public let amsgrad: Bool
  /// Whether weight decay shrinks the parameters directly (AdamW) instead of entering
  /// the gradient.
  public let decoupledWeightDecay: Bool
  /// Whether to ascend the objective instead of descending.
  public let maximize: Bool

  private var ownedStates: [ParameterState]
  private var keyPathStates: [AnyKeyPath: ParameterState] = [:]

  /// An optimiser for `parameters` (each made a leaf that requires a gradient), or with
  /// none, for the parameters of a model passed to ``step(_:)``.
  ///
  /// - Precondition: as PyTorch checks: learningRate, epsilon, weightDecay ≥ 0 and
  ///   0 ≤ β < 1.
  public init(
    _ parameters: [Tensor<Scalar>] = [], learningRate: Scalar = 0.001, betas: (Scalar, Scalar) = (0.9, 0.999),
    epsilon: Scalar = 1e-8, weightDecay: Scalar = 0, amsgrad: Bool = false,
    decoupledWeightDecay: Bool = false, maximize: Bool = false
  ) {
    requireHyperparameter(learningRate >= 0, "Adam: invalid learning rate \(learningRate) (must be ≥ 0)")
    requireHyperparameter(epsilon >= 0, "Adam: invalid epsilon \(epsilon) (must be ≥ 0)")
    requireHyperparameter(
      (0..<1).contains(betas.0), "Adam: invalid beta parameter at index 0: \(betas.0) (must be in [0, 1))")
    requireHyperparameter(
      (0..<1).contains(betas.1), "Adam: invalid beta parameter at index 1: \(betas.1) (must be in [0, 1))")
    requireHyperparameter(weightDecay >= 0, "Adam: invalid weight decay \(weightDecay) (must be ≥ 0)")
    self.parameters = parameters.enumerated().map { Tensor.optimizerParameter($1, index: $0, in: "Adam") }
    self.learningRate = learningRate
    self.betas = betas
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.amsgrad = amsgrad
    self.decoupledWeightDecay = decoupledWeightDecay
    self.maximize = maximize
    self.ownedStates = Array(repeating: ParameterState(), count: parameters.count)
  }

  /// The number of steps taken by parameter `index` (parameters without a gradient at a
  /// step do not count it, as in PyTorch).
  public func stepCount(ofParameter index: Int) -> Int { ownedStates[index].step }

  /// The number of steps taken by the model parameter at `keyPath` (zero before its
  /// first step; steps without a gradient do not count, as in PyTorch).
  public func stepCount(of keyPath: AnyKeyPath) -> Int { keyPathStates[keyPath]?.step ?? 0 }

  public mutating func step() {
    let rule = self.rule
    for i in parameters.indices { rule.update(&parameters[i], &ownedStates[i]) }
  }

  public mutating func step<Model: Layer>(_ model: inout Model) where Model.Scalar == Scalar {
    let rule = self.rule
    for keyPath in model.checkedParameterKeyPaths(for: "Adam") {
      rule.update(&model[keyPath: keyPath], &keyPathStates[keyPath, default: ParameterState()])
    }
  }

  private var rule: Rule {
    Rule(
      learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay,
      amsgrad: amsgrad, decoupledWeightDecay: decoupledWeightDecay, maximize: maximize)
  }

  /// PyTorch's `state[p]` for Adam: the step count and the moments, allocated (as zeros)
  /// at the parameter's first step.
  struct ParameterState {
    var step = 0
    var firstMoment: [Scalar] = []
    var secondMoment: [Scalar] = []
    var maxSecondMoment: [Scalar] = []
  }

  /// The update of one parameter, the single copy of the formula above.
  struct Rule {
    let learningRate: Scalar
    let betas: (Scalar, Scalar)
    let epsilon, weightDecay: Scalar
    let amsgrad, decoupledWeightDecay, maximize: Bool

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func update(_ parameter: inout Tensor<Scalar>, _ state: inout ParameterState) {
      guard let gradient = parameter.gradient else { return }
      let (beta1, beta2) = betas
      let rate = learningRate
      if state.step == 0 {
        state.firstMoment = [Scalar](repeating: 0, count: parameter.count)
        state.secondMoment = state.firstMoment
        if amsgrad { state.maxSecondMoment = state.firstMoment }
      }
      state.step += 1
      var g = gradient.scalars
      if maximize { g = g.map { -$0 } }
      if weightDecay != 0 {
        if decoupledWeightDecay {
          let shrink = 1 - rate * weightDecay
          parameter.updateScalars { theta in
            for j in theta.indices { theta[j] = theta[j] * shrink }
          }
        } else {
          let theta = parameter.scalars
          for j in g.indices { g[j] = g[j] + weightDecay * theta[j] }
        }
      }
      let t = Scalar(state.step)
      let biasCorrection1 = 1 - Scalar.pow(beta1, t)
      let biasCorrection2 = 1 - Scalar.pow(beta2, t)
      let stepSize = rate / biasCorrection1
      let biasCorrection2Root = Scalar.pow(biasCorrection2, 0.5)
      let firstWeight = 1 - beta1
      let secondWeight = 1 - beta2
      var m = state.firstMoment
      var v = state.secondMoment
      var vMax = state.maxSecondMoment
      var update = [Scalar](repeating: 0, count: g.count)
      for j in g.indices {
        m[j] = lerp(m[j], g[j], weight: firstWeight)
        v[j] = v[j] * beta2 + secondWeight * g[j] * g[j]
        let second: Scalar
        if amsgrad {
          vMax[j] = Swift.max(vMax[j], v[j])
          second = vMax[j]
        } else {
          second = v[j]
        }
        let denominator = second.squareRoot() / biasCorrection2Root + epsilon
        // addcdiv: θ + (value·m)/denominator, in that order.
        update[j] = (-stepSize * m[j]) / denominator
      }
      state.firstMoment = m
      state.secondMoment = v
      state.maxSecondMoment = vMax
      parameter.updateScalars { theta in
        for j in theta.indices { theta[j] = theta[j] + update[j] }
      }
    }
  }
}

/// a + w(b − a), computed as torch.lerp does: from the nearer end, so that w = 1 gives b
/// exactly.
private func lerp<Scalar: TensorScalar>(_ a: Scalar, _ b: Scalar, weight w: Scalar) -> Scalar {
  w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)
}
