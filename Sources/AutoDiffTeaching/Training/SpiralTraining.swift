import AutoDiff

/// Trains a ``SpiralClassifier`` on ``SpiralData`` full-batch with Adam and
/// cross-entropy, recording the loss and accuracy of every epoch.
///
/// One generator, `SplitMix64(seed:)`, draws the data first and then the initial weights
/// (layer by layer, weight before bias), the order `Benchmarks/peers/train_reference.py`
/// follows to rebuild the same problem in PyTorch.
public struct SpiralTraining {
  /// What to train, and how long.
  public struct Configuration: Sendable, Equatable {
    /// The number of full-batch steps.
    public var epochs: Int
    /// The seed of the one generator that draws the data, then the weights.
    public var seed: UInt64
    /// The number of points, half per class.
    public var points: Int
    /// Adam's γ.
    public var learningRate: Double
    /// The standard deviation of the noise added to each coordinate.
    public var noise: Double

    /// The defaults of `autodiff train`: ≥ 95 % accuracy in seconds in a debug build.
    public init(epochs: Int = 600, seed: UInt64 = 1, points: Int = 200, learningRate: Double = 0.02, noise: Double = 0.03) {
      self.epochs = epochs
      self.seed = seed
      self.points = points
      self.learningRate = learningRate
      self.noise = noise
    }

    /// The allowed numbers of epochs.
    public static let epochCounts = 0...100_000
  }

  /// One epoch: the loss and accuracy of the forward pass the epoch's step was taken from.
  public struct Epoch: Sendable, Equatable {
    /// 1 for the first epoch (whose loss is that of the initial weights).
    public var number: Int
    /// The mean cross-entropy before the epoch's step.
    public var loss: Double
    /// The fraction of points classified correctly, 0 to 1.
    public var accuracy: Double
  }

  /// What is trained, and how long.
  public let configuration: Configuration
  /// The spirals.
  public let data: SpiralData
  /// The model, updated in place by every step.
  public private(set) var model: SpiralClassifier
  /// The epochs run so far, in order.
  public private(set) var history: [Epoch] = []
  private var optimizer: Adam<Double>
  private let inputs: Tensor<Double>

  /// The data and initial model of `configuration`, before any step.
  ///
  /// - Precondition: the configuration's values are in range (the CLI checks them first).
  public init(_ configuration: Configuration) {
    require(
      Configuration.epochCounts.contains(configuration.epochs),
      "SpiralTraining: epochs must be in \(Configuration.epochCounts), got \(configuration.epochs)")
    require(
      configuration.learningRate > 0 && configuration.learningRate.isFinite,
      "SpiralTraining: the learning rate must be positive and finite, got \(configuration.learningRate)")
    self.configuration = configuration
    var generator = SplitMix64(seed: configuration.seed)
    data = SpiralData(count: configuration.points, noise: configuration.noise, using: &generator)
    model = SpiralClassifier(using: &generator)
    optimizer = Adam(learningRate: configuration.learningRate)
    inputs = data.inputs
  }

  /// One full-batch step: forward, cross-entropy, backward, Adam, zeroed gradients.
  @discardableResult
  public mutating func step() -> Epoch {
    let logits = model(inputs)
    let loss = crossEntropy(logits: logits, labels: data.labels)
    let predicted = withoutGradient { logits.argmax(alongAxis: 1) }
    loss.backward()
    optimizer.step(&model)
    model.zeroGradient()
    let epoch = Epoch(number: history.count + 1, loss: loss.scalar, accuracy: accuracy(of: predicted))
    history.append(epoch)
    return epoch
  }

  /// Runs the configured number of epochs, calling `progress` after each.
  public mutating func train(progress: (Epoch) -> Void = { _ in }) {
    while history.count < configuration.epochs { progress(step()) }
  }

  /// The cross-entropy of the current weights on the data, without a step.
  public var loss: Double {
    withoutGradient { crossEntropy(logits: model(inputs), labels: data.labels).scalar }
  }

  /// The fraction of points the current weights classify correctly.
  public var accuracy: Double { accuracy(of: model.predictions(inputs)) }

  private func accuracy(of predicted: [Int]) -> Double {
    Double(zip(predicted, data.labels).filter { $0 == $1 }.count) / Double(data.labels.count)
  }
}
