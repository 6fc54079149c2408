import AutoDiff
import RealModule
import Testing

@Suite("Hostile input: NaN, infinities, empty tensors, impossible shapes")
struct HostileInputTests {
  static func sameBits(_ a: [[Double]], _ b: [[Double]]) -> Bool {
    a.count == b.count
      && zip(a, b).allSatisfy {
        $0.count == $1.count && zip($0, $1).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
      }
  }

  struct EveryUnary: DifferentiableFunction {
    func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { UnaryPrimitive.allCases.map { x[0].applying($0) } }
  }

  struct EveryBinary: DifferentiableFunction {
    func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { BinaryPrimitive.allCases.map { x[0].applying($0, x[1]) } }
  }

  /// Same value or both NaN, +0 equal to −0: without the NaN-safe rule the sign of a zero
  /// product is not part of the contract.
  static func sameValues(_ a: [[Double]], _ b: [[Double]]) -> Bool {
    a.count == b.count
      && zip(a, b).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } }
  }

  @Test("Every primitive at NaN and ±∞: forward and reverse give the same bits (NaNSafe); plain IEEE products without it",
    arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteInputs(_ special: Double) {
    let unaryForward = jacobian(of: EveryUnary(), at: [special], mode: .forward)
    let unaryReverse = jacobian(of: EveryUnary(), at: [special], mode: .reverse)
    #if NaNSafe
    #expect(Self.sameBits(unaryForward, unaryReverse), "unary at \(special)")
    #else
    // Reverse mode's row i is Σⱼ ∂ⱼ·δᵢⱼ over every output j, and with plain products the
    // zero cotangents meet the other outputs' non-finite partials: at least two are not
    // finite here, so every row is NaN. Forward mode's single column is ∂ᵢ·1 = ∂ᵢ.
    #expect(unaryForward.count == UnaryPrimitive.allCases.count)
    #expect(unaryForward.filter { !$0[0].isFinite }.count >= 2, "unary at \(special): \(unaryForward)")
    #expect(unaryReverse.count == unaryForward.count && unaryReverse.allSatisfy { $0.count == 1 && $0[0].isNaN })
    #endif
    // One primitive at a time (one output), the reverse sweep forms ∂·1 only, as forward
    // mode does: the two agree in both configurations.
    for primitive in UnaryPrimitive.allCases {
      let forward = jacobian(of: { [$0[0].applying(primitive)] }, at: [special], mode: ForwardMode<1>())
      let reverse = jacobian(of: { [$0[0].applying(primitive)] }, at: [special], mode: .reverse)
      #expect(Self.sameBits(forward, reverse) || (!nanSafeChainRule && Self.sameValues(forward, reverse)), "\(primitive) at \(special)")
    }
    for other in [0.0, 1.5, special] {
      for point in [[special, other], [other, special]] {
        let forward = jacobian(of: EveryBinary(), at: point, mode: .forward)
        let reverse = jacobian(of: EveryBinary(), at: point, mode: .reverse)
        #if NaNSafe
        #expect(Self.sameBits(forward, reverse), "binary at \(point)")
        #else
        // One primitive at a time: reverse mode gives [∂x·1, ∂y·1]; forward mode's columns
        // are ∂x·1 + ∂y·0 and ∂x·0 + ∂y·1, NaN where the other partial is not finite.
        #expect(forward.count == BinaryPrimitive.allCases.count && reverse.count == forward.count)
        for primitive in BinaryPrimitive.allCases {
          let single = { (x: [Tracked<Double>]) in [x[0].applying(primitive, x[1])] }
          let partials = jacobian(of: single, at: point, mode: .reverse)[0]
          let (dx, dy) = (partials[0], partials[1])
          let expected = [[dx * 1 + dy * 0, dx * 0 + dy * 1]]
          let columns = jacobian(of: { [$0[0].applying(primitive, $0[1])] }, at: point, mode: ForwardMode<1>())
          #expect(Self.sameValues(columns, expected), "\(primitive) at \(point): forward \(columns), reverse \(partials)")
        }
        #endif
      }
    }
  }

  @Test("A NaN input gives NaN derivatives, never a silent number")
  func nanPropagates() {
    func f<T: Differentiable>(_ x: [T]) -> T { .exp(x[0]) * x[1] }
    let g = gradient(of: f, at: [.nan, 2])
    #expect(g[0].isNaN && g[1].isNaN)
    #expect(derivative(of: { Dual.sin($0) }, at: Double.nan).isNaN)
  }

  @Test("Empty tensors and zero-size dimensions work where they make sense")
  func emptyTensors() {
    let empty = Tensor<Double>.zeros([0, 3])
    #expect(empty.sum(alongAxes: [0]) == Tensor.zeros([3]))
    #expect(empty.sum() == Tensor(0))
    #expect(matmul(Tensor<Double>.zeros([2, 0]), Tensor<Double>.zeros([0, 4])) == Tensor.zeros([2, 4]))
    #expect((empty + Tensor([1, 2, 3])).shape == [0, 3])
    #expect(concatenate([empty, Tensor<Double>.ones([2, 3])]).shape == [2, 3])
    let g = gradient(of: { ($0 * $0).sum() }, at: empty)
    #expect(g.shape == [0, 3])
    #expect(Tensor<Double>.ones([3, 0]).reshaped(to: [0, 5]).shape == [0, 5])
  }

  @Test("A shape whose element count overflows Int is an error")
  func overflowingShape() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([1 << 40, 1 << 40])
    }
    #expect(standardError(of: r).contains("zeros: the element count of shape [1099511627776, 1099511627776] overflows Int"))
  }

  @Test("Reducing an empty tensor with max is an error naming the op")
  func maxOfEmpty() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([0]).max()
    }
    #expect(standardError(of: r).contains("MaxBackward: cannot reduce an empty tensor of shape [0]"))
  }

  @Test("A negative dimension is an error")
  func negativeDimension() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>(shape: [2, -1], scalars: [])
    }
    #expect(standardError(of: r).contains("negative dimension in shape [2, -1]"))
  }
}
