import AutoDiff
import RealModule
import Testing

/// SPEC §4: c = [2, 3], d = [6, 4], loss = Σ(3c³ − d²).
private func cubicMinusSquare(_ c: Tensor<Double>, _ d: Tensor<Double>) -> Tensor<Double> {
  (3 * Tensor.pow(c, 3) - d * d).sum()
}

private func expectClose(
  _ actual: Tensor<Double>, _ expected: [Double], tolerance: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.scalars.count == expected.count, sourceLocation: sourceLocation)
  let difference = zip(actual.scalars, expected).map { abs($0 - $1) }.max() ?? .infinity
  #expect(difference <= tolerance, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
}

@Suite("Optimisers: the steps of the teaching material (SPEC §4)")
struct OptimizerTests {
  @Test("Gradients of Σ(3c³ − d²) at c = [2, 3], d = [6, 4] are [36, 81] and [−12, −8]; one SGD step, lr 0.1")
  func sgdStep() {
    var optimizer = SGD([Tensor<Double>([2, 3]), Tensor([6, 4])], learningRate: 0.1)
    cubicMinusSquare(optimizer.parameters[0], optimizer.parameters[1]).backward()
    #expect(optimizer.parameters[0].gradient == Tensor([36, 81]))
    #expect(optimizer.parameters[1].gradient == Tensor([-12, -8]))
    optimizer.step()
    expectClose(optimizer.parameters[0], [-1.6, -5.1], tolerance: 1e-12)
    expectClose(optimizer.parameters[1], [7.2, 4.8], tolerance: 1e-12)
    // The step keeps each leaf: its gradient is still there until zeroed.
    #expect(optimizer.parameters[0].gradient == Tensor([36, 81]))
    optimizer.zeroGradient()
    #expect(optimizer.parameters[0].gradient == Tensor([0, 0]))
    #expect(optimizer.parameters[1].gradient == Tensor([0, 0]))
  }

  @Test("Two Adam steps, lr 0.1: c = [1.9, 2.9], d = [6.1, 4.1], then c ≈ [1.8004, 2.8002], d ≈ [6.2000, 4.2001]")
  func adamSteps() {
    var optimizer = Adam([Tensor<Double>([2, 3]), Tensor([6, 4])], learningRate: 0.1)
    cubicMinusSquare(optimizer.parameters[0], optimizer.parameters[1]).backward()
    optimizer.step()
    optimizer.zeroGradient()
    // Step 1 moves by 0.1·g/(|g| + 1e-8), short of 0.1 by about 0.1·1e-8/|g|: 1e-8 bounds it.
    expectClose(optimizer.parameters[0], [1.9, 2.9], tolerance: 1e-8)
    expectClose(optimizer.parameters[1], [6.1, 4.1], tolerance: 1e-8)
    cubicMinusSquare(optimizer.parameters[0], optimizer.parameters[1]).backward()
    let secondGradient = optimizer.parameters[0].scalars.map { 9 * $0 * $0 }
    #expect(optimizer.parameters[0].gradient != nil)
    if let gradient = optimizer.parameters[0].gradient { expectClose(gradient, secondGradient, tolerance: 1e-12) }
    optimizer.step()
    // The expected values are the teaching material's, rounded to four decimals: 1e-4
    // is one unit of their last place (rounding error ≤ 5e-5), and a wrong update moves
    // the parameters by about 0.1.
    expectClose(optimizer.parameters[0], [1.8004, 2.8002], tolerance: 1e-4)
    expectClose(optimizer.parameters[1], [6.2000, 4.2001], tolerance: 1e-4)
    #expect(optimizer.stepCount(ofParameter: 0) == 2)
  }

  @Test("The second Adam step worked by hand from the update formula")
  func adamSecondStepByHand() {
    var optimizer = Adam([Tensor<Double>([2])], learningRate: 0.1)
    for _ in 0..<2 {
      let c = optimizer.parameters[0]
      (3 * Tensor.pow(c, 3)).sum().backward()
      optimizer.step()
      optimizer.zeroGradient()
    }
    // Step 1: m̂ = g, v̂ = g², so c moves by 0.1·g/(|g| + ε), a hair under 0.1.
    let c1 = 2 - 0.1 * 36 / (36 + 1e-8)
    let (g1, g2) = (36.0, 9 * c1 * c1)
    let m = 0.9 * 0.1 * g1 + 0.1 * g2
    let v = 0.999 * 0.001 * g1 * g1 + 0.001 * g2 * g2
    let mHat = m / (1 - 0.9 * 0.9)
    let vHat = v / (1 - 0.999 * 0.999)
    let expected = c1 - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
    #expect(abs(optimizer.parameters[0].scalar - expected) <= 1e-12)
  }

