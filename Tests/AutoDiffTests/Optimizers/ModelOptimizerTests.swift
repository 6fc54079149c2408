import AutoDiff
import RealModule
import Testing

/// A dense layer, y = x Wᵀ + b, holding its parameters.
private struct Dense: Layer {
  var weight: Tensor<Double>
  var bias: Tensor<Double>
  static var parameterKeyPaths: [WritableKeyPath<Dense, Tensor<Double>>] { [\.weight, \.bias] }

  init(weight: Tensor<Double>, bias: Tensor<Double>) {
    self.weight = weight
    self.bias = bias
    self.weight.requiresGradient = true
    self.bias.requiresGradient = true
  }

  func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { matmul(x, weight.transposed()) + bias }
}

/// The two-layer model of Benchmarks/peers/optimizer_reference.py: tanh(x W₁ᵀ + b₁) W₂ᵀ + b₂.
private struct TwoLayerModel: Layer {
  var hidden: Dense
  var output: Dense
  static var parameterKeyPaths: [WritableKeyPath<TwoLayerModel, Tensor<Double>>] {
    parameterKeyPaths(of: \.hidden) + parameterKeyPaths(of: \.output)
  }

  func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { output(Tensor.tanh(hidden(x))) }

  /// The initial parameters, from the script's closed-form formulas.
  static var initial: TwoLayerModel {
    TwoLayerModel(
      hidden: Dense(
        weight: Tensor((0..<5).map { i in (0..<4).map { j in 0.5 * Double.sin(1.3 * Double(i) + 0.7 * Double(j) + 0.2) } }),
        bias: Tensor((0..<5).map { 0.1 * (Double($0) - 2) })),
      output: Dense(
        weight: Tensor((0..<3).map { i in (0..<5).map { j in 0.4 * Double.cos(0.9 * Double(i) - 0.6 * Double(j) + 0.3) } }),
        bias: Tensor((0..<3).map { 0.05 * Double($0) })))
  }

  static var x: Tensor<Double> { Tensor((0..<6).map { k in (0..<4).map { j in Double.cos(0.7 * Double(k) + 0.3 * Double(j) + 0.1) } }) }
  static var y: Tensor<Double> { Tensor((0..<6).map { k in (0..<3).map { i in Double.sin(0.5 * Double(k) - 0.4 * Double(i)) } }) }

  /// mean((model(X) − Y)²), as a function of the four parameters (for the owned API).
  static func loss(_ p: [Tensor<Double>]) -> Tensor<Double> {
    let prediction = matmul(Tensor.tanh(matmul(x, p[0].transposed()) + p[1]), p[2].transposed()) + p[3]
    let residual = prediction - y
    return (residual * residual).mean()
  }

  var loss: Tensor<Double> {
    let residual = self(Self.x) - Self.y
    return (residual * residual).mean()
  }
}

/// The largest elementwise difference, infinite when the lengths differ or a value is not
/// finite, so no such mismatch can pass.
private func largestDifference(_ actual: [Double], _ expected: [Double]) -> Double {
  guard actual.count == expected.count else { return .infinity }
  var largest = 0.0
  for (a, e) in zip(actual, expected) {
    let difference = abs(a - e)
    guard difference.isFinite else { return .infinity }
    largest = max(largest, difference)
  }
  return largest
}

/// Trains with the model API and with the owned-parameter API side by side; returns both
/// trajectories (all parameters concatenated after each step).
private func trajectories<O: Optimizer>(
  _ makeOptimizer: ([Tensor<Double>]) -> O, steps: Int
) -> (model: [[Double]], owned: [[Double]]) where O.Scalar == Double {
  var model = TwoLayerModel.initial
  var modelOptimizer = makeOptimizer([])
  var owned = makeOptimizer(TwoLayerModel.initial.parameters.map { $0.detached() })
  var result: (model: [[Double]], owned: [[Double]]) = ([], [])
  for _ in 0..<steps {
    model.loss.backward()
    modelOptimizer.step(&model)
    model.zeroGradient()
    result.model.append(model.parameters.flatMap(\.scalars))
    TwoLayerModel.loss(owned.parameters).backward()
    owned.step()
    owned.zeroGradient()
    result.owned.append(owned.parameters.flatMap(\.scalars))
  }
  return result
}

@Suite("Optimisers of a model that holds its parameters (Layer, step(&model))")
struct ModelOptimizerTests {
  /// The largest difference allowed from PyTorch's float64 parameters (all below 1 in
  /// magnitude), and from its gradient norms. Measured here: at most 1.1e-16 (one ulp)
  /// for the parameters and 1.1e-16 for the norms. As in OptimizerPyTorchTests, 1e-13
  /// (about 500 ulps) bounds another libm's or BLAS's rounding of tanh and the products
  /// over 10 steps, while a wrong update is off by more than 1e-4.
  static let bound = 1e-13

