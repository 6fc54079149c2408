import AutoDiff
import RealModule
import Testing

/// Shared checks for the loss and indexing suites: Jacobians in both modes against central
/// differences, tensor Hessians against the scalar path, and pasted PyTorch values.
enum TensorAPIChecks {
  typealias S = Tracked<ChunkedDual<Double, 8>>

  /// The largest difference relative to the largest entry (at least 1), or ∞ when the
  /// counts differ: a missing entry is never "close".
  static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    guard !a.isEmpty else { return 0 }
    let scale = Swift.max(1, (a + b).map(\.magnitude).max()!)
    return zip(a, b).map { ($0 - $1).magnitude }.max()! / scale
  }

  /// A decimal constant (at most 6 places) in any scalar type, rounded exactly as the
  /// Double literal is: the quotient of two exact integers, correctly rounded.
  static func constant<T: Differentiable>(_ value: Double) -> T {
    T(Int((value * 1_000_000).rounded())) / T(1_000_000)
  }

  /// Forward and reverse Jacobians of `f` at `x` against central differences and each
  /// other. Returns the number of comparisons made (3).
  @discardableResult
  static func checkJacobians(
    _ name: String, at x: Tensor<Double>, _ f: @escaping (Tensor<Double>) -> Tensor<Double>
  ) -> Int {
    let forward = jacobian(of: f, at: x, mode: .forward)
    let reverse = jacobian(of: f, at: x, mode: .reverse)
    let estimate = centralDifferenceJacobian(
      of: { f(Tensor(shape: x.shape, scalars: $0)).scalars }, at: x.scalars
    ).flatMap { $0 }
    let outputCount = f(x).count
    #expect(forward.scalars.count == outputCount * x.count, "\(name)")
    #expect(reverse.scalars.count == forward.scalars.count, "\(name)")
    #expect(estimate.count == forward.scalars.count, "\(name)")
    // Central differences: truncation and rounding error ~ε^(2/3) ≈ 4e-11 times the
    // third derivative's scale (O(1) at these points), so 1e-8 leaves a wide margin while a
    // wrong rule is off by O(1).
    #expect(relativeDifference(forward.scalars, estimate) <= 1e-8, "\(name): forward vs central differences")
    #expect(relativeDifference(reverse.scalars, estimate) <= 1e-8, "\(name): reverse vs central differences")
    // Forward and reverse multiply the same local partials in a different order: a few
    // ulps, so 1e-14.
    #expect(relativeDifference(forward.scalars, reverse.scalars) <= 1e-14, "\(name): forward vs reverse")
    return 3
  }

  /// The tensor Hessian of `f` at `x` against the scalar path's Hessian of `g`, the same
  /// function written element by element. Returns 1.
  @discardableResult
  static func checkHessian(
    _ name: String, at x: Tensor<Double>, tensor f: @escaping (Tensor<Double>) -> Tensor<Double>,
    scalar g: @escaping ([S]) -> S
  ) -> Int {
    let tensorHessian = hessian(of: f, at: x)
    let scalarHessian = hessian(of: g, at: x.scalars).flatMap { $0 }
    #expect(tensorHessian.shape == x.shape + x.shape, "\(name)")
    // Same second derivatives through differently ordered sums of a few products each:
    // ~1e-15 here; 1e-10 relative (issue 17's bound) while a wrong curvature is off by O(1).
    let error = relativeDifference(tensorHessian.scalars, scalarHessian)
    #expect(error <= 1e-10, "\(name): tensor vs scalar Hessian, relative difference \(error)")
    return 1
  }

  /// `ours` against PyTorch's float64 `reference`: same count, then 1e-13 relative to
  /// max(1, |entry|) — the same float64 operations summed in a different order, a few
  /// ulps of entries up to 44.
  static func expectReference(_ ours: Tensor<Double>, _ reference: [Double], _ name: String) {
    #expect(ours.scalars.count == reference.count, "\(name): \(ours.scalars.count) vs \(reference.count) entries")
    let error = relativeDifference(ours.scalars, reference)
    #expect(error <= 1e-13, "\(name): relative difference \(error) from PyTorch")
  }
}

