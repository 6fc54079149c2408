import AutoDiff
import RealModule
import Testing

/// Custom tensor operations (`TensorOperation`) in every mode, against the same function
/// composed of built-in operations, the scalar path, and central differences.
@Suite("Custom tensor operations: JVP-only and JVP + pullback, in every mode and nested")
struct CustomTensorOperationTests {
  /// softplus(x) = log(1 + eˣ) = max(x, 0) + log(1 + e^(−|x|)), which never overflows.
  static func softplusValue(_ x: [Tensor<Double>]) -> Tensor<Double> {
    Tensor(shape: x[0].shape, scalars: x[0].scalars.map { v in
      Swift.max(v, 0) + Double.log(onePlus: Double.exp(-Swift.abs(v)))
    })
  }

  /// JVP only: the pullback is its transpose, derived.
  static let softplus = TensorOperation<Double>(
    name: "Softplus", value: softplusValue, jvp: { x, t in Tensor.sigmoid(x[0]) * t[0] })

  /// JVP and pullback, written separately.
  static let softplusWithPullback = TensorOperation<Double>(
    name: "Softplus", value: softplusValue,
    jvp: { x, t in Tensor.sigmoid(x[0]) * t[0] },
    pullback: { x, ct in [ct * Tensor.sigmoid(x[0])] })

  /// A wrong pullback (2σ instead of σ): the consistency check must catch it.
  static let inconsistent = TensorOperation<Double>(
    name: "Softplus", value: softplusValue,
    jvp: { x, t in Tensor.sigmoid(x[0]) * t[0] },
    pullback: { x, ct in [ct * Tensor.sigmoid(x[0]) * 2] })

  /// A two-input operation: x·y + sin(x), the JVP written with tensor operations.
  static let twoInputs = TensorOperation<Double>(
    name: "ProductPlusSine",
    value: { Tensor(shape: $0[0].shape, scalars: zip($0[0].scalars, $0[1].scalars).map { $0 * $1 + .sin($0) }) },
    jvp: { x, t in t[0] * (x[1] + Tensor.cos(x[0])) + x[0] * t[1] })

  /// The same softplus from built-in operations (fine for moderate x).
  static func builtIn(_ x: Tensor<Double>) -> Tensor<Double> { Tensor.log(onePlus: Tensor.exp(x)) }

  static var x: Tensor<Double> { Tensor([-1.5, -0.2, 0.3, 1.1, 2.0]) }