  /// The configurations of `PyTorchModelReference`, by name.
  enum Configuration: String, CaseIterable, CustomTestStringConvertible {
    case sgdNesterov = "SGD, momentum 0.9, Nesterov, weight decay 0.01"
    case adam = "Adam, betas (0.9, 0.99)"
    var testDescription: String { rawValue }
  }

  @Test("10 steps of a two-layer model: bitwise the owned-parameter trajectory, and PyTorch's",
        arguments: Configuration.allCases)
  func trajectory(configuration: Configuration) {
    let ((model, owned), reference) =
      switch configuration {
      case .sgdNesterov:
        (trajectories({ SGD($0, learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01) }, steps: 10),
         PyTorchModelReference.sgdNesterov)
      case .adam:
        (trajectories({ Adam($0, learningRate: 0.05, betas: (0.9, 0.99)) }, steps: 10), PyTorchModelReference.adam)
      }
    #expect(Configuration.allCases.count == 2)
    #expect(reference.count == PyTorchModelReference.steps)
    #expect(model.count == reference.count && owned.count == reference.count)
    #expect(model == owned, "the two APIs run the same update, so the numbers are the same bits")
    for (step, (actual, expected)) in zip(model, reference).enumerated() {
      // 5·4 + 5 + 3·5 + 3 = 43 parameters.
      #expect(actual.count == 43 && expected.count == 43)
      let difference = largestDifference(actual, expected)
      #expect(difference <= Self.bound, "\(configuration.rawValue), step \(step + 1): largest difference \(difference)")
    }
  }

  @Test("Adam with clipping to norm 0.3 and StepDecay(3, 0.5): PyTorch's trajectory and norms")
  func clippedAndScheduled() {
    var model = TwoLayerModel.initial
    var optimizer = Adam<Double>(learningRate: 0.05)
    var schedule = StepDecay<Double>(period: 3, factor: 0.5)
    let reference = PyTorchModelReference.adamClippedScheduled
    let norms = PyTorchModelReference.adamClippedScheduledNorms
    #expect(reference.count == PyTorchModelReference.steps && norms.count == reference.count)
    for (step, (expected, expectedNorm)) in zip(reference, norms).enumerated() {
      model.loss.backward()
      let norm = model.clipGradientNorm(maxNorm: 0.3)
      optimizer.step(&model)
      model.zeroGradient()
      schedule.step(&optimizer)
      // The norm is a sum of 43 squares of values below 2 and a square root: PyTorch sums
      // in another order, which changes the last bits only; 1e-13 bounds that.
      #expect(abs(norm - expectedNorm) <= Self.bound, "step \(step + 1): norm \(norm) vs \(expectedNorm)")
      let difference = largestDifference(model.parameters.flatMap(\.scalars), expected)
      #expect(difference <= Self.bound, "step \(step + 1): largest difference \(difference)")
    }
    #expect(optimizer.stepCount(of: \TwoLayerModel.hidden.weight) == 10)
  }

  @Test("A parameter no backward pass reached is left alone and keeps no state")
  func parameterWithoutGradient() {
    var model = TwoLayerModel.initial
    var optimizer = Adam<Double>(learningRate: 0.1)
    model.output.bias.sum().backward()
    let before = model.hidden.weight.scalars
    optimizer.step(&model)
    #expect(model.hidden.weight.scalars == before)
    #expect(optimizer.stepCount(of: \TwoLayerModel.hidden.weight) == 0)
    #expect(optimizer.stepCount(of: \TwoLayerModel.output.bias) == 1)
    // The first Adam step moves by 0.1·g/(|g| + ε) with g = 1: 0.1 short by 1e-9, which
    // 1e-8 bounds, while a wrong step is off by 0.05 or more.
    let bias = model.output.bias.scalars
    #expect(bias.count == 3)
    #expect(largestDifference(bias, [-0.1, -0.05, 0.0]) <= 1e-8, "\(bias)")
  }

  @Test("The step updates the model in place: its parameters stay leaves that accumulate")
  func parametersStayLeaves() {
    var model = TwoLayerModel.initial
    var optimizer = SGD<Double>(learningRate: 0.5)
    model.output.bias.sum().backward()
    optimizer.step(&model)
    #expect(model.output.bias.scalars == [-0.5, -0.45, -0.4])
    #expect(model.parameters.allSatisfy { $0.requiresGradient && $0.gradientFunction == nil })
    model.output.bias.sum().backward()
    #expect(model.output.bias.gradient == Tensor([2, 2, 2]))
    model.zeroGradient()
    #expect(model.output.bias.gradient == Tensor([0, 0, 0]))
  }