@Suite("Losses: cross-entropy, negative log-likelihood, binary cross-entropy, mean squared error")
struct TensorLossTests {
  typealias S = TensorAPIChecks.S

  // The inputs of Benchmarks/peers/tensor_api_reference.py.
  static var logits: Tensor<Double> { Tensor<Double>([[1.5, -0.3, 0.2], [-1.0, 2.0, 0.5], [0.0, 0.0, 0.0], [3.0, -2.0, 1.0]]) }
  static let labels = [0, 1, 2, 2]
  static var z: Tensor<Double> { Tensor<Double>([-2.0, -0.5, 0.0, 0.7, 3.0, 40.0]) }
  static var t: Tensor<Double> { Tensor<Double>([0.0, 1.0, 0.5, 1.0, 0.2, 0.0]) }
  static var p: Tensor<Double> { Tensor<Double>([[0.5, -1.2, 2.0], [0.3, 0.0, -0.7]]) }
  static var q: Tensor<Double> { Tensor<Double>([[1.0, -1.0, 1.5], [0.0, 0.4, -0.2]]) }

  static func valueAndGradient(
    _ f: (Tensor<Double>) -> Tensor<Double>, at x: Tensor<Double>
  ) -> (Tensor<Double>, Tensor<Double>) {
    let result = valueWithGradient(of: f, at: x)
    return (Tensor(result.value), result.gradient)
  }

