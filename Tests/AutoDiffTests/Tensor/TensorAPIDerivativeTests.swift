import AutoDiff
import RealModule
import Testing

/// One new tensor operation (issue 19, item 3) written as a function of one tensor, the
/// reference values PyTorch float64 gives for it, and its point.
struct TensorAPICase: CustomTestStringConvertible, Sendable {
  let name: String
  let shape: [Int]
  let function: @Sendable (Tensor<Double>) -> Tensor<Double>
  /// From `Benchmarks/peers/tensor_api_shapes_reference.py` (PyTorch float64): f(x) and
  /// the gradient of Σ wᵢ·f(x)ᵢ. Nil when the case has no PyTorch counterpart.
  let torchValue: [Double]?
  let torchGradient: [Double]?
  var testDescription: String { name }

  /// The script's point: xᵢ = sin(0.7·i + 0.3 + offset).
  static func point(_ shape: [Int], offset: Double = 0) -> Tensor<Double> {
    Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Double.sin(0.7 * Double($0) + 0.3 + offset) })
  }

  /// The script's weights: wᵢ = 0.3 + 0.5·sin(3i + 1).
  static func weights(_ count: Int) -> [Double] {
    (0..<count).map { 0.3 + 0.5 * Double.sin(Double(3 * $0 + 1)) }
  }

  var point: Tensor<Double> {
    // Two-operand cases take their second operand from the tail of x, with the script's
    // offset of 1 for it.
    name.hasPrefix("batchedMatmul")
      ? Tensor(shape: [24], scalars: Self.point([12]).scalars + Self.point([12], offset: 1).scalars)
      : Self.point(shape)
  }
}

enum TensorAPICases {
  static let learningRate = 0.25
  static let constant = 1.5

  /// The two operands of the batched product, taken from one vector of 24 elements.
  @Sendable static func batched(_ x: Tensor<Double>) -> Tensor<Double> {
    batchedMatmul(x.slice(0..<12).reshaped(to: [2, 2, 3]), x.slice(12..<24).reshaped(to: [2, 3, 2]))
  }

