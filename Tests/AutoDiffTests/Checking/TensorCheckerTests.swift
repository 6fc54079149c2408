import AutoDiff
import RealModule
import Testing

/// sin with the derivative of its neighbour: sin x where cos x belongs. A rule with a
/// deliberately wrong derivative, so that a check that cannot fail would show.
private struct SineWithWrongDerivative: UnaryDerivativeRule {
  func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) { (T.sin(x), T.sin(x)) }
}

/// a + √b: its partial in b, 1/(2√b), is infinite at b = 0, so a non-finite derivative can
/// come from the second operand.
private struct PlusSquareRoot: BinaryDerivativeRule {
  var name: String { "plusSquareRoot" }
  func evaluate<T: Real>(_ a: T, _ b: T) -> (value: T, dx: T, dy: T) {
    let root = T.sqrt(b)
    return (a + root, 1, 1 / (2 * root))
  }
}

@Suite("Tensor derivative checking and anomaly detection")
struct TensorCheckerTests {
  static var weights: Tensor<Double> { Tensor([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]]) }
  /// A [2, 3] point with no symmetry that could hide a transposed index.
  static var point: Tensor<Double> { Tensor([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]]) }

  /// Correct tensor functions of a [2, 3] tensor, each with its output shape.
  static func vectorValued() -> [(name: String, outputShape: [Int], f: (Tensor<Double>) -> Tensor<Double>)] {
    [
      ("matmul + tanh", [2, 2], { x in Tensor.tanh(matmul(x, weights)) }),
      ("softmax", [2, 3], { x in x.softmax() }),
      ("logSumExp along axis 1", [2], { x in x.logSumExp(alongAxes: [1]) }),
      ("broadcasting product [2, 3] · [2, 1]", [2, 3], { x in x * x.mean(alongAxes: [1], keepingDimensions: true) }),
    ]
  }

  /// The same functions reduced to one element (weighted, so softmax's sum of 1 does not
  /// make the gradient zero).
  static func scalarValued() -> [(name: String, f: (Tensor<Double>) -> Tensor<Double>)] {
    let weighting = Tensor<Double>([[1, -2, 0.5], [0.25, 3, -1]])
    return [
      ("matmul + tanh + sum", { x in Tensor.tanh(matmul(x, weights)).sum() }),
      ("weighted softmax", { x in (x.softmax() * weighting).sum() }),
      ("logSumExp", { x in x.logSumExp() }),
      ("broadcasting product", { x in (x * x.mean(alongAxes: [1], keepingDimensions: true)).sum() }),
    ]
  }

  // MARK: - Checks that pass

  @Test("checkGradient passes on correct tensor functions")
  func correctGradients() {
    var checked = 0
    for (name, f) in Self.scalarValued() {
      let check = checkGradient(of: f, at: Self.point)
      #expect(check.computed.shape == [2, 3], "\(name)")
      #expect(check.estimated.shape == check.computed.shape, "\(name)")
      #expect(check.flattened.computed.map(\.count) == [6], "\(name)")
      #expect(check.passed, "\(name): \(check)")
      // These functions have third derivatives of order 1 at this point, so the central
      // difference at its step h = ∛ε errs by about ε^(2/3) ≈ 4e-11; 1e-8 leaves a factor
      // of 250 for that and still fails a gradient wrong in its 8th digit.
      #expect(check.worstRelativeError < 1e-8, "\(name): \(check)")
      #expect(check.description.hasPrefix("derivative check passed"), "\(name)")
      #expect(check.description.hasSuffix("x: [2, 3], f(x): []"), "\(name): \(check)")
      checked += 1
    }
    #expect(checked == 4)
  }

  @Test("checkJacobian passes on correct tensor functions in both modes")
  func correctJacobians() {
    var checked = 0
    for (name, outputShape, f) in Self.vectorValued() {
      let checks = [
        ("reverse", checkJacobian(of: f, at: Self.point)),
        ("forward", checkJacobian(of: f, at: Self.point, mode: .forward)),
        ("forward, chunks of 2", checkJacobian(of: f, at: Self.point, mode: ForwardMode<2>())),
      ]
      for (mode, check) in checks {
        #expect(check.outputShape == outputShape, "\(name), \(mode)")
        #expect(check.computed.shape == outputShape + [2, 3], "\(name), \(mode)")
        #expect(check.estimated.shape == check.computed.shape, "\(name), \(mode)")
        let m = outputShape.reduce(1, *)
        #expect(check.flattened.computed.count == m, "\(name), \(mode)")
        #expect(check.flattened.computed.allSatisfy { $0.count == 6 }, "\(name), \(mode)")
        #expect(check.passed, "\(name), \(mode): \(check)")
        // As for the gradients: the estimate's own error is about 4e-11 here.
        #expect(check.worstRelativeError < 1e-8, "\(name), \(mode): \(check)")
        checked += 1
      }
    }
    #expect(checked == 12)
  }

  @Test("checkGradient passes on Float tensors with Float's default tolerance")
  func floatGradient() {
    let w = Tensor<Float>([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]])
    let x = Tensor<Float>([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]])
    let check = checkGradient(of: { Tensor.tanh(matmul($0, w)).sum() }, at: x)
    #expect(check.computed.shape == [2, 3])
    #expect(check.passed, "\(check)")
    // Float's ∛ε ≈ 4.9e-3 is the default tolerance; rounding in f(x ± h) gives
    // ε·|f|/h ≈ 1.2e-7 · 2 / 4.9e-3 ≈ 5e-5, so 1e-3 holds with a factor of 20 to spare.
    #expect(check.worstRelativeError < 1e-3, "\(check)")
  }

  // MARK: - Checks that fail

  @Test("checkGradient catches a wrong derivative and names the tensor index")
  func wrongGradient() {
    // |sin x − cos x| is largest at −0.8 (1.41); the others sit near π/4, where it is < 0.13.
    let x = Tensor<Double>([[0.7, 0.8, 0.75], [0.78, 0.76, -0.8]])
    let check = checkGradient(of: { $0.applying(SineWithWrongDerivative()).sum() }, at: x)
    #expect(check.computed.shape == check.estimated.shape)
    #expect(!check.passed)
    #expect(check.worstPosition.output == [])
    #expect(check.worstPosition.input == [1, 2])
    // sin(−0.8) against cos(−0.8): 1.41 relative error, far beyond any tolerance.
    #expect(check.worstRelativeError > 1.4)
    #expect(check.description.hasPrefix("derivative check FAILED"))
    #expect(check.description.contains("at ∂f/∂x[1, 2] (AutoDiff -0.71"))
    #expect(check.description.hasSuffix("x: [2, 3], f(x): []"))
  }

  @Test("checkJacobian catches a wrong derivative in both modes and names both indices")
  func wrongJacobian() {
    let x = Tensor<Double>([[0.7, 0.8, 0.75], [0.78, 0.76, -0.8]])
    let f = { (x: Tensor<Double>) in x.applying(SineWithWrongDerivative()) * 2 }
    let checks = [
      ("reverse", checkJacobian(of: f, at: x, mode: .reverse)),
      ("forward", checkJacobian(of: f, at: x, mode: .forward)),
    ]
    var checked = 0
    for (mode, check) in checks {
      #expect(check.computed.shape == [2, 3, 2, 3], "\(mode)")
      #expect(check.estimated.shape == check.computed.shape, "\(mode)")
      #expect(!check.passed, "\(mode)")
      #expect(check.worstPosition.output == [1, 2], "\(mode)")
      #expect(check.worstPosition.input == [1, 2], "\(mode)")
      #expect(check.description.contains("∂f[1, 2]/∂x[1, 2]"), "\(mode): \(check)")
      #expect(check.description.hasSuffix("x: [2, 3], f(x): [2, 3]"), "\(mode): \(check)")
      checked += 1
    }
    #expect(checked == 2)
  }

  @Test("A derivative off by a part in 10⁴ fails the default tolerance")
  func slightlyWrongDerivative() {
    // The check compares f's recorded derivative with differences of g: g is f stretched
    // by 1 + 1e-4, so every entry of the estimate is off by 1e-4 relative, well above the
    // default ∛ε ≈ 6e-6 and well below what a sign or index mistake gives.
    var calls = 0
    let check = checkGradient(
      of: { (x: Tensor<Double>) -> Tensor<Double> in
        calls += 1
        let scale = calls == 1 ? 1.0 : 1.0001
        return (Tensor.exp(x) * Tensor(scale)).sum()
      }, at: Self.point)
    // One recording, then f(x) for the output count and two evaluations per element.
    #expect(calls == 1 + 1 + 2 * 6)
    #expect(!check.passed, "\(check)")
    #expect(check.worstRelativeError > 5e-5 && check.worstRelativeError < 2e-4, "\(check)")
  }

  // MARK: - Anomaly detection

  struct AnomalyCase {
    var name: String
    var f: (Tensor<Double>) -> Tensor<Double>
    var x: Tensor<Double>
    var operation: String
    var kind: TensorAnomaly<Double>.Kind
    var inputShapes: [[Int]]
    var outputShape: [Int]
    var position: Int
    var elementIndex: [Int]
    var element: Double
  }

  static func anomalyCases() -> [AnomalyCase] {
    [
      AnomalyCase(
        name: "log at 0: the value", f: { Tensor.log($0).sum() }, x: Tensor([1.0, 0, 2]),
        operation: "LogBackward", kind: .value, inputShapes: [[3]], outputShape: [3], position: 0,
        elementIndex: [1], element: -.infinity),
      AnomalyCase(
        name: "sqrt at 0: the derivative", f: { Tensor.sqrt($0).sum() }, x: Tensor([4.0, 0, 1]),
        operation: "SquareRootBackward", kind: .derivative(input: 0), inputShapes: [[3]],
        outputShape: [3], position: 0, elementIndex: [1], element: .infinity),
      AnomalyCase(
        // 0·log 0 is NaN in the product, but the log made the −∞ first.
        name: "x·log x at 0 (entropy)", f: { x in (x * Tensor.log(x)).sum() },
        x: Tensor([[0.5, 0.25], [0, 0.25]]), operation: "LogBackward", kind: .value,
        inputShapes: [[2, 2]], outputShape: [2, 2], position: 0, elementIndex: [1, 0],
        element: -.infinity),
      AnomalyCase(
        name: "log(exp(x) − 1) at 0: the third operation", f: { x in Tensor.log(Tensor.exp(x) - 1).sum() },
        x: Tensor([0.5, 0]), operation: "LogBackward", kind: .value, inputShapes: [[2]],
        outputShape: [2], position: 2, elementIndex: [1], element: -.infinity),
      AnomalyCase(
        // The infinite cotangent then flows into the product, whose incoming cotangent is
        // no longer finite: the square root is named, not the product.
        name: "sqrt(3x) at 0: where the derivative starts", f: { x in Tensor.sqrt(x * 3).sum() },
        x: Tensor([0, 1.0]), operation: "SquareRootBackward", kind: .derivative(input: 0),
        inputShapes: [[2]], outputShape: [2], position: 1, elementIndex: [0], element: .infinity),
      AnomalyCase(
        name: "a + √b at b = 0: the second operand's derivative, broadcast",
        f: { x in x.applying(PlusSquareRoot(), x.sum(alongAxes: [1], keepingDimensions: true) - 1).sum() },
        x: Tensor([[0.5, 0.5], [1, 1]]), operation: "PlusSquareRootBackward",
        kind: .derivative(input: 1), inputShapes: [[2, 2], [2, 1]], outputShape: [2, 2],
        position: 2, elementIndex: [0, 0], element: .infinity),
      AnomalyCase(
        name: "a vector output is swept with a cotangent of ones", f: { Tensor.sqrt($0) },
        x: Tensor([1.0, 0]), operation: "SquareRootBackward", kind: .derivative(input: 0),
        inputShapes: [[2]], outputShape: [2], position: 0, elementIndex: [1], element: .infinity),
    ]
  }

  @Test("findNonFiniteOperation names the operation, its shapes and what went non-finite")
  func anomalies() throws {
    var checked = 0
    for c in Self.anomalyCases() {
      let anomaly = try #require(findNonFiniteOperation(of: c.f, at: c.x), "\(c.name)")
      #expect(anomaly.operation == c.operation, "\(c.name): \(anomaly)")
      #expect(anomaly.kind == c.kind, "\(c.name): \(anomaly)")
      #expect(anomaly.inputShapes.count == c.inputShapes.count, "\(c.name): \(anomaly)")
      #expect(anomaly.inputShapes == c.inputShapes, "\(c.name): \(anomaly)")
      #expect(anomaly.outputShape == c.outputShape, "\(c.name): \(anomaly)")
      #expect(anomaly.position == c.position, "\(c.name): \(anomaly)")
      #expect(anomaly.elementIndex.count == c.elementIndex.count, "\(c.name): \(anomaly)")
      #expect(anomaly.elementIndex == c.elementIndex, "\(c.name): \(anomaly)")
      #expect(anomaly.element == c.element, "\(c.name): \(anomaly)")
      #expect(anomaly.description.hasPrefix("\(c.operation) ("), "\(c.name): \(anomaly)")
      checked += 1
    }
    #expect(checked == 7)
  }

  @Test("The anomaly's description names the operation, the shapes and the element")
  func anomalyDescriptions() throws {
    let value = try #require(findNonFiniteOperation(of: { Tensor.log($0).sum() }, at: Tensor([1.0, 0, 2])))
    #expect(value.description == "LogBackward ([3] → [3]), operation 0 in recording order: value -inf at [1] from finite inputs")
    let derivative = try #require(findNonFiniteOperation(of: { Tensor.sqrt($0).sum() }, at: Tensor([4.0, 0, 1])))
    #expect(derivative.description == "SquareRootBackward ([3] → [3]), operation 0 in recording order: derivative inf at [1] for input 0, from a finite incoming cotangent")
  }

  @Test("findNonFiniteOperation returns nil when every value and derivative is finite")
  func noAnomaly() {
    let cases: [(String, (Tensor<Double>) -> Tensor<Double>, Tensor<Double>)] = [
      ("matmul + tanh + sum", { Tensor.tanh(matmul($0, Self.weights)).sum() }, Self.point),
      ("log and sqrt away from 0", { (Tensor.log($0) + Tensor.sqrt($0)).sum() }, Tensor([0.5, 2])),
      ("softmax of large inputs (shifted, so no overflow)", { $0.softmax().sum() }, Tensor([1000.0, -1000, 0])),
      ("logSumExp of large inputs", { $0.logSumExp() }, Tensor([1000.0, 999])),
    ]
    var checked = 0
    for (name, f, x) in cases {
      #expect(findNonFiniteOperation(of: f, at: x) == nil, "\(name)")
      checked += 1
    }
    #expect(checked == 4)
  }

  @Test("An infinite local derivative that meets a zero cotangent follows the NaNSafe trait")
  func zeroCotangent() {
    let anomaly = findNonFiniteOperation(of: { (Tensor.sqrt($0) * 0).sum() }, at: Tensor([0.0, 1]))
    #if NaNSafe
    // 0 · ∞ = 0: the gradient is finite, nothing to report.
    #expect(anomaly == nil, "\(String(describing: anomaly))")
    #else
    // 0 · ∞ = NaN in IEEE arithmetic: the square root's pullback makes it.
    #expect(anomaly?.operation == "SquareRootBackward")
    #expect(anomaly?.element.isNaN == true)
    #endif
  }

  @Test("Outside findNonFiniteOperation, recording and backward are unaffected")
  func noObserverOutside() throws {
    _ = findNonFiniteOperation(of: { Tensor.log($0).sum() }, at: Tensor([0.0]))
    var x = Tensor<Double>([0.0, 4])
    x.requiresGradient = true
    Tensor.sqrt(x).sum().backward()
    let g = try #require(x.gradient)
    #expect(g.scalars.count == 2)
    #expect(g.scalars == [.infinity, 0.25])
  }

  // MARK: - Misuse

  @Test("checkGradient of a function with more than one output element stops with a message")
  func gradientOfVector() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkGradient(of: { $0 * 2 }, at: Tensor([1.0, 2.0]))
    }
    #expect(standardError(of: result).contains(
      "checkGradient(of:at:tolerance:): the function's value has shape [2]; a gradient needs a single element"))
  }

  @Test("checkJacobian of a function whose shape depends on the point stops with a message")
  func shapeDependsOnPoint() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // Shape [2] at x[0] = 1 (where AutoDiff differentiates), [1, 2] at 1 + h.
      _ = checkJacobian(of: { $0.scalars[0] > 1 ? $0.reshaped(to: [1, 2]) : $0 }, at: Tensor([1.0, 2.0]))
    }
    #expect(standardError(of: result).contains(
      "checkJacobian(of:at:mode:tolerance:): the function's value has shape [2] where AutoDiff "
        + "differentiated it and [1, 2] at a finite-difference point"))
  }

  @Test("A negative tolerance stops with a message")
  func negativeTolerance() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = checkJacobian(of: { $0 * 2 }, at: Tensor([1.0]), mode: .forward, tolerance: -1)
    }
    #expect(standardError(of: result).contains(
      "checkJacobian(of:at:mode:tolerance:): the tolerance must be zero or more, got -1.0"))
  }

  @Test("findNonFiniteOperation inside a transform's function is refused, naming both")
  func anomalyInsideTransform() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = gradient(
        of: { x in
          _ = findNonFiniteOperation(of: { Tensor.log($0).sum() }, at: x)
          return x.sum()
        }, at: Tensor([1.0, 2.0]))
    }
    #expect(standardError(of: result).contains(
      "findNonFiniteOperation(of:at:) called inside the function of gradient(of:at:)"))
  }
}