  @Test("Values and gradients equal PyTorch float64 (Benchmarks/peers/tensor_api_reference.py)")
  func pytorchReference() {
    // Printed by Benchmarks/peers/tensor_api_reference.py (torch 2.15, float64).
    var checked = 0
    func expect(_ ours: Tensor<Double>, _ reference: [Double], _ name: String) {
      TensorAPIChecks.expectReference(ours, reference, name)
      checked += 1
    }
    let labels = Self.labels
    var (value, grad) = Self.valueAndGradient({ crossEntropy(logits: $0, labels: labels) }, at: Self.logits)
    expect(value, [0.9589760813553988], "crossEntropy.mean.value")
    expect(grad, [-0.0761269541266951, 0.028741021174558214, 0.04738593295213691, 0.009778143317671862, -0.05360074135268103, 0.04382259803500917, 0.08333333333333333, 0.08333333333333333, -0.16666666666666669, 0.21890014876577196, 0.001474937600475695, -0.22037508636624759], "crossEntropy.mean.gradient")
    (value, grad) = Self.valueAndGradient({ crossEntropy(logits: $0, labels: labels, reduction: .sum) }, at: Self.logits)
    expect(value, [3.835904325421595], "crossEntropy.sum.value")
    expect(grad, [-0.3045078165067804, 0.11496408469823285, 0.18954373180854764, 0.03911257327068745, -0.21440296541072412, 0.1752903921400367, 0.3333333333333333, 0.3333333333333333, -0.6666666666666667, 0.8756005950630878, 0.00589975040190278, -0.8815003454649903], "crossEntropy.sum.gradient")
    expect(crossEntropy(logits: Self.logits, labels: labels, reduction: .none), [0.3631355063687535, 0.24131129665715703, 1.0986122886681098, 2.132845233727575], "crossEntropy.none.value")
    (value, grad) = Self.valueAndGradient({ crossEntropy(logits: $0, labels: [1, 1]) }, at: Tensor([[1000.0, -1000.0], [-1000.0, 1000.0]]))
    expect(value, [1000.0], "crossEntropy.large.value")
    expect(grad, [0.5, -0.5, 0.0, 0.0], "crossEntropy.large.gradient")

    let logProbabilities = Self.logits.logSoftmax(alongAxis: 1)
    (value, grad) = Self.valueAndGradient({ negativeLogLikelihood(logProbabilities: $0, labels: labels) }, at: logProbabilities)
    expect(value, [0.9589760813553988], "negativeLogLikelihood.mean.value")
    expect(grad, [-0.25, 0.0, 0.0, 0.0, -0.25, 0.0, 0.0, 0.0, -0.25, 0.0, 0.0, -0.25], "negativeLogLikelihood.mean.gradient")
    expect(negativeLogLikelihood(logProbabilities: logProbabilities, labels: labels, reduction: .none), [0.3631355063687535, 0.24131129665715703, 1.0986122886681098, 2.132845233727575], "negativeLogLikelihood.none.value")

    let (z, t) = (Self.z, Self.t)
    (value, grad) = Self.valueAndGradient({ binaryCrossEntropy(logits: $0, targets: t) }, at: z)
    expect(value, [7.4409875960403715], "binaryCrossEntropy.mean.value")
    expect(grad, [0.019867153670352924, -0.10374322186697577, 0.0, -0.055302037971972307, 0.12542902113707222, 0.16666666666666666], "binaryCrossEntropy.mean.gradientLogits")
    expect(gradient(of: { binaryCrossEntropy(logits: z, targets: $0) }, at: t), [0.3333333333333333, 0.08333333333333333, -0.0, -0.11666666666666665, -0.5, -6.666666666666667], "binaryCrossEntropy.mean.gradientTargets")
    (value, grad) = Self.valueAndGradient({ binaryCrossEntropy(logits: $0, targets: t, reduction: .sum) }, at: z)
    expect(value, [44.64592557624223], "binaryCrossEntropy.sum.value")
    expect(grad, [0.11920292202211755, -0.6224593312018546, 0.0, -0.33181222783183384, 0.7525741268224333, 1.0], "binaryCrossEntropy.sum.gradientLogits")
    expect(gradient(of: { binaryCrossEntropy(logits: z, targets: $0, reduction: .sum) }, at: t), [2.0, 0.5, -0.0, -0.7, -3.0, -40.0], "binaryCrossEntropy.sum.gradientTargets")
    expect(binaryCrossEntropy(logits: z, targets: t, reduction: .none), [0.1269280110429727, 0.9740769841801067, 0.6931471805599453, 0.4031860488854579, 2.4485873515737424, 40.0], "binaryCrossEntropy.none.value")
    let h = hessian(of: { binaryCrossEntropy(logits: $0, targets: t, reduction: .sum) }, at: z)
    expect(Tensor((0..<6).map { h.scalars[$0 * 6 + $0] }), [0.1049935854035065, 0.2350037122015945, 0.25, 0.22171287329310904, 0.045176659730912, 0.0], "binaryCrossEntropy.sum.hessianDiagonal")

    let (p, q) = (Self.p, Self.q)
    (value, grad) = Self.valueAndGradient({ meanSquaredError($0, q) }, at: p)
    expect(value, [0.17333333333333334], "meanSquaredError.mean.value")
    expect(grad, [-0.16666666666666666, -0.06666666666666665, 0.16666666666666666, 0.09999999999999999, -0.13333333333333333, -0.16666666666666663], "meanSquaredError.mean.gradientPredictions")
    expect(gradient(of: { meanSquaredError(p, $0) }, at: q), [0.16666666666666666, 0.06666666666666665, -0.16666666666666666, -0.09999999999999999, 0.13333333333333333, 0.16666666666666663], "meanSquaredError.mean.gradientTargets")
    (value, grad) = Self.valueAndGradient({ meanSquaredError($0, q, reduction: .sum) }, at: p)
    expect(value, [1.04], "meanSquaredError.sum.value")
    expect(grad, [-1.0, -0.3999999999999999, 1.0, 0.6, -0.8, -0.9999999999999999], "meanSquaredError.sum.gradientPredictions")
    #expect(checked == 23)
  }