  @Test("withoutGradient { w -= lr * w.gradient! } keeps w a leaf that requires a gradient")
  func handWrittenUpdate() {
    var w = Tensor<Double>([1, -2])
    w.requiresGradient = true
    let learningRate = 0.25
    (w * w).sum().backward()
    withoutGradient { w -= learningRate * w.gradient! }
    #expect(w.scalars == [0.5, -1])
    #expect(w.requiresGradient)
    #expect(w.gradientFunction == nil)
    // Still the same leaf: the next pass accumulates onto the old gradient [2, −4].
    (w * w).sum().backward()
    #expect(w.gradient == Tensor([3, -6]))
  }
}

@Suite("Learning-rate schedules against PyTorch (16 epochs from 0.1)")
struct LearningRateScheduleTests {
  private func rates<S: LearningRateSchedule>(_ schedule: S, _ optimizer: SGD<Double>) -> [Double] where S.Scalar == Double {
    var (schedule, optimizer) = (schedule, optimizer)
    return (0..<PyTorchModelReference.epochs).map { _ in
      schedule.step(&optimizer)
      return optimizer.learningRate
    }
  }

  /// Step and exponential decay are one multiplication per epoch, as in PyTorch: the same
  /// bits. Cosine annealing calls cos, the same bits here (glibc's cos on both sides);
  /// another libm may round it differently by an ulp, which moves rates below 0.11 by a
  /// few ulps at most: 1e-15 bounds that.
  @Test("StepDecay, ExponentialDecay and CosineAnnealing give PyTorch's rates")
  func schedules() {
    let optimizer = SGD<Double>(learningRate: 0.1)
    let cases: [(String, [Double], [Double], Double)] = [
      ("StepLR(3, 0.5)", rates(StepDecay(period: 3, factor: 0.5), optimizer), PyTorchModelReference.stepDecay, 0),
      ("ExponentialLR(0.9)", rates(ExponentialDecay(factor: 0.9), optimizer), PyTorchModelReference.exponentialDecay, 0),
      ("CosineAnnealingLR(5, 0.001)", rates(CosineAnnealing(for: optimizer, period: 5, minimum: 0.001), optimizer),
       PyTorchModelReference.cosineAnnealing, 1e-15),
    ]
    #expect(cases.count == 3)
    for (name, actual, expected, tolerance) in cases {
      #expect(expected.count == 16 && actual.count == expected.count, "\(name)")
      let difference = largestDifference(actual, expected)
      #expect(difference <= tolerance, "\(name): \(actual) vs \(expected)")
    }
  }
}

@Suite("Gradient clipping by global norm")
struct GradientClippingTests {
  @Test("Gradients [3, 4] and [12] have norm 13; clipping to 6.5 halves them (up to the 1e-6 of PyTorch)")
  func clipping() {
    var (a, b, untouched) = (Tensor<Double>([1, 1]), Tensor<Double>([1]), Tensor<Double>([1]))
    a.requiresGradient = true
    b.requiresGradient = true
    untouched.requiresGradient = true
    (a * Tensor([3, 4])).sum().backward()
    (b * 12).sum().backward()
    let norm = clipGradientNorm([a, b, untouched], maxNorm: 6.5)
    #expect(norm == 13)
    // Factor 6.5 / (13 + 1e-6), worked by hand; the products round once each.
    let factor = 6.5 / (13 + 1e-6)
    #expect(a.gradient?.scalars == [3 * factor, 4 * factor])
    #expect(b.gradient?.scalars == [12 * factor])
    #expect(untouched.gradient == nil)
    // Below the bound nothing changes.
    #expect(clipGradientNorm([a, b], maxNorm: 100) == 13 * factor)
    #expect(b.gradient?.scalars == [12 * factor])
  }
}

@Suite("Model optimisers and schedules: misuse stops with a message")
struct ModelOptimizerMisuseTests {
  private struct Frozen: Layer {
    var weight = Tensor<Double>([1, 2])
    static var parameterKeyPaths: [WritableKeyPath<Frozen, Tensor<Double>>] { [\.weight] }
  }

  private struct Single: Layer {
    var weight: Tensor<Double>
    static var parameterKeyPaths: [WritableKeyPath<Single, Tensor<Double>>] { [\.weight] }
  }

