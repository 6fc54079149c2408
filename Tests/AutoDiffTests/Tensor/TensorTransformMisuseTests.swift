import AutoDiff
import RealModule
import Testing

/// Compositions of transforms and in-place updates that would give a silent wrong number
/// are refused with a message naming what the user called; the scalar compositions, which
/// nest by their types, give the right answer. CI runs this suite under AddressSanitizer
/// and in a release build.
@Suite("Tensor transforms: nesting refused with both names, in-place misuse refused")
struct TensorTransformMisuseTests {
  /// f(x) = xᵀAx for a fixed non-symmetric A: its Hessian is A + Aᵀ, never zero.
  static func quadratic(_ x: Tensor<Double>) -> Tensor<Double> {
    let a = Tensor<Double>([[1, 2], [0, 3]])
    return (x * matmul(a, x.reshaped(to: [2, 1])).reshaped(to: [2])).sum()
  }

  @Test("Forward over reverse nests: jacobian(.forward) of gradient, jvp of gradient and hessian are A + Aᵀ")
  func forwardOverReverseNests() {
    let x = Tensor([1.0, 2.0])
    let expected: [Double] = [2, 2, 2, 6]  // A + Aᵀ, by hand
    let hessians = [
      jacobian(of: { gradient(of: TensorTransformMisuseTests.quadratic, at: $0) }, at: x, mode: .forward),
      jacobian(of: { gradient(of: TensorTransformMisuseTests.quadratic, at: $0) }, at: x, mode: ForwardMode<1>()),
      hessian(of: TensorTransformMisuseTests.quadratic, at: x),
    ]
    #expect(hessians.count == 3)
    for h in hessians {
      #expect(h.shape == [2, 2])
      #expect(h.scalars == expected)  // small integers: exact
    }
    let columns = [[1.0, 0.0], [0.0, 1.0]].map { v in
      jvp(of: { gradient(of: TensorTransformMisuseTests.quadratic, at: $0) }, at: x, along: Tensor(v)).tangent.scalars
    }
    #expect(columns == [[2, 2], [2, 6]])
  }

