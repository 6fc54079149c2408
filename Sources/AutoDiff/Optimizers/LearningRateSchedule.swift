import RealModule

/// A learning-rate schedule, PyTorch's `torch.optim.lr_scheduler`: call ``step(_:)`` once
/// per epoch, after the optimiser's steps, and it sets the optimiser's
/// ``Optimizer/learningRate`` for the next epoch.
///
/// Each schedule computes the next rate from the optimiser's current one, as PyTorch's
/// `get_lr()` does (its "chainable" form), so the rates agree with PyTorch's to rounding
/// and a rate changed by hand between epochs carries on from there.
///
/// ```swift
/// var optimizer = SGD<Double>(learningRate: 0.1)
/// var schedule = StepDecay<Double>(period: 30, factor: 0.1)
/// for _ in 0..<100 {
///   // … optimizer.step(&model) for each batch …
///   schedule.step(&optimizer)
/// }
/// ```
public protocol LearningRateSchedule {
  /// The scalar type of the learning rate.
  associatedtype Scalar: TensorScalar
  /// The number of completed epochs: how often ``step(_:)`` has been called (PyTorch's
  /// `last_epoch`).
  var epoch: Int { get }
  /// Ends an epoch: advances ``epoch`` and sets `optimizer.learningRate` for the next one.
  mutating func step<O: Optimizer>(_ optimizer: inout O) where O.Scalar == Scalar
}

/// Multiplies the learning rate by `factor` every `period` epochs (PyTorch's
/// `StepLR(step_size: period, gamma: factor)`): γₑ = γ₀ · factor^⌊e / period⌋.
public struct StepDecay<Scalar: TensorScalar>: LearningRateSchedule {
  /// The number of epochs between decays (PyTorch's `step_size`).
  public let period: Int
  /// The factor applied at each decay (PyTorch's `gamma`).
  public let factor: Scalar
  public private(set) var epoch = 0

  /// A schedule that multiplies the rate by `factor` every `period` epochs.
  ///
  /// - Precondition: `period` ≥ 1.
  public init(period: Int, factor: Scalar = 0.1) {
    require(period > 0, "StepDecay: the period must be at least 1 epoch (got \(period))")
    self.period = period
    self.factor = factor
  }

  public mutating func step<O: Optimizer>(_ optimizer: inout O) where O.Scalar == Scalar {
    epoch += 1
    if epoch % period == 0 { optimizer.learningRate = optimizer.learningRate * factor }
  }
}

/// Multiplies the learning rate by `factor` every epoch (PyTorch's
/// `ExponentialLR(gamma: factor)`): γₑ = γ₀ · factorᵉ.
public struct ExponentialDecay<Scalar: TensorScalar>: LearningRateSchedule {
  /// The factor applied each epoch (PyTorch's `gamma`).
  public let factor: Scalar
  public private(set) var epoch = 0

  /// A schedule that multiplies the rate by `factor` every epoch.
  ///
  /// - Precondition: `factor` > 0.
  public init(factor: Scalar) {
    require(factor > 0, "ExponentialDecay: the factor must be positive (got \(factor))")
    self.factor = factor
  }

  public mutating func step<O: Optimizer>(_ optimizer: inout O) where O.Scalar == Scalar {
    epoch += 1
    optimizer.learningRate = optimizer.learningRate * factor
  }
}

/// Anneals the learning rate from its initial value γ₀ to `minimum` along half a cosine
/// over `period` epochs, then back up over the next `period`, and so on (PyTorch's
/// `CosineAnnealingLR(T_max: period, eta_min: minimum)`, without restarts):
///
/// ```
/// γₑ = minimum + (γ₀ − minimum)(1 + cos(πe / period)) / 2
/// ```
///
/// computed, as PyTorch computes it, from the previous rate:
/// γₑ = (1 + cos(πe/T)) / (1 + cos(π(e − 1)/T)) · (γₑ₋₁ − minimum) + minimum, and
/// γₑ = γₑ₋₁ + (γ₀ − minimum)(1 − cos(π/T))/2 where that ratio would divide by zero
/// (e − 1 − T a multiple of 2T).
public struct CosineAnnealing<Scalar: TensorScalar>: LearningRateSchedule {
  /// The number of epochs from γ₀ down to `minimum` (PyTorch's `T_max`).
  public let period: Int
  /// The rate reached after `period` epochs (PyTorch's `eta_min`).
  public let minimum: Scalar
  /// γ₀, the optimiser's learning rate when the schedule was made (PyTorch's `base_lr`).
  public let initialLearningRate: Scalar
  public private(set) var epoch = 0

  /// A schedule starting from `optimizer`'s current learning rate.
  ///
  /// - Precondition: `period` ≥ 1.
  public init<O: Optimizer>(for optimizer: O, period: Int, minimum: Scalar = 0) where O.Scalar == Scalar {
    require(period > 0, "CosineAnnealing: the period must be at least 1 epoch (got \(period))")
    self.period = period
    self.minimum = minimum
    self.initialLearningRate = optimizer.learningRate
  }

  public mutating func step<O: Optimizer>(_ optimizer: inout O) where O.Scalar == Scalar {
    epoch += 1
    let (e, t) = (Scalar(epoch), Scalar(period))
    let current = optimizer.learningRate
    // Python's `%`: the remainder has the sign of the divisor.
    let offset = ((epoch - 1 - period) % (2 * period) + 2 * period) % (2 * period)
    if offset == 0 {
      optimizer.learningRate = current + (initialLearningRate - minimum) * (1 - Scalar.cos(Scalar.pi / t)) / 2
    } else {
      optimizer.learningRate =
        (1 + Scalar.cos(Scalar.pi * e / t)) / (1 + Scalar.cos(Scalar.pi * (e - 1) / t))
        * (current - minimum) + minimum
    }
  }
}