  @Test("Forward and reverse Jacobians of every loss and reduction equal central differences")
  func jacobians() {
    let (labels, t, q) = (Self.labels, Self.t, Self.q)
    var checked = 0
    for reduction in [LossReduction.mean, .sum, .none] {
      checked += TensorAPIChecks.checkJacobians("crossEntropy \(reduction)", at: Self.logits) {
        crossEntropy(logits: $0, labels: labels, reduction: reduction)
      }
      checked += TensorAPIChecks.checkJacobians("negativeLogLikelihood \(reduction)", at: Self.logits) {
        negativeLogLikelihood(logProbabilities: Tensor.sin($0), labels: labels, reduction: reduction)
      }
      checked += TensorAPIChecks.checkJacobians("binaryCrossEntropy logits \(reduction)", at: Self.z) {
        binaryCrossEntropy(logits: $0, targets: t, reduction: reduction)
      }
      checked += TensorAPIChecks.checkJacobians("binaryCrossEntropy targets \(reduction)", at: t) {
        binaryCrossEntropy(logits: Self.z, targets: $0, reduction: reduction)
      }
      checked += TensorAPIChecks.checkJacobians("meanSquaredError \(reduction)", at: Self.p) {
        meanSquaredError($0, q, reduction: reduction)
      }
    }
    #expect(checked == 3 * 5 * 3)
  }

  @Test("binaryCrossEntropy's derivative at z = 0 is exactly ½ − t, and it never overflows")
  func binaryCrossEntropyEdges() {
    let t = Tensor<Double>([0.0, 0.25, 1.0])
    let g = gradient(of: { binaryCrossEntropy(logits: $0, targets: t, reduction: .sum) }, at: Tensor([0.0, 0.0, 0.0]))
    #expect(g.scalars == [0.5, 0.25, -0.5])  // ½ − t, exact in binary
    let huge = binaryCrossEntropy(logits: Tensor([-800.0, 800.0]), targets: Tensor([1.0, 0.0]), reduction: .none)
    #expect(huge.scalars == [800, 800])  // softplus(±800) ∓ …: exactly 800, no inf
  }

  @Test("Tensor Hessians of every loss equal the scalar path's")
  func hessians() {
    let (labels, t) = (Self.labels, Self.t)
    var checked = 0
    checked += TensorAPIChecks.checkHessian(
      "crossEntropy", at: Self.logits, tensor: { crossEntropy(logits: $0, labels: labels) },
      scalar: { v in
        var total = S(0)
        for row in 0..<4 {
          let r = Array(v[(row * 3)..<(row * 3 + 3)])
          let m = r.max()!
          total = total + (m + S.log(r.reduce(S(0)) { $0 + S.exp($1 - m) }) - r[labels[row]])
        }
        return total / S(4)
      })
    checked += TensorAPIChecks.checkHessian(
      "negativeLogLikelihood of x²", at: Self.logits,
      tensor: { negativeLogLikelihood(logProbabilities: $0 * $0, labels: labels, reduction: .sum) },
      scalar: { (v: [S]) -> S in
        var total = S(0)
        for row in 0..<4 {
          let e = v[row * 3 + labels[row]]
          total = total - e * e
        }
        return total
      })
    // Logits and targets stacked: the mixed partial ∂²/∂z∂t = −1/n shows too.
    checked += TensorAPIChecks.checkHessian(
      "binaryCrossEntropy", at: concatenate([Self.z, t]),
      tensor: { v in binaryCrossEntropy(logits: v.slice(0..<6), targets: v.slice(6..<12)) },
      scalar: { (v: [S]) -> S in
        var total = S(0)
        for i in 0..<6 {
          let softplus: S = S.log(onePlus: S.exp(v[i]))
          total = total + softplus - v[i] * v[6 + i]
        }
        return total / S(6)
      })
    checked += TensorAPIChecks.checkHessian(
      "meanSquaredError", at: concatenate([Self.p.reshaped(to: [6]), Self.q.reshaped(to: [6])]),
      tensor: { v in meanSquaredError(v.slice(0..<6), v.slice(6..<12)) },
      scalar: { (v: [S]) -> S in
        var total = S(0)
        for i in 0..<6 {
          let d: S = v[i] - v[6 + i]
          total = total + d * d
        }
        return total / S(6)
      })
    #expect(checked == 4)
  }