  @Test("Gradients accumulate until zeroed: two backward passes step twice as far (SGD)")
  func accumulation() {
    var optimizer = SGD([Tensor<Double>([1, -2])], learningRate: 0.5)
    for _ in 0..<2 { (optimizer.parameters[0] * optimizer.parameters[0]).sum().backward() }
    #expect(optimizer.parameters[0].gradient == Tensor([4, -8]))
    optimizer.step()
    #expect(optimizer.parameters[0] == Tensor([-1, 2]))
  }

  @Test("A parameter no backward pass reached is left alone, and Adam does not count its step")
  func parameterWithoutGradient() {
    var optimizer = Adam([Tensor<Double>([1, 2]), Tensor([5])], learningRate: 0.1)
    (optimizer.parameters[0] * 2).sum().backward()
    optimizer.step()
    #expect(optimizer.parameters[1] == Tensor([5]))
    #expect(optimizer.parameters[1].gradient == nil)
    #expect(optimizer.stepCount(ofParameter: 0) == 1)
    #expect(optimizer.stepCount(ofParameter: 1) == 0)
  }

  @Test("Tensors passed in become leaves that require a gradient")
  func parametersBecomeLeaves() {
    let optimizer = SGD([Tensor<Double>([1, 2])], learningRate: 0.1)
    #expect(optimizer.parameters[0].requiresGradient)
    #expect(optimizer.parameters[0].gradientFunction == nil)
  }

  @Test("Minimising a quadratic converges: Σ(x − t)² with SGD + Nesterov and with Adam")
  func convergence() {
    let target: [Double] = [1, -2, 0.5]
    func loss(_ x: Tensor<Double>) -> Tensor<Double> { ((x - Tensor(target)) * (x - Tensor(target))).sum() }
    var sgd = SGD([Tensor<Double>.zeros([3])], learningRate: 0.1, momentum: 0.5, nesterov: true)
    var adam = Adam([Tensor<Double>.zeros([3])], learningRate: 0.05)
    for _ in 0..<500 {
      loss(sgd.parameters[0]).backward()
      sgd.step()
      sgd.zeroGradient()
      loss(adam.parameters[0]).backward()
      adam.step()
      adam.zeroGradient()
    }
    expectClose(sgd.parameters[0], target, tolerance: 1e-10)
    expectClose(adam.parameters[0], target, tolerance: 1e-3)
  }

  @Test("Float parameters: one SGD and one Adam step of §4")
  func floatSteps() {
    var sgd = SGD([Tensor<Float>([2, 3])], learningRate: 0.1)
    var adam = Adam([Tensor<Float>([2, 3])], learningRate: 0.1)
    (3 * Tensor.pow(sgd.parameters[0], 3)).sum().backward()
    (3 * Tensor.pow(adam.parameters[0], 3)).sum().backward()
    sgd.step()
    adam.step()
    let sgdExpected: [Float] = [-1.6, -5.1]
    let adamExpected: [Float] = [1.9, 2.9]
    #expect(sgd.parameters[0].scalars.count == 2 && adam.parameters[0].scalars.count == 2)
    let sgdError = zip(sgd.parameters[0].scalars, sgdExpected).map { abs($0 - $1) }.max() ?? .infinity
    let adamError = zip(adam.parameters[0].scalars, adamExpected).map { abs($0 - $1) }.max() ?? .infinity
    // Float rounds each of the few operations of a step to 2⁻²⁴ ≈ 6e-8 relative, on values
    // of at most 5: 1e-5 bounds that, and a wrong step moves by at least 0.1.
    #expect(sgdError <= 1e-5, "\(sgd.parameters[0])")
    #expect(adamError <= 1e-5, "\(adam.parameters[0])")
  }
}

@Suite("Optimisers: misuse stops with a message")
struct OptimizerMisuseTests {
  @Test("Nesterov momentum without momentum, as PyTorch refuses it")
  func nesterovWithoutMomentum() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SGD([Tensor<Double>([1])], learningRate: 0.1, nesterov: true)
    }
    #expect(standardError(of: result).contains("SGD: Nesterov momentum requires momentum > 0 and dampening 0"))
  }

  @Test("A parameter that is the result of an operation")
  func nonLeafParameter() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor<Double>([1, 2])
      x.requiresGradient = true
      _ = Adam([x * 2])
    }
    #expect(standardError(of: result).contains("Adam: parameter 0 was computed by MultiplyBackward; an optimiser updates leaves only"))
  }

  @Test("A beta outside [0, 1)")
  func invalidBeta() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Adam([Tensor<Double>([1])], betas: (0.9, 1.0))
    }
    #expect(standardError(of: result).contains("Adam: invalid beta parameter at index 1: 1.0 (must be in [0, 1))"))
  }
}