  @Test("jvp inside jvp is refused, naming both")
  func jvpInsideJvp() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = jvp(
        of: { x in jvp(of: { $0 * x }, at: Tensor([1.0, 1.0]), along: Tensor([1.0, 0.0])).tangent },
        at: Tensor([1.0, 2.0]), along: Tensor([1.0, 0.0]))
    }
    #expect(standardError(of: result).contains(
      "jvp(of:at:along:) called inside the function of jvp(of:at:along:)"))
  }

  @Test("jacobian(of: { gradient(of: f, at: $0) }, mode: .reverse) is refused, naming both")
  func jacobianReverseOfGradient() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = jacobian(
        of: { gradient(of: TensorTransformMisuseTests.quadratic, at: $0) },
        at: Tensor([1.0, 2.0]), mode: .reverse)
    }
    #expect(standardError(of: result).contains(
      "gradient(of:at:) called inside the function of jacobian(of:at:mode:)"))
  }

  @Test("vjp inside gradient, capturing the outer argument, is refused")
  func vjpInsideGradient() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = gradient(
        of: { w in
          vjp(of: { x in x * w }, at: Tensor([1.0, 1.0]), cotangent: Tensor([1.0, 1.0])).vjp.sum()
        }, at: Tensor([1.0, 2.0]))
    }
    #expect(standardError(of: result).contains(
      "vjp(of:at:cotangent:) called inside the function of gradient(of:at:)"))
  }

  @Test("The same Hessian written over scalars nests and is A + Aᵀ in every composition")
  func scalarCompositionsAreRight() {
    func f<T: Differentiable>(_ x: [T]) -> T {
      // xᵀAx with A = [[1, 2], [0, 3]].
      x[0] * (x[0] + 2 * x[1]) + x[1] * (3 * x[1])
    }
    let expected: [[Double]] = [[2, 2], [2, 6]]  // A + Aᵀ, by hand
    let x = [1.0, 2.0]
    let compositions: [(String, [[Double]])] = [
      ("hessian", hessian(of: f, at: x)),
      ("jacfwd(grad)", jacobian(of: { (v: [ChunkedDual<Double, 8>]) in gradient(of: f, at: v) }, at: x, mode: .forward)),
      ("jacrev(grad)", jacobian(of: { (v: [Tracked<Double>]) in gradient(of: f, at: v) }, at: x, mode: .reverse)),
      ("jacrev(grad fwd)", jacobian(of: { (v: [Tracked<Double>]) in gradient(of: f, at: v, mode: .forward) }, at: x, mode: .reverse)),
      ("jvp(grad) columns", [0, 1].map { j in
        jvp(of: { (v: [Dual<Double>]) in gradient(of: f, at: v) }, at: x, along: j == 0 ? [1, 0] : [0, 1]).tangent
      }),
    ]
    #expect(compositions.count == 5)
    for (name, h) in compositions {
      // Exact: every partial of a quadratic is an integer combination of integers.
      #expect(h == expected, "\(name)")
    }
  }

  @Test("x += 1 on a leaf that requires a gradient is refused outside withoutGradient")
  func inPlaceOnLeaf() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor([1.0, 2.0])
      x.requiresGradient = true
      x += Tensor(1.0)
    }
    #expect(standardError(of: result).contains(
      "+=: this tensor is a leaf that requires a gradient; updating it in place"))
  }

  @Test("Inside withoutGradient a parameter updates in place and stays the same leaf")
  func inPlaceUpdateOfParameter() {
    var w = Tensor([1.0, 2.0])
    w.requiresGradient = true
    (w * w).sum().backward()
    #expect(w.gradient?.scalars == [2, 4])
    withoutGradient { w -= Tensor(0.5) * w.gradient! }
    #expect(w.scalars == [0, 0])
    #expect(w.requiresGradient)
    #expect(w.gradientFunction == nil)  // still a leaf
    #expect(w.gradient?.scalars == [2, 4])  // the accumulated gradient stays, as in PyTorch
    w.zeroGradient()
    ((w + Tensor(1.0)) * w).sum().backward()  // d/dw (w² + w) = 2w + 1 = 1 at w = 0
    #expect(w.gradient?.scalars == [1, 1])
  }

  @Test("An in-place update cannot broadcast its target to a larger shape")
  func inPlaceBroadcastRefused() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor([1.0, 2.0])
      x += Tensor([[1.0, 2.0], [3.0, 4.0]])
    }
    #expect(standardError(of: result).contains("+=: the result has shape [2, 2], not the shape [2]"))
  }

  @Test("sum(alongAxes:) with a repeated axis is refused, also through a negative index")
  func repeatedAxes() async {
    let twice = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor([[1.0, 2.0], [3.0, 4.0]]).sum(alongAxes: [0, 0])
    }
    #expect(standardError(of: twice).contains("sum: axes [0, 0] name the same axis twice"))
    let negative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(alongAxes: [1, -1])
    }
    #expect(standardError(of: negative).contains("mean: axes [1, -1] name the same axis twice"))
  }

  @Test("A jvp direction of the wrong shape is reported as jvp, not as an internal function")
  func jvpDirectionShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = jvp(of: { $0 * $0 }, at: Tensor([1.0, 2.0]), along: Tensor([1.0, 0.0, 0.0]))
    }
    #expect(standardError(of: result).contains(
      "jvp(of:at:along:): the direction has shape [3] but the point has shape [2]"))
  }

  @Test("A cotangent of the wrong shape is reported as the transform the user called")
  func cotangentShape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = vjp(of: { $0 * $0 }, at: Tensor([1.0, 2.0]), cotangent: Tensor([1.0]))
    }
    #expect(standardError(of: result).contains(
      "vjp(of:at:cotangent:): the cotangent has shape [1] but the function's value has shape [2]"))
  }
}