  @Test("Cross-entropy's chunked forward Jacobian (3 lanes) equals the reverse one")
  func chunkedModes() {
    let labels = Self.labels
    let f = { (x: Tensor<Double>) in crossEntropy(logits: x, labels: labels, reduction: .none) }
    let reference = jacobian(of: f, at: Self.logits, mode: .reverse)
    let chunked = jacobian(of: f, at: Self.logits, mode: ForwardMode<3>())
    #expect(chunked.shape == reference.shape)
    // Same partials, multiplied in another order: 1e-14.
    #expect(TensorAPIChecks.relativeDifference(chunked.scalars, reference.scalars) <= 1e-14)
  }

  @Test("Float losses and gradients agree with Double to Float precision")
  func floatAgreesWithDouble() {
    let labels = Self.labels
    let logits = Tensor<Float>(shape: Self.logits.shape, scalars: Self.logits.scalars.map(Float.init))
    let z = Tensor<Float>(Self.z.scalars.map(Float.init))
    let t = Tensor<Float>(Self.t.scalars.map(Float.init))
    let pairs: [(String, [Float], [Double])] = [
      ("crossEntropy", gradient(of: { crossEntropy(logits: $0, labels: labels) }, at: logits).scalars,
       gradient(of: { crossEntropy(logits: $0, labels: labels) }, at: Self.logits).scalars),
      ("binaryCrossEntropy", gradient(of: { binaryCrossEntropy(logits: $0, targets: t) }, at: z).scalars,
       gradient(of: { binaryCrossEntropy(logits: $0, targets: Self.t) }, at: Self.z).scalars),
      ("crossEntropy value", [crossEntropy(logits: logits, labels: labels).scalar],
       [crossEntropy(logits: Self.logits, labels: labels).scalar]),
    ]
    for (name, single, double) in pairs {
      // Float rounding through a few exp/log and sums of O(1) terms: 1e-6 relative (≈ 8 ulps).
      #expect(TensorAPIChecks.relativeDifference(single.map(Double.init), double) <= 1e-6, "\(name)")
    }
    #expect(pairs.count == 3)
  }

  // MARK: - Misuse

  @Test("A label out of range stops, naming its position")
  func labelOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = crossEntropy(logits: Tensor<Double>.zeros([3, 4]), labels: [0, 3, 4])
    }
    #expect(standardError(of: result).contains("crossEntropy: labels[2] = 4 is out of range for 4 classes (shape [3, 4])"))
  }

  @Test("A negative label stops in negativeLogLikelihood, naming its position")
  func negativeLabel() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = negativeLogLikelihood(logProbabilities: Tensor<Double>.zeros([2, 2]), labels: [-1, 0])
    }
    #expect(standardError(of: result).contains("negativeLogLikelihood: labels[0] = -1 is out of range for 2 classes"))
  }

  @Test("Too few labels stop with both counts")
  func labelCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = crossEntropy(logits: Tensor<Double>.zeros([3, 2]), labels: [0, 1])
    }
    #expect(standardError(of: result).contains("crossEntropy: 2 labels for a batch of 3 rows (shape [3, 2])"))
  }

  @Test("Rank-1 logits stop, naming the shape")
  func logitsRank() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = crossEntropy(logits: Tensor<Double>.zeros([3]), labels: [0, 1, 2])
    }
    #expect(standardError(of: result).contains("crossEntropy: expects a rank-2 tensor [batch, classes], got shape [3]"))
  }

  @Test("Mismatched shapes stop meanSquaredError and binaryCrossEntropy with both shapes")
  func shapeMismatch() async {
    let mse = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = meanSquaredError(Tensor<Double>.zeros([2, 3]), Tensor<Double>.zeros([3]))
    }
    #expect(standardError(of: mse).contains("meanSquaredError: predictions have shape [2, 3] but targets have shape [3]"))
    let bce = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = binaryCrossEntropy(logits: Tensor<Double>.zeros([4]), targets: Tensor<Double>.zeros([4, 1]))
    }
    #expect(standardError(of: bce).contains("binaryCrossEntropy: logits have shape [4] but targets have shape [4, 1]"))
  }
}
