import AutoDiff
import RealModule
import Testing

@Suite("Indexing and masks: index-select, comparisons, where, masked selection, argmax, clamp, norm")
struct TensorIndexingTests {
  typealias S = TensorAPIChecks.S

  // The inputs of Benchmarks/peers/tensor_api_reference.py.
  static var x: Tensor<Double> { Tensor<Double>([[0.4, -1.3, 2.2], [-0.6, 0.0, 1.1]]) }
  static var y: Tensor<Double> { Tensor<Double>([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) }
  static var w: Tensor<Double> { Tensor<Double>([[0.7, -1.1, 0.5], [1.3, -0.4, 0.9]]) }
  /// x without its 0: central differences across the kink of a selection at 0 would
  /// average two one-sided derivatives.
  static var smooth: Tensor<Double> { Tensor<Double>([[0.4, -1.3, 2.2], [-0.6, 0.25, 1.1]]) }

  @Test("Values and gradients equal PyTorch float64 (Benchmarks/peers/tensor_api_reference.py)")
  func pytorchReference() {
    // Printed by Benchmarks/peers/tensor_api_reference.py (torch 2.15, float64).
    var checked = 0
    func expect(_ ours: Tensor<Double>, _ reference: [Double], _ name: String) {
      TensorAPIChecks.expectReference(ours, reference, name)
      checked += 1
    }
    let (x, y, w) = (Self.x, Self.y, Self.w)
    expect(x.gathering(indices: [2, 0, 2], alongAxis: 1), [2.2, 0.4, 2.2, 1.1, -0.6, 1.1], "gathering.axis1.value")
    expect(gradient(of: { ($0.gathering(indices: [2, 0, 2], alongAxis: 1) * w).sum() }, at: x),
           [-1.1, 0.0, 1.2, -0.4, 0.0, 2.2], "gathering.axis1.gradient")
    expect(Tensor.where(x .> 0, x, y), [0.4, 2.0, 2.2, 4.0, 5.0, 1.1], "where.value")
    let (ga, gb) = gradient(of: { a, b in (Tensor.where(a .> 0, a, b) * w).sum() }, at: x, y)
    expect(ga, [0.7, 0.0, 0.5, 0.0, 0.0, 0.9], "where.gradientA")
    expect(gb, [0.0, -1.1, 0.0, 1.3, -0.4, 0.0], "where.gradientB")
    expect(x.selecting(where: x .> 0), [0.4, 2.2, 1.1], "selecting.value")
    expect(gradient(of: { ($0.selecting(where: x .> 0) * Tensor([1.0, 2.0, 3.0])).sum() }, at: x),
           [1.0, 0.0, 2.0, 0.0, 0.0, 3.0], "selecting.gradient")
    let c = Tensor<Double>([-2.0, -0.5, 0.0, 0.5, 1.0, 2.0])
    let w6 = Tensor<Double>([0.7, -1.1, 0.5, 1.3, -0.4, 0.9])
    expect(c.clamped(to: -0.5...1.0), [-0.5, -0.5, 0.0, 0.5, 1.0, 1.0], "clamped.value")
    expect(gradient(of: { ($0.clamped(to: -0.5...1.0) * w6).sum() }, at: c), [0.0, 0.0, 0.5, 1.3, 0.0, 0.0], "clamped.gradient")
    let n = Tensor<Double>([3.0, -4.0, 12.0])
    expect(n.norm(), [13.0], "norm.value")
    expect(gradient(of: { $0.norm() }, at: n), [0.23076923076923078, -0.3076923076923077, 0.9230769230769231], "norm.gradient")
    expect(gradient(of: { $0.norm() }, at: Tensor.zeros([3])), [0.0, 0.0, 0.0], "norm.zero.gradient")
    expect(x.norm(alongAxes: [1]), [2.5865034312755126, 1.252996408614167], "norm.axis1.value")
    expect(gradient(of: { ($0.norm(alongAxes: [1]) * Tensor([0.7, -1.1])).sum() }, at: x),
           [0.10825425422378827, -0.3518263262273118, 0.5953983982308355, 0.5267373437486306, -0.0, -0.9656851302058229], "norm.axis1.gradient")
    // PyTorch overflows here ([inf]); the scaled sum gives the true 5e200.
    expect(Tensor([3e200, 4e200]).norm(), [5e200], "norm.large.value")
    #expect(x.argmax(alongAxis: 1) == [2, 2])  // PyTorch argmax.axis1
    #expect(x.argmin(alongAxis: 0) == [1, 0, 1])  // PyTorch argmin.axis0
    #expect(checked == 15)
  }

  @Test("Forward and reverse Jacobians of every differentiable indexing operation equal central differences")
  func jacobians() {
    let (x, y) = (Self.smooth, Self.y)
    let cases: [(String, Tensor<Double>, (Tensor<Double>) -> Tensor<Double>)] = [
      ("gathering axis 1, repeated", x, { $0.gathering(indices: [2, 0, 2], alongAxis: 1) }),
      ("gathering axis 0, Hessian-bearing", x, { Tensor.sin($0).gathering(indices: [1, 1, 0], alongAxis: 0) * $0.gathering(indices: [0, 1, 1], alongAxis: 0) }),
      ("gathering axis -1, empty", x, { $0.gathering(indices: [], alongAxis: -1) }),
      ("where, first operand", x, { Tensor.where(x .> 0, Tensor.exp($0), $0 * $0) }),
      ("where, broadcast operands", y, { Tensor.where(Tensor([1.0, 0.0, 1.0]), $0, $0.sum(alongAxes: [1], keepingDimensions: true)) }),
      ("selecting", x, { $0.selecting(where: x .< 0) * 3 }),
      ("clamped", x, { $0.clamped(to: -1.0...1.0) * $0 }),
      ("clamped, min only", x, { $0.clamped(min: 0.3) }),
      ("clamped, max only", x, { $0.clamped(max: 0.3) }),
      ("norm", x, { $0.norm() }),
      ("norm axis 0", x, { $0.norm(alongAxes: [0], keepingDimensions: true) }),
      ("norm axis 1", x, { $0.norm(alongAxes: [1]) }),
    ]
    var checked = 0
    for (name, point, f) in cases {
      checked += TensorAPIChecks.checkJacobians(name, at: point, f)
    }
    #expect(checked == 12 * 3)
  }

  @Test("Tensor Hessians through index-select, where, masked selection, clamp and norm equal the scalar path's")
  func hessians() {
    let x = Self.smooth
    let positive = x.scalars.map { $0 > 0 }
    let weights = [0.7, -1.1, 0.5, 1.3, -0.4, 0.9]
    let wt = Tensor<Double>(shape: [2, 3], scalars: weights)
    func c(_ v: Double) -> S { TensorAPIChecks.constant(v) }
    var checked = 0
    // Gathered columns [2, 0, 2] of each row, times their sines.
    let columns = [2, 0, 2]
    checked += TensorAPIChecks.checkHessian(
      "gathering", at: x,
      tensor: { x in
        let g = x.gathering(indices: columns, alongAxis: 1)
        return (g * Tensor.sin(g) * wt).sum()
      },
      scalar: { (v: [S]) -> S in
        var total = S(0)
        for k in 0..<6 {
          let e = v[(k / 3) * 3 + columns[k % 3]]
          total = total + e * S.sin(e) * c(weights[k])
        }
        return total
      })
    checked += TensorAPIChecks.checkHessian(
      "where", at: x,
      tensor: { x in (Tensor.where(x .> 0, Tensor.exp(x) * x, x * x * x) * wt).sum() },
      scalar: { (v: [S]) -> S in
        var total = S(0)
        for i in 0..<6 {
          let branch: S = positive[i] ? S.exp(v[i]) * v[i] : v[i] * v[i] * v[i]
          total = total + branch * c(weights[i])
        }
        return total
      })
    checked += TensorAPIChecks.checkHessian(
      "selecting", at: x,
      tensor: { x in
        let m = x.selecting(where: x .> 0)
        return (m * m * Tensor([1.0, 2.0, 3.0, 4.0])).sum()
      },
      scalar: { v in
        var total = S(0)
        var k = 0
        for i in 0..<6 where positive[i] {
          k += 1
          total = total + v[i] * v[i] * S(k)
        }
        return total
      })
    let inside = x.scalars.map { $0 > -1 && $0 < 1 }
    checked += TensorAPIChecks.checkHessian(
      "clamped", at: x,
      tensor: { x in (x.clamped(to: -1.0...1.0) * Tensor.exp(x) * wt).sum() },
      scalar: { (v: [S]) -> S in
        var total = S(0)
        for i in 0..<6 {
          let clamped: S = inside[i] ? v[i] : (x.scalars[i] > 0 ? S(1) : S(-1))
          total = total + clamped * S.exp(v[i]) * c(weights[i])
        }
        return total
      })
    checked += TensorAPIChecks.checkHessian(
      "norm", at: x, tensor: { $0.norm() },
      scalar: { (v: [S]) -> S in
        var total = S(0)
        for e in v { total = total + e * e }
        return S.sqrt(total)
      })
    checked += TensorAPIChecks.checkHessian(
      "norm axis 1", at: x, tensor: { ($0.norm(alongAxes: [1]) * Tensor([0.7, -1.1])).sum() },
      scalar: { (v: [S]) -> S in
        let first: S = v[0] * v[0] + v[1] * v[1] + v[2] * v[2]
        let second: S = v[3] * v[3] + v[4] * v[4] + v[5] * v[5]
        return S.sqrt(first) * c(0.7) - S.sqrt(second) * c(1.1)
      })
    #expect(checked == 6)
  }

  @Test("norm at 0: value, gradient and Hessian 0 in every mode, no NaN")
  func normAtZero() {
    let zero = Tensor<Double>.zeros([3])
    let h = hessian(of: { $0.norm() }, at: zero)
    #expect(h.shape == [3, 3])
    #expect(h.scalars == [Double](repeating: 0, count: 9))
    #expect(jacobian(of: { $0.norm() }, at: zero, mode: .forward).scalars == [0, 0, 0])
    #expect(jacobian(of: { $0.norm() }, at: zero, mode: .reverse).scalars == [0, 0, 0])
    // One zero row among non-zero rows: that row's gradient 0, the other x/‖x‖.
    let rows = Tensor<Double>([[0, 0], [3, 4]])
    let g = gradient(of: { $0.norm(alongAxes: [1]).sum() }, at: rows).scalars
    #expect(g.count == 4)
    #expect(g[0] == 0 && g[1] == 0)  // the zero row: exactly 0 by the convention
    // x/‖x‖ through the scaled sum: 3/5 and 4/5 to within 2 ulps.
    #expect(TensorAPIChecks.relativeDifference(Array(g[2...]), [0.6, 0.8]) <= 4e-16)
  }

  @Test("A reverse Jacobian of one output through x·x (one stacked lane) keeps the lane axis")
  func squaredOneStackedLane() {
    // Regression: x·x's pullback told one stacked cotangent [1, n] from a plain one [n] by
    // its element count, and returned the plain shape, stopping the sweep.
    let x = Tensor<Double>([1, -2, 3])
    let j = jacobian(of: { ($0 * $0).sum() }, at: x, mode: .reverse)
    #expect(j.shape == [3])
    #expect(j.scalars == [2, -4, 6])  // 2x, exact
  }

  @Test("Comparisons give 0/1 masks, broadcast, compare NaN false, and carry no derivative")
  func comparisons() {
    let a = Tensor<Double>([1, 2, .nan, 4])
    let b = Tensor<Double>(2)
    let cases: [(String, Tensor<Double>, [Double])] = [
      (".<", a .< b, [1, 0, 0, 0]),
      (".<=", a .<= b, [1, 1, 0, 0]),
      (".>", a .> b, [0, 0, 0, 1]),
      (".>=", a .>= b, [0, 1, 0, 1]),
      (".==", a .== b, [0, 1, 0, 0]),
      (".!=", a .!= b, [1, 0, 1, 1]),
    ]
    for (name, mask, expected) in cases {
      #expect(mask.scalars.count == expected.count, "\(name)")
      #expect(mask.scalars == expected, "\(name)")
      #expect(mask.gradientFunction == nil, "\(name)")
    }
    #expect(cases.count == 6)
    // Accuracy as PyTorch users write it: (argmax == labels).mean().
    let predictions = Tensor(Self.x.argmax(alongAxis: 1).map(Double.init))
    #expect((predictions .== Tensor([2.0, 0.0])).mean().scalar == 0.5)
  }

  @Test("argmax and argmin: first of ties wins, NaN is the extreme, whole-tensor positions")
  func argExtremes() {
    let t = Tensor<Double>([[1, 3, 3], [2, .nan, 5], [0, 0, -1]])
    #expect(t.argmax(alongAxis: 1) == [1, 1, 0])
    #expect(t.argmin(alongAxis: 1) == [0, 1, 2])
    #expect(t.argmax(alongAxis: 0) == [1, 1, 1])
    #expect(Self.x.argmax() == 2)
    #expect(Self.x.argmin() == 1)
  }

  // MARK: - Misuse

  @Test("An index out of range stops gathering, naming its position")
  func gatherOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([2, 3]).gathering(indices: [0, 3], alongAxis: 1)
    }
    #expect(standardError(of: result).contains(
      "gathering(indices:alongAxis:): indices[1] = 3 is out of range for axis 1 of size 3 (shape [2, 3])"))
  }

  @Test("where with shapes that do not broadcast stops with the shapes")
  func whereShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.where(Tensor<Double>.ones([2]), Tensor<Double>.zeros([3]), Tensor<Double>(1))
    }
    #expect(standardError(of: result).contains("Tensor.where: shapes [2] and [3] cannot be broadcast together"))
  }

  @Test("A mask larger than the tensor stops selecting(where:)")
  func maskShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([3]).selecting(where: Tensor<Double>.ones([2, 3]))
    }
    #expect(standardError(of: result).contains(
      "selecting(where:): the mask of shape [2, 3] does not broadcast to the tensor's shape [3]"))
  }

  @Test("clamped(min:max:) with min > max stops")
  func clampBounds() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([3]).clamped(min: 2, max: 1)
    }
    #expect(standardError(of: result).contains("clamped(min:max:): min 2.0 is greater than max 1.0"))
  }
}
