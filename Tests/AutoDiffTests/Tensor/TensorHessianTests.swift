import AutoDiff
import RealModule
import Testing

/// Tensor Hessians (forward over reverse on tensors) against the Hessian of the same
/// function written element by element over scalars and differentiated on the scalar path
/// (`hessian(of:at:)` on `Tracked<ChunkedDual<Double, 8>>`), which shares no code with the
/// tensor operations' derivatives.
@Suite("Tensor Hessians, Hessian–vector products and chunked Jacobians against the scalar path")
struct TensorHessianTests {
  /// Fixed weights that make a tensor-valued operation scalar: g(x) = Σᵢ wᵢ·f(x)ᵢ, so
  /// that every output's curvature shows in the Hessian with its own weight.
  static func weights(_ count: Int) -> [Double] {
    (0..<count).map { 0.3 + 0.5 * Double.sin(Double(3 * $0 + 1)) }
  }

  static func point(_ shape: [Int], in domain: ClosedRange<Double>, seed: UInt64) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return Tensor(
      shape: shape,
      scalars: (0..<shape.reduce(1, *)).map { _ in Double.random(in: domain, using: &generator) })
  }

  /// The largest difference relative to the largest entry (at least 1), or ∞ when the
  /// counts differ: a missing entry is never "close".
  static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    let scale = Swift.max(1, (a + b).map(\.magnitude).max()!)
    return zip(a, b).map { ($0 - $1).magnitude }.max()! / scale
  }

  // Tolerance 1e-10 relative to the Hessian's largest entry, as issue 17 asks: the two
  // paths compute the same second derivatives through differently ordered sums of a few
  // products each, which agree to ~1e-14 here; a wrong curvature term is off by O(1).
  static let tolerance = 1e-10

  @Test("every catalogued tensor operation: tensor Hessian = scalar Hessian", arguments: TensorCases.all)
  func catalogue(_ c: TensorCase) {
    let x = Self.point(c.shape, in: c.domain, seed: 11)
    let outputCount = c.tensor(x).count
    let w = Self.weights(outputCount)
    let shape = c.tensor(x).shape
    let tensorHessian = hessian(
      of: { x in (c.tensor(x) * Tensor(shape: shape, scalars: w)).sum() }, at: x)
    let scalarHessian = hessian(
      of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in
        zip(c.reference(v), w).reduce(Tracked(0)) { $0 + $1.0 * Tracked(constant: ChunkedDual(constant: $1.1)) }
      }, at: x.scalars)
    #expect(tensorHessian.shape == x.shape + x.shape, "\(c.name)")
    let error = Self.relativeDifference(tensorHessian.scalars, scalarHessian.flatMap { $0 })
    #expect(error <= Self.tolerance, "\(c.name): relative difference \(error)")
  }

  // MARK: - Linear algebra and a classifier's loss, with scalar references written here

  /// Diagonally dominant, so LU needs no pivoting and Cholesky applies after symmetrising.
  static func wellConditioned(_ n: Int, seed: UInt64) -> Tensor<Double> {
    var a = point([n, n], in: -0.5...0.5, seed: seed)
    for i in 0..<n { a = a + Tensor(shape: [n, n], scalars: (0..<(n * n)).map { $0 == i * n + i ? Double(n) : 0 }) }
    return a
  }

  @Test("logDeterminant, determinant, inverse, solve, Cholesky: tensor Hessian = scalar Hessian")
  func linearAlgebra() {
    let n = 3
    let a = Self.wellConditioned(n, seed: 5)
    let b = Tensor<Double>([0.4, -0.3, 0.8])
    let w = Self.weights(n * n)
    typealias S = Tracked<ChunkedDual<Double, 8>>
    func weighted(_ values: [S], _ w: [Double]) -> S {
      zip(values, w).reduce(S(0)) { $0 + $1.0 * S(constant: ChunkedDual(constant: $1.1)) }
    }
    let cases: [(String, (Tensor<Double>) -> Tensor<Double>, ([S]) -> S)] = [
      ("logDeterminant", { logDeterminant($0).logMagnitude }, { .log(ScalarLinearAlgebra.determinant($0, n)) }),
      ("determinant", { determinant($0) }, { ScalarLinearAlgebra.determinant($0, n) }),
      ("inverse", { (inverse($0) * Tensor(shape: [n, n], scalars: w)).sum() },
       { weighted(ScalarLinearAlgebra.inverse($0, n), w) }),
      ("solve", { (solve($0, b) * Tensor(Array(w.prefix(n)))).sum() },
       { weighted(ScalarLinearAlgebra.solve($0, b.scalars.map { S(constant: ChunkedDual(constant: $0)) }, n), w) }),
      ("cholesky", { (cholesky($0) * Tensor(shape: [n, n], scalars: w)).sum() },
       { weighted(ScalarLinearAlgebra.cholesky($0, n), w) }),
    ]
    var checked = 0
    for (name, tensorFunction, scalarFunction) in cases {
      let tensorHessian = hessian(of: tensorFunction, at: a)
      let scalarHessian = hessian(of: scalarFunction, at: a.scalars)
      let error = Self.relativeDifference(tensorHessian.scalars, scalarHessian.flatMap { $0 })
      #expect(error <= Self.tolerance, "\(name): relative difference \(error)")
      checked += 1
    }
    #expect(checked == 5)
  }

  /// A 2-layer classifier: 3 inputs, 4 hidden tanh units, 3 classes, softmax
  /// cross-entropy over 5 samples; its 31 parameters are one flat tensor.
  enum Classifier {
    static var inputs: Tensor<Double> { TensorHessianTests.point([5, 3], in: -1...1, seed: 21)}
    static let labels = [0, 2, 1, 1, 0]
    static let parameterCount = 3 * 4 + 4 + 4 * 3 + 3

    static func loss(_ p: Tensor<Double>) -> Tensor<Double> {
      let w1 = p.slice(0..<12, alongAxis: 0).reshaped(to: [3, 4])
      let b1 = p.slice(12..<16, alongAxis: 0)
      let w2 = p.slice(16..<28, alongAxis: 0).reshaped(to: [4, 3])
      let b2 = p.slice(28..<31, alongAxis: 0)
      let logits = matmul(Tensor.tanh(matmul(inputs, w1) + b1), w2) + b2
      let oneHot = Tensor(shape: [5, 3], scalars: (0..<15).map { labels[$0 / 3] == $0 % 3 ? 1 : 0 })
      return -(logits.logSoftmax(alongAxis: 1) * oneHot).sum() / 5
    }

    static func loss<T: Differentiable>(_ p: [T]) -> T {
      var total = T(0)
      for s in 0..<5 {
        let x = (0..<3).map { T(Int(inputs.scalars[s * 3 + $0] * 1_000_000)) / T(1_000_000) }
        var hidden: [T] = []
        for j in 0..<4 {
          var sum = p[12 + j]
          for i in 0..<3 { sum = sum + x[i] * p[i * 4 + j] }
          hidden.append(T.tanh(sum))
        }
        var logits: [T] = []
        for k in 0..<3 {
          var sum = p[28 + k]
          for j in 0..<4 { sum = sum + hidden[j] * p[16 + j * 3 + k] }
          logits.append(sum)
        }
        let m = logits.max()!
        let logSum = m + T.log(logits.reduce(T(0)) { $0 + T.exp($1 - m) })
        total = total + (logSum - logits[labels[s]])
      }
      return total / T(5)
    }
  }

  @Test("a 2-layer MLP's softmax cross-entropy loss: tensor Hessian = scalar Hessian")
  func classifierLoss() {
    // The inputs are rounded to 6 decimals so the scalar version, which builds them from
    // integers, sees exactly the same numbers.
    let rounded = Tensor(
      shape: [5, 3], scalars: Classifier.inputs.scalars.map { Double(Int($0 * 1_000_000)) / 1_000_000 })
    #expect(rounded.count == 15)
    let p = Self.point([Classifier.parameterCount], in: -0.8...0.8, seed: 23)
    let tensorHessian = hessian(
      of: { p in Self.roundedLoss(p, inputs: rounded) }, at: p)
    let scalarHessian = hessian(
      of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in Classifier.loss(v) }, at: p.scalars)
    #expect(tensorHessian.shape == [31, 31])
    let error = Self.relativeDifference(tensorHessian.scalars, scalarHessian.flatMap { $0 })
    #expect(error <= Self.tolerance, "relative difference \(error)")
  }

  static func roundedLoss(_ p: Tensor<Double>, inputs: Tensor<Double>) -> Tensor<Double> {
    let w1 = p.slice(0..<12, alongAxis: 0).reshaped(to: [3, 4])
    let b1 = p.slice(12..<16, alongAxis: 0)
    let w2 = p.slice(16..<28, alongAxis: 0).reshaped(to: [4, 3])
    let b2 = p.slice(28..<31, alongAxis: 0)
    let logits = matmul(Tensor.tanh(matmul(inputs, w1) + b1), w2) + b2
    let oneHot = Tensor(
      shape: [5, 3], scalars: (0..<15).map { Classifier.labels[$0 / 3] == $0 % 3 ? 1 : 0 })
    return -(logits.logSoftmax(alongAxis: 1) * oneHot).sum() / 5
  }

  /// The same classifier with 8 hidden units: 59 parameters, so the Hessian takes two
  /// forward passes (30 and 29 directions), and in each some slices of the parameter vector
  /// carry no seeded direction at all (W₂ and b₂ in the first, W₁ in the second) — the
  /// tangents that are zero in every lane, which the NaN-safe build carries as none.
  @Test("a wider MLP loss over two passes (slices without a seeded direction): tensor Hessian = scalar Hessian")
  func widerClassifierLoss() {
    let (n, h, c, samples) = (3, 8, 3, 5)
    let count = n * h + h + h * c + c
    #expect(count == 59)
    let inputs = Tensor(
      shape: [samples, n], scalars: Classifier.inputs.scalars.map { Double(Int($0 * 1_000_000)) / 1_000_000 })
    let oneHot = Tensor(
      shape: [samples, c], scalars: (0..<(samples * c)).map { Classifier.labels[$0 / c] == $0 % c ? 1.0 : 0 })
    func tensorLoss(_ p: Tensor<Double>) -> Tensor<Double> {
      let w1 = p.slice(0..<(n * h), alongAxis: 0).reshaped(to: [n, h])
      let b1 = p.slice((n * h)..<(n * h + h), alongAxis: 0)
      let w2 = p.slice((n * h + h)..<(n * h + h + h * c), alongAxis: 0).reshaped(to: [h, c])
      let b2 = p.slice((n * h + h + h * c)..<count, alongAxis: 0)
      let logits = matmul(Tensor.tanh(matmul(inputs, w1) + b1), w2) + b2
      return -(logits.logSoftmax(alongAxis: 1) * oneHot).sum() / 5
    }
    func scalarLoss<T: Differentiable>(_ p: [T]) -> T {
      var total = T(0)
      for s in 0..<samples {
        let x = (0..<n).map { T(Int(inputs.scalars[s * n + $0] * 1_000_000)) / T(1_000_000) }
        let hidden = (0..<h).map { j in
          T.tanh((0..<n).reduce(p[n * h + j]) { $0 + x[$1] * p[$1 * h + j] })
        }
        let logits = (0..<c).map { k in
          (0..<h).reduce(p[n * h + h + h * c + k]) { $0 + hidden[$1] * p[n * h + h + $1 * c + k] }
        }
        let m = logits.max()!
        let logSum = m + T.log(logits.reduce(T(0)) { $0 + T.exp($1 - m) })
        total = total + (logSum - logits[Classifier.labels[s]])
      }
      return total / T(5)
    }
    let p = Self.point([count], in: -0.8...0.8, seed: 29)
    let tensorHessian = hessian(of: tensorLoss, at: p)
    let scalarHessian = hessian(
      of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in scalarLoss(v) }, at: p.scalars)
    #expect(tensorHessian.shape == [count, count] && scalarHessian.count == count)
    let error = Self.relativeDifference(tensorHessian.scalars, scalarHessian.flatMap { $0 })
    #expect(error <= Self.tolerance, "relative difference \(error)")
    // The blocks that couple W₁ with W₂ are not zero: both passes carried them.
    #expect(tensorHessian.scalars[0 * count + (n * h + h)] != 0)
  }

  @Test("a tangent zero in every lane reads as none (NaN-safe build) or as zeros; jvp returns zeros either way")
  func zeroTangents() {
    let x = Tensor<Double>([1, 2, 3])
    let y = Tensor.exp(x.withTangent(Tensor([0, 0, 0]))) * 2
    if nanSafeChainRule {
      #expect(y.tangent == nil)
    } else {
      #expect(y.tangent?.scalars == [0, 0, 0])
    }
    let (value, tangent) = jvp(of: { Tensor.exp($0) * 2 }, at: x, along: Tensor([0, 0, 0]))
    #expect(value.shape == [3] && tangent.shape == [3] && tangent.scalars == [0, 0, 0])
    // A direction that is not zero is carried: d/dt exp(x + t·e₁) = (0, e², 0).
    let z = Tensor.exp(x.withTangent(Tensor([0, 1, 0])))
    let carried = z.tangent?.scalars ?? []
    #expect(carried.count == 3)
    guard carried.count == 3 else { return }
    #expect(carried[0] == 0 && carried[2] == 0)
    // Within 2 ulp of e² (the rule's exp rounding and Double.exp's may differ by one each).
    #expect(abs(carried[1] - Double.exp(2)) <= 2 * Double.exp(2).ulp, "\(carried)")
  }

  @Test("Float tensors: the Hessian agrees with the Double one; a constant function's is zero")
  func floatAndConstant() {
    let a = Tensor<Double>([[1.5, -0.5, 0.2], [0.3, 2.0, -0.1], [0.0, 0.4, 1.0]])
    let x = Tensor<Double>([0.3, -0.7, 1.1])
    func f<S: TensorScalar>(_ x: Tensor<S>, _ a: Tensor<S>) -> Tensor<S> {
      (Tensor.tanh(matmul(a, x)) * x).sum() + Tensor.exp(x).logSumExp()
    }
    let reference = hessian(of: { f($0, a) }, at: x)
    let floatA = Tensor<Float>(shape: a.shape, scalars: a.scalars.map { Float($0) })
    let floatX = Tensor<Float>(shape: x.shape, scalars: x.scalars.map { Float($0) })
    let single = hessian(of: { f($0, floatA) }, at: floatX)
    #expect(single.shape == [3, 3])
    // Float carries ~7 digits through a dozen operations: 1e-5 relative to H's scale.
    #expect(Self.relativeDifference(single.scalars.map { Double($0) }, reference.scalars) <= 1e-5)
    let constant = hessian(of: { _ in Tensor<Double>(2.0) }, at: x)
    #expect(constant.shape == [3, 3])
    #expect(constant.scalars == [Double](repeating: 0, count: 9))
  }

  @Test("hessianVectorProduct = H·v, and jvp of gradient = H·v")
  func hessianVectorProducts() {
    let p = Self.point([Classifier.parameterCount], in: -0.8...0.8, seed: 29)
    let v = Self.point([Classifier.parameterCount], in: -1...1, seed: 31)
    let h = hessian(of: Classifier.loss, at: p)
    let n = p.count
    let hv = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + h.scalars[i * n + $1] * v.scalars[$1] } }
    let products = [
      hessianVectorProduct(of: Classifier.loss, at: p, along: v),
      jvp(of: { gradient(of: Classifier.loss, at: $0) }, at: p, along: v).tangent,
    ]
    #expect(products.count == 2)
    for product in products {
      // The same sums of products as H's columns, regrouped: 1e-12 relative.
      #expect(Self.relativeDifference(product.scalars, hv) <= 1e-12)
    }
  }

  @Test("chunked forward Jacobians equal the one-lane ones and the reverse one")
  func chunkedJacobians() {
    let w = Self.point([6, 10], in: -1...1, seed: 37)
    let f = { (x: Tensor<Double>) in Tensor.tanh(matmul(w, x)).softmax(alongAxis: 0) * x.slice(0..<6, alongAxis: 0) }
    let x = Self.point([10], in: -1...1, seed: 41)
    let one = jacobian(of: f, at: x, mode: ForwardMode<1>())
    let chunked = [
      jacobian(of: f, at: x, mode: ForwardMode<3>()),
      jacobian(of: f, at: x, mode: .forward),
      jacobian(of: f, at: x, mode: ForwardMode<16>()),
      jacobian(of: f, at: x),
    ]
    #expect(one.shape == [6, 10])
    #expect(chunked.count == 4)
    for j in chunked {
      // Each lane runs the same operations as a one-lane pass; only BLAS may order a dot
      // product's terms differently for another buffer, which moves the last bit: 1e-14
      // relative. A lane mixed up with another would be off by O(1).
      #expect(j.shape == one.shape)
      #expect(Self.relativeDifference(j.scalars, one.scalars) <= 1e-14)
    }
    let reverse = jacobian(of: f, at: x, mode: .reverse)
    #expect(Self.relativeDifference(reverse.scalars, one.scalars) <= 1e-14)
  }

  @Test("reverse Jacobians, stacked 32 rows a sweep, equal one-row sweeps; inside jvp they carry its tangent")
  func reverseJacobians() {
    let w = Self.point([40, 6], in: -1...1, seed: 59)
    let g = { (x: Tensor<Double>) in Tensor.tanh(matmul(w, x)) * Tensor.sin(x.sum()) }
    let x = Self.point([6], in: -1...1, seed: 61)
    let stacked = jacobian(of: g, at: x, mode: .reverse)
    let forward = jacobian(of: g, at: x, mode: ForwardMode<1>())
    #expect(stacked.shape == [40, 6])
    // The same products, a GEMM instead of GEMVs: 1e-14 relative.
    #expect(Self.relativeDifference(stacked.scalars, forward.scalars) <= 1e-14)
    // d/dε J(x + εv) by forward over reverse, against central differences of J: their
    // error is ~ε^(2/3)·|J‴| ≈ 1e-10 here, so 1e-8.
    let v = Self.point([6], in: -1...1, seed: 67)
    let moved = jvp(of: { jacobian(of: g, at: $0, mode: .reverse) }, at: x, along: v).tangent
    let h = 1e-5
    let plus = jacobian(of: g, at: x + v * Tensor(h), mode: .reverse)
    let minus = jacobian(of: g, at: x - v * Tensor(h), mode: .reverse)
    let estimate = zip(plus.scalars, minus.scalars).map { ($0 - $1) / (2 * h) }
    #expect(moved.shape == [40, 6])
    #expect(Self.relativeDifference(moved.scalars, estimate) <= 1e-8)
    #expect(moved.scalars.contains { $0.magnitude > 0.01 })  // not trivially zero
  }

  @Test("gradients with respect to several arguments equal the one-argument gradients in turn")
  func severalArguments() {
    let x = Self.point([4, 3], in: -1...1, seed: 43)
    let w = Self.point([3, 2], in: -1...1, seed: 47)
    let b = Self.point([2], in: -1...1, seed: 53)
    let scale = Tensor<Double>(0.7)
    func loss(_ w: Tensor<Double>, _ b: Tensor<Double>, _ s: Tensor<Double>) -> Tensor<Double> {
      (Tensor.tanh(matmul(x, w) + b) * s).logSumExp()
    }
    let (dw, db, ds) = gradient(of: loss, at: w, b, scale)
    let expected = [
      gradient(of: { loss($0, b, scale) }, at: w),
      gradient(of: { loss(w, $0, scale) }, at: b),
      gradient(of: { loss(w, b, $0) }, at: scale),
    ]
    let got = [dw, db, ds]
    #expect(got.count == expected.count)
    for (g, e) in zip(got, expected) {
      #expect(g.shape == e.shape)
      #expect(Self.relativeDifference(g.scalars, e.scalars) <= 1e-15)
    }
    // The JVP along all three directions is the sum of the three one-argument JVPs.
    let (_, tangent) = jvp(of: loss, at: w, b, scale, along: w, b, scale)
    let sum = zip([w, b, scale], expected).reduce(0.0) { $0 + ($1.0 * $1.1).sum().scalar }
    #expect((tangent.scalar - sum).magnitude <= 1e-13 * Swift.max(1, sum.magnitude))
  }
}