  static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    let scale = Swift.max(1, (a + b).map(\.magnitude).max()!)
    return zip(a, b).map { ($0 - $1).magnitude }.max()! / scale
  }

  @Test("values: finite at ±800 where the built-in composition overflows")
  func values() {
    let y = Self.softplus(Tensor([-800.0, 0, 800]))
    #expect(y.scalars.count == 3)
    #expect(y.scalars[0] == 0)
    #expect((y.scalars[1] - Double.log(2)).magnitude <= 1e-16)  // log 2, one rounding
    #expect(y.scalars[2] == 800)
    #expect(Self.builtIn(Tensor([800.0])).scalars[0] == .infinity)
  }

  @Test("gradient, Jacobians (forward, chunked, reverse) equal the built-in composition's")
  func firstOrder() {
    var checked = 0
    for op in [Self.softplus, Self.softplusWithPullback] {
      let f = { (x: Tensor<Double>) in op(x) * x }
      let g = { (x: Tensor<Double>) in Self.builtIn(x) * x }
      let pairs: [(Tensor<Double>, Tensor<Double>)] = [
        (gradient(of: { f($0).sum() }, at: Self.x), gradient(of: { g($0).sum() }, at: Self.x)),
        (jacobian(of: f, at: Self.x, mode: .reverse), jacobian(of: g, at: Self.x, mode: .reverse)),
        (jacobian(of: f, at: Self.x, mode: .forward), jacobian(of: g, at: Self.x, mode: .forward)),
        (jacobian(of: f, at: Self.x, mode: ForwardMode<2>()), jacobian(of: g, at: Self.x, mode: .reverse)),
      ]
      for (ours, reference) in pairs {
        #expect(ours.shape == reference.shape)
        // Two ways of rounding the same σ(x) and log(1 + eˣ): a few ulps, so 1e-14.
        #expect(Self.relativeDifference(ours.scalars, reference.scalars) <= 1e-14)
        checked += 1
      }
      // Central differences: error ~ε^(2/3) times the third derivative's scale, so 1e-8.
      let estimate = centralDifferenceJacobian(
        of: { f(Tensor($0)).scalars }, at: Self.x.scalars)
      #expect(Self.relativeDifference(jacobian(of: f, at: Self.x, mode: .reverse).scalars, estimate.flatMap { $0 }) <= 1e-8)
      checked += 1
    }
    #expect(checked == 10)
  }

  @Test("Hessians (forward over reverse) equal the scalar path's, for the derived and the given pullback")
  func secondOrder() {
    func scalarSoftplusLoss<T: Differentiable>(_ x: [T]) -> T {
      x.enumerated().reduce(T(0)) { $0 + T.log(onePlus: T.exp($1.element)) * $1.element * T($1.offset + 1) }
    }
    let weights = Tensor<Double>([1, 2, 3, 4, 5])
    let expected = hessian(
      of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in scalarSoftplusLoss(v) }, at: Self.x.scalars)
    var checked = 0
    for op in [Self.softplus, Self.softplusWithPullback] {
      let h = hessian(of: { (op($0) * $0 * weights).sum() }, at: Self.x)
      #expect(h.shape == [5, 5])
      // Same second derivatives, differently rounded: 1e-12 relative.
      #expect(Self.relativeDifference(h.scalars, expected.flatMap { $0 }) <= 1e-12)
      checked += 1
    }
    // Two inputs: H of Σ (x·y + sin x)·x over the stacked (x, y), by the scalar path.
    let y = Tensor<Double>([0.4, -0.7, 1.2, 0.1, -0.3])
    let stacked = concatenate([Self.x, y])
    let h = hessian(
      of: { v in
        let (a, b) = (v.slice(0..<5, alongAxis: 0), v.slice(5..<10, alongAxis: 0))
        return (Self.twoInputs(a, b) * a).sum()
      }, at: stacked)
    func scalarTwoInputs<T: Differentiable>(_ v: [T]) -> T {
      var sum = T(0)
      for i in 0..<5 { sum = sum + (v[i] * v[i + 5] + T.sin(v[i])) * v[i] }
      return sum
    }
    let scalar = hessian(
      of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in scalarTwoInputs(v) }, at: stacked.scalars)
    #expect(Self.relativeDifference(h.scalars, scalar.flatMap { $0 }) <= 1e-12)
    checked += 1
    #expect(checked == 3)
  }

  @Test("checkConsistency: tiny for a pullback that is the JVP's transpose, large for a wrong one")
  func consistency() {
    // The two sides are sums of 5 products each: a few ulps, so 1e-14.
    #expect(Self.softplusWithPullback.checkConsistency(at: [Self.x]) <= 1e-14)
    #expect(Self.softplus.checkConsistency(at: [Self.x]) <= 1e-14)
    #expect(Self.twoInputs.checkConsistency(at: [Self.x, Self.x]) <= 1e-14)
    // The wrong pullback doubles one side: relative difference ~0.5.
    #expect(Self.inconsistent.checkConsistency(at: [Self.x]) >= 0.1)
  }

  @Test("the operation shows as gradientFunction and in backward()")
  func pyTorchStyle() {
    var x = Tensor<Double>([0.0, 1.0])
    x.requiresGradient = true
    let y = Self.softplus(x)
    #expect(y.gradientFunction == "SoftplusBackward")
    y.sum().backward()
    let sigmoid = [0.5, 1 / (1 + Double.exp(-1))]
    #expect(Self.relativeDifference(x.gradient?.scalars ?? [], sigmoid) <= 1e-15)
  }

  @Test("a JVP of the wrong shape stops, naming the operation")
  func wrongShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let bad = TensorOperation<Double>(
        name: "Bad", value: { $0[0] }, jvp: { _, t in t[0].sum() })
      _ = jvp(of: { bad($0) }, at: Tensor([1.0, 2.0]), along: Tensor([1.0, 0.0]))
    }
    #expect(standardError(of: result).contains(
      "BadBackward: the JVP returned shape [] for a value of shape [2]"))
  }
}