  static let all: [TensorAPICase] = [
    TensorAPICase(
      name: "scalar-variable arithmetic", shape: [2, 3],
      function: { x in
        let (lr, c) = (learningRate, constant)
        return (x * lr + c) / c - c / (x + 2) + (c - x) * lr
      },
      torchValue: [0.696926661341464, 0.7769818286340886, 0.7909681970403297, 0.7580608156197757, 0.6368101173137011, 0.3454071491840489],
      torchGradient: [0.1451044901773918, -0.008032142655078723, 0.05295894431850834, 0.0035328105171356173, 0.1410620912917005, 0.10846975529747123]),
    TensorAPICase(
      name: "scalar-variable c·x, c − x, x − c, c + x", shape: [2, 3],
      function: { x in
        let (lr, c) = (learningRate, constant)
        return lr * x * x + (c + x) - (x - c) * c
      },
      torchValue: nil, torchGradient: nil),
    TensorAPICase(
      name: "expanded(to:) [3, 1] → [2, 3, 4]", shape: [3, 1],
      function: { $0.expanded(to: [2, 3, 4]) },
      torchValue: [0.29552020666133955, 0.29552020666133955, 0.29552020666133955, 0.29552020666133955, 0.8414709848078965, 0.8414709848078965, 0.8414709848078965, 0.8414709848078965, 0.9916648104524686, 0.9916648104524686, 0.9916648104524686, 0.9916648104524686, 0.29552020666133955, 0.29552020666133955, 0.29552020666133955, 0.29552020666133955, 0.8414709848078965, 0.8414709848078965, 0.8414709848078965, 0.8414709848078965, 0.9916648104524686, 0.9916648104524686, 0.9916648104524686, 0.9916648104524686],
      torchGradient: [2.584611304735974, 2.5496410172705275, 2.4679390248890094]),
    TensorAPICase(
      name: "diagonal() of [3, 4]", shape: [3, 4],
      function: { $0.diagonal() },
      torchValue: [0.29552020666133955, -0.6118578909427189, 0.8504366206285644],
      torchGradient: [0.7207354924039482, 0.0, 0.0, 0.0, 0.0, -0.07840124765396411, 0.0, 0.0, 0.0, 0.0, 0.6284932993593946, 0.0]),
    TensorAPICase(
      name: "slice(from: 1, step: 2, alongAxis: 1) of [3, 5]", shape: [3, 5],
      function: { $0.slice(from: 1, step: 2, alongAxis: 1) },
      torchValue: [0.8414709848078965, 0.6754631805511513, -0.9775301176650969, -0.37387666483023685, 0.9893582466233819, 0.024775425453357765],
      torchGradient: [0.0, 0.7207354924039482, 0.0, -0.07840124765396411, 0.0, 0.0, 0.6284932993593946, 0.0, 0.0279894445553151, 0.0, 0.0, 0.5100835184133204, 0.0, 0.15604834166746734, 0.0]),
    TensorAPICase(
      name: "slice(from: -2) of [4, 2]", shape: [4, 2],
      function: { $0.slice(from: -2) },
      torchValue: [0.041580662433290935, -0.6118578909427189, -0.9775301176650969, -0.8834546557201536],
      torchGradient: [0.0, 0.0, 0.0, 0.0, 0.7207354924039482, -0.07840124765396411, 0.6284932993593946, 0.0279894445553151]),
    TensorAPICase(
      name: "slice(step: -2, alongAxis: -1) of [2, 5]", shape: [2, 5],
      function: { $0.slice(step: -2, alongAxis: -1) },
      torchValue: [0.041580662433290935, 0.9916648104524686, 0.29552020666133955, 0.31154136351337786, -0.8834546557201536, -0.6118578909427189],
      torchGradient: [0.6284932993593946, 0.0, -0.07840124765396411, 0.0, 0.7207354924039482, 0.15604834166746734, 0.0, 0.5100835184133204, 0.0, 0.0279894445553151]),
    TensorAPICase(
      name: "squeezed(alongAxes: [1]) then unsqueezed(at: 0), squared, of [2, 1, 3]", shape: [2, 1, 3],
      function: { x in
        let y = x.squeezed(alongAxes: [1]).unsqueezed(at: 0)
        return y * y
      },
      torchValue: [0.08733219254516084, 0.7080734182735712, 0.9833990962897304, 0.4562505082802772, 0.001728951488391292, 0.3743700787088721],
      torchGradient: [0.4259838033267542, -0.13194475014709794, 1.2465093771597613, 0.037811678482386486, 0.04241922118385924, -0.19095881843553075]),
    TensorAPICase(
      name: "batchedMatmul [2, 2, 3] × [2, 3, 2]", shape: [24],
      function: batched,
      torchValue: [-0.16707793344912614, -0.9341760472899142, 1.1692881224813472, 1.2130825402835201, -0.15863938173870878, -0.9279722316835072, 1.1646925070197383, 1.2050013710349585],
      torchGradient: [0.6231805304748428, 0.3280625896496422, -0.5116608083644348, 0.631040592990031, 0.26145293750119847, -0.542163775410123, -0.3728504551692361, 0.44609484989713716, 0.524493389368292, -0.2890934011654113, 0.5029716216554967, 0.4600707001507823]
        + [0.6375159846037606, -0.004263313668013094, 0.6326111723014027, -0.0648085554277991, 0.33017944084345785, -0.09487332090827863, -0.3818131175905981, -0.06045831922023477, -0.1317741391122953, 0.11350561344450141, 0.18024027601824136, 0.23408608253215496]),
    TensorAPICase(
      name: "matmul on rank 3, times itself transposed", shape: [2, 2, 3],
      function: { x in matmul(x, x.permuted([0, 2, 1])) },
      torchValue: nil, torchGradient: nil),
    TensorAPICase(
      name: "diagonal() of [4, 2], strided slice with repeats of the sum", shape: [4, 2],
      function: { x in (x.diagonal() * x.slice(from: -1, to: 0, step: -2, alongAxis: 0).sum(alongAxes: [1])) },
      torchValue: nil, torchGradient: nil),
  ]
}

@Suite("New tensor operations (issue 19, item 3): both modes against central differences and PyTorch")
struct TensorAPIDerivativeTests {
  /// m×n rows of a Jacobian tensor of shape out + in; none when the count is not a
  /// multiple of n (a wrong shape, so `close` fails).
  static func rows(_ j: Tensor<Double>, inputs n: Int) -> [[Double]] {
    guard n > 0, j.count % n == 0 else { return [] }
    return stride(from: 0, to: j.count, by: n).map { Array(j.scalars[$0..<($0 + n)]) }
  }