/// Linear algebra element by element over any differentiable scalar, without pivoting
/// (the test matrices are diagonally dominant): the references for the tensor operations.
enum ScalarLinearAlgebra {
  static func determinant<T: Differentiable>(_ a: [T], _ n: Int) -> T {
    var m = a
    var det = T(1)
    for k in 0..<n {
      det = det * m[k * n + k]
      for i in (k + 1)..<n {
        let factor = m[i * n + k] / m[k * n + k]
        for j in k..<n { m[i * n + j] = m[i * n + j] - factor * m[k * n + j] }
      }
    }
    return det
  }

  static func solve<T: Differentiable>(_ a: [T], _ b: [T], _ n: Int) -> [T] {
    var m = a
    var x = b
    for k in 0..<n {
      for i in (k + 1)..<n {
        let factor = m[i * n + k] / m[k * n + k]
        for j in k..<n { m[i * n + j] = m[i * n + j] - factor * m[k * n + j] }
        x[i] = x[i] - factor * x[k]
      }
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var sum = x[i]
      for j in (i + 1)..<n { sum = sum - m[i * n + j] * x[j] }
      x[i] = sum / m[i * n + i]
    }
    return x
  }

  /// A⁻¹ row-major, by solving for each column of the identity.
  static func inverse<T: Differentiable>(_ a: [T], _ n: Int) -> [T] {
    let columns = (0..<n).map { j in solve(a, (0..<n).map { $0 == j ? T(1) : T(0) }, n) }
    return (0..<(n * n)).map { columns[$0 % n][$0 / n] }
  }

  /// The Cholesky factor of (A + Aᵀ)/2, lower-triangular, row-major.
  static func cholesky<T: Differentiable>(_ a: [T], _ n: Int) -> [T] {
    var l = [T](repeating: T(0), count: n * n)
    func s(_ i: Int, _ j: Int) -> T { (a[i * n + j] + a[j * n + i]) / T(2) }
    for j in 0..<n {
      var diagonal = s(j, j)
      for k in 0..<j { diagonal = diagonal - l[j * n + k] * l[j * n + k] }
      l[j * n + j] = T.sqrt(diagonal)
      for i in (j + 1)..<n {
        var sum = s(i, j)
        for k in 0..<j { sum = sum - l[i * n + k] * l[j * n + k] }
        l[i * n + j] = sum / l[j * n + j]
      }
    }
    return l
  }
}