  private struct Twice: Layer {
    var weight: Tensor<Double>
    static var parameterKeyPaths: [WritableKeyPath<Twice, Tensor<Double>>] { [\.weight, \.weight] }
  }

  @Test("A key path to a tensor that does not require a gradient")
  func parameterWithoutRequiresGradient() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var model = Frozen()
      var optimizer = SGD<Double>(learningRate: 0.1)
      optimizer.step(&model)
    }
    #expect(standardError(of: result).contains("SGD: parameter 0 of Frozen"))
    #expect(standardError(of: result).contains("does not require a gradient"))
  }

  @Test("A key path to a computed tensor, not a leaf")
  func computedParameter() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var weight = Tensor<Double>([1])
      weight.requiresGradient = true
      var model = Single(weight: weight * 2)
      var optimizer = SGD<Double>(learningRate: 0.1)
      optimizer.step(&model)
    }
    #expect(standardError(of: result).contains("SGD: parameter 0 of Single"))
    #expect(standardError(of: result).contains("was computed by MultiplyBackward; an optimiser updates leaves only"))
  }

  @Test("A key path listed twice")
  func duplicateKeyPath() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var weight = Tensor<Double>([1])
      weight.requiresGradient = true
      var model = Twice(weight: weight)
      var optimizer = Adam<Double>()
      optimizer.step(&model)
    }
    #expect(standardError(of: result).contains("Adam: Twice.parameterKeyPaths lists a parameter twice"))
  }

  @Test("A step decay with a period of 0")
  func nonPositivePeriod() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = StepDecay<Double>(period: 0, factor: 0.5)
    }
    #expect(standardError(of: result).contains("StepDecay: the period must be at least 1 epoch (got 0)"))
  }

  @Test("Cosine annealing with a negative period")
  func negativeCosinePeriod() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = CosineAnnealing(for: SGD<Double>(learningRate: 0.1), period: -2)
    }
    #expect(standardError(of: result).contains("CosineAnnealing: the period must be at least 1 epoch (got -2)"))
  }
}

@Suite("Optimisation guide: the model API's example prints what the Optimization article shows")
struct OptimizationGuideTests {
  private struct Cubic: Layer {
    var c = Tensor<Double>([2, 3])
    var d = Tensor<Double>([6, 4])
    static var parameterKeyPaths: [WritableKeyPath<Cubic, Tensor<Double>>] { [\.c, \.d] }
    init() {
      c.requiresGradient = true
      d.requiresGradient = true
    }
  }

  @Test("One SGD step of a model holding c and d (SPEC §4)")
  func cubicStep() {
    var model = Cubic()
    var optimizer = SGD<Double>(learningRate: 0.1)
    (3 * Tensor.pow(model.c, 3) - model.d * model.d).sum().backward()
    optimizer.step(&model)
    model.zeroGradient()
    print(model.c, model.d)
    // θ + (−γ)g rounds like θ − γg: the same bits as the hand computation.
    let (c, d): ([Double], [Double]) = ([2 - 0.1 * 36, 3 - 0.1 * 81], [6 + 0.1 * 12, 4 + 0.1 * 8])
    #expect(model.c.scalars == c)
    #expect(model.d.scalars == d)
  }

  @Test("Training loop with clipping and a step schedule")
  func trainingLoop() {
    var model = TwoLayerModel.initial
    var optimizer = Adam<Double>(learningRate: 0.05)
    var schedule = StepDecay<Double>(period: 3, factor: 0.5)
    var losses: [Double] = []
    for epoch in 1...10 {
      let residual = model(TwoLayerModel.x) - TwoLayerModel.y
      let loss = (residual * residual).mean()
      loss.backward()
      let norm = model.clipGradientNorm(maxNorm: 0.3)
      optimizer.step(&model)
      model.zeroGradient()
      schedule.step(&optimizer)
      print("epoch \(epoch): loss \(loss.scalar), gradient norm \(norm), next rate \(optimizer.learningRate)")
      losses.append(loss.scalar)
    }
    // The guide's output, as printed here; 1e-13 bounds another platform's rounding of
    // tanh and the products over 10 steps (as ModelOptimizerTests.bound), while one step
    // more or less changes the loss by more than 1e-3.
    let shown: [Double] = [0.42835518797253047, 0.017243708222051825]
    #expect(losses.count == 10)
    #expect(abs(losses[0] - shown[0]) <= 1e-13 && abs(losses[9] - shown[1]) <= 1e-13, "\(losses)")
    #expect(optimizer.learningRate == 0.00625)
  }
}