  /// Lengths first, then every entry within `tolerance` times the largest entry (at least 1).
  static func close(_ a: [[Double]], _ b: [[Double]], tolerance: Double) -> Bool {
    guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }), !a.isEmpty else { return false }
    let scale = max(1, (a + b).flatMap { $0 }.map(\.magnitude).max() ?? 0)
    return zip(a, b).allSatisfy { zip($0, $1).allSatisfy { ($0 - $1).magnitude <= tolerance * scale } }
  }

  @Test("the catalogue has every new operation") func catalogueCount() {
    #expect(TensorAPICases.all.count == 11)
    #expect(TensorAPICases.all.filter { $0.torchValue != nil }.count == 8)
  }

  // Tolerances relative to the largest entry: the modes compute the same partials through
  // differently ordered sums of at most a few terms (ε ≈ 1e-16 each), so 1e-12 between
  // modes; central differences err by about ε^(2/3) ≈ 4e-11 times the third derivatives'
  // scale (O(1) here), so 1e-6 against them.
  @Test("forward (1 and 4 lanes) and reverse Jacobians match central differences", arguments: TensorAPICases.all)
  func centralDifferences(_ c: TensorAPICase) {
    let x = c.point
    let n = x.count
    let reverse = Self.rows(jacobian(of: c.function, at: x, mode: .reverse), inputs: n)
    let forward = Self.rows(jacobian(of: c.function, at: x, mode: ForwardMode<1>()), inputs: n)
    let chunked = Self.rows(jacobian(of: c.function, at: x, mode: ForwardMode<4>()), inputs: n)
    let estimate = centralDifferenceJacobian(of: { c.function(Tensor(shape: x.shape, scalars: $0)).scalars }, at: x.scalars)
    #expect(estimate.count == c.function(x).count, "\(c.name)")
    #expect(Self.close(reverse, estimate, tolerance: 1e-6), "\(c.name): reverse vs central differences")
    #expect(Self.close(forward, estimate, tolerance: 1e-6), "\(c.name): forward vs central differences")
    #expect(Self.close(forward, reverse, tolerance: 1e-12), "\(c.name): forward vs reverse")
    #expect(Self.close(chunked, reverse, tolerance: 1e-12), "\(c.name): 4 lanes vs reverse")
  }

  // PyTorch computes the same values and gradients with its own kernels: the same few
  // roundings in another order, so they agree to a few ulps of O(1) numbers; 1e-13
  // absolute bounds that with room.
  @Test("value and gradient of Σ w·f(x) match PyTorch float64", arguments: TensorAPICases.all.filter { $0.torchValue != nil })
  func pytorch(_ c: TensorAPICase) throws {
    let x = c.point
    let value = c.function(x)
    let expectedValue = try #require(c.torchValue)
    let expectedGradient = try #require(c.torchGradient)
    let w = Tensor(shape: value.shape, scalars: TensorAPICase.weights(value.count))
    let g = gradient(of: { (c.function($0) * w).sum() }, at: x)
    #expect(value.count == expectedValue.count, "\(c.name)")
    #expect(g.count == expectedGradient.count, "\(c.name)")
    #expect(zip(value.scalars, expectedValue).allSatisfy { abs($0 - $1) <= 1e-13 }, "\(c.name): value")
    #expect(zip(g.scalars, expectedGradient).allSatisfy { abs($0 - $1) <= 1e-13 }, "\(c.name): gradient \(g)")
  }

  @Test("shapes: squeeze, unsqueeze, expand, diagonal, slices")
  func shapes() {
    let x = Tensor<Double>.zeros([2, 1, 3, 1])
    #expect(x.squeezed().shape == [2, 3])
    #expect(x.squeezed(alongAxes: [-1]).shape == [2, 1, 3])
    #expect(x.unsqueezed(at: -1).shape == [2, 1, 3, 1, 1])
    #expect(x.unsqueezed(at: 0).shape == [1, 2, 1, 3, 1])
    #expect(Tensor<Double>([1, 2]).expanded(to: [3, 2]).scalars == [1, 2, 1, 2, 1, 2])
    #expect(Tensor<Double>([[1, 2, 3], [4, 5, 6]]).diagonal().scalars == [1, 5])
    let v = Tensor<Double>([0, 1, 2, 3, 4, 5])
    #expect(v.slice(from: 1, step: 2).scalars == [1, 3, 5])
    #expect(v.slice(from: -2).scalars == [4, 5])
    #expect(v.slice(to: -4).scalars == [0, 1])
    #expect(v.slice(step: -1).scalars == [5, 4, 3, 2, 1, 0])
    #expect(v.slice(from: -2, to: 1, step: -3).scalars == [4])
    #expect(v.slice(from: 4, to: 2).scalars.isEmpty)
    #expect(v.slice(from: 4, to: 2).shape == [0])
  }
}
