import RealModule

// gradcheck for tensor functions. The comparison itself is the scalar checker's: the
// Jacobian of f: Tensor → Tensor is flattened to m rows of n entries (m = f(x).count,
// n = x.count), compared by ``DerivativeCheck``, and the worst entry is then named by its
// tensor indices. The estimate is ``centralDifferenceJacobian(of:at:)`` on the flattened
// function, so the step and the quotient are the ones FiniteDifference.swift documents.

/// The result of comparing a tensor function's gradient or Jacobian from AutoDiff with
/// central finite differences, with the worst entry named by tensor indices:
/// `∂f/∂x[1, 2]` for a gradient, `∂f[0, 1]/∂x[1, 2]` for a Jacobian.
public struct TensorDerivativeCheck<Scalar: TensorScalar>: CustomStringConvertible {
  /// The derivative AutoDiff computed, of shape `outputShape + inputShape` (the gradient's
  /// shape, `inputShape`, when f's value has shape `[]`).
  public let computed: Tensor<Scalar>
  /// The central-difference estimate, same shape as ``computed``.
  public let estimated: Tensor<Scalar>
  /// The shape of the point x.
  public let inputShape: [Int]
  /// The shape of f(x).
  public let outputShape: [Int]
  /// The same check on the flattened Jacobian: `f(x).count` rows of `x.count` entries.
  public let flattened: DerivativeCheck<Scalar>

  /// The largest relative error |computed − estimated| / max(1, |estimated|).
  public var worstRelativeError: Scalar { flattened.worstRelativeError }
  /// The tolerance the check was made against.
  public var tolerance: Scalar { flattened.tolerance }
  /// Whether every entry agrees to within ``tolerance``.
  public var passed: Bool { flattened.passed }

  /// Where the worst error is: the index into f(x) and the index into x.
  public var worstPosition: (output: [Int], input: [Int]) {
    let (row, column) = flattened.worstPosition
    return (
      TensorShape.position(ofElement: row, in: outputShape),
      TensorShape.position(ofElement: column, in: inputShape))
  }

  /// One line: the verdict, the worst entry with both values, the tolerance and the shapes.
  ///
  /// `derivative check FAILED: worst relative error 1.41… at ∂f/∂x[1, 2] (AutoDiff -0.71…,
  /// central difference 0.69…; tolerance 6.05…e-06); x: [2, 3], f(x): []`
  public var description: String {
    let verdict = passed ? "passed" : "FAILED"
    let shapes = "x: \(inputShape), f(x): \(outputShape)"
    guard computed.count > 0 else { return "derivative check \(verdict): nothing to compare; \(shapes)" }
    let (output, input) = worstPosition
    let (row, column) = flattened.worstPosition
    let numerator = outputShape.allSatisfy { $0 == 1 } ? "∂f" : "∂f\(TensorShape.subscripted(output))"
    return "derivative check \(verdict): worst relative error \(worstRelativeError) at "
      + "\(numerator)/∂x\(TensorShape.subscripted(input)) (AutoDiff \(flattened.computed[row][column]), "
      + "central difference \(flattened.estimated[row][column]); tolerance \(tolerance)); \(shapes)"
  }

  init(computed: [Scalar], estimated: [[Scalar]], inputShape: [Int], outputShape: [Int], tolerance: Scalar) {
    let (m, n) = (TensorShape.count(of: outputShape), TensorShape.count(of: inputShape))
    let rows = (0..<m).map { Array(computed[$0 * n..<($0 + 1) * n]) }
    flattened = DerivativeCheck(computed: rows, estimated: estimated, tolerance: tolerance)
    let shape = outputShape + inputShape
    self.computed = Tensor(shape: shape, scalars: computed)
    self.estimated = Tensor(shape: shape, scalars: estimated.flatMap { $0 })
    self.inputShape = inputShape
    self.outputShape = outputShape
  }
}

extension TensorShape {
  /// `[1, 2]`, or nothing for the one element of a rank-0 tensor.
  static func subscripted(_ index: [Int]) -> String {
    index.isEmpty ? "" : "[" + index.map(String.init).joined(separator: ", ") + "]"
  }

  /// The tensor index of the element at row-major `offset` in a tensor of `shape`:
  /// offset 5 in shape [2, 3] is [1, 2].
  static func position(ofElement offset: Int, in shape: [Int]) -> [Int] {
    var rest = offset
    return strides(of: shape).map { stride in
      // A zero stride comes only from a shape with no elements, where every index is 0.
      guard stride > 0 else { return 0 }
      defer { rest %= stride }
      return rest / stride
    }
  }
}

/// Compares the reverse-mode gradient of a tensor function with one-element output with
/// central differences, like `torch.autograd.gradcheck`.
///
/// AutoDiff's side is ``gradient(of:at:)->Tensor<Scalar>``; the estimate perturbs one
/// element of x at a time by ±h with h = ``centralDifferenceStep(at:)`` of that element,
/// evaluating f on plain tensors (2·x.count + 1 evaluations). Each entry is compared by relative error
/// |computed − estimated| / max(1, |estimated|), as ``DerivativeCheck`` does.
///
/// ```swift
/// let w = Tensor<Double>([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.6]])
/// let check = checkGradient(of: { x in Tensor.tanh(matmul(x, w)).sum() },
///                           at: Tensor([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]]))
/// check.passed  // true
/// print(check)
/// // derivative check passed: worst relative error 1.718880593415406e-11 at ∂f/∂x[0, 1]
/// // (AutoDiff 0.5107510307616837, central difference 0.5107510307444949;
/// // tolerance 6.0554544523933395e-06); x: [2, 3], f(x): []
/// ```
///
/// - Parameters:
///   - f: the function to check; its value has one element.
///   - x: the point.
///   - tolerance: the largest relative error that passes; the default ∛ε is the
///     central difference's own accuracy at its best step, about 6e-6 for `Double`.
/// - Precondition: f(x) has exactly one element, its shape does not depend on the point,
///   and `tolerance` is not negative or NaN; otherwise the check stops with a message.
/// - Complexity: one recording and one backward sweep, plus 2·x.count + 1 evaluations.
public func checkGradient<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>,
  tolerance: Scalar = Scalar.root(Scalar.ulpOfOne, 3)
) rethrows -> TensorDerivativeCheck<Scalar> {
  let transform = "checkGradient(of:at:tolerance:)"
  requireTolerance(tolerance, in: transform)
  let (value, pullback) = try recordedPullback(of: { try f($0[0]) }, at: [x], in: transform)
  require(
    value.count == 1,
    "\(transform): the function's value has shape \(value.shape); a gradient needs a single "
      + "element — use checkJacobian(of:at:mode:tolerance:)")
  let gradient = pullback(Tensor(shape: value.shape, scalars: [1]))[0]
  return try centralDifferenceCheck(
    of: f, at: x, computed: gradient.scalars, outputShape: value.shape, tolerance: tolerance,
    in: transform)
}

/// Compares the reverse-mode Jacobian of a tensor function with central differences.
///
/// AutoDiff's side is ``jacobian(of:at:mode:)-(_,Tensor<Scalar>,ReverseMode)`` with
/// `.reverse` (one recording, one sweep per output element); the estimate and the
/// comparison are those of ``checkGradient(of:at:tolerance:)->TensorDerivativeCheck<Scalar>``.
/// ``TensorDerivativeCheck/computed`` has shape `f(x).shape + x.shape`.
///
/// ```swift
/// let check = checkJacobian(of: { $0.softmax() }, at: Tensor([0.5, -1.0, 2.0]))
/// print(check)
/// // derivative check passed: worst relative error 6.6038008394997405e-12 at ∂f[2]/∂x[0]
/// // (AutoDiff -0.13770761225720413, central difference -0.13770761226380793;
/// // tolerance 6.0554544523933395e-06); x: [3], f(x): [3]
/// ```
///
/// - Precondition: the shape of f(x) does not depend on the point, and `tolerance` is
///   not negative or NaN.
public func checkJacobian<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>,
  mode: ReverseMode = .reverse, tolerance: Scalar = Scalar.root(Scalar.ulpOfOne, 3)
) rethrows -> TensorDerivativeCheck<Scalar> {
  let transform = "checkJacobian(of:at:mode:tolerance:)"
  requireTolerance(tolerance, in: transform)
  let computed = try jacobian(of: f, at: x, mode: mode)
  return try centralDifferenceCheck(
    of: f, at: x, computed: computed.scalars, outputShape: Array(computed.shape.dropLast(x.rank)),
    tolerance: tolerance, in: transform)
}

/// Compares the forward-mode Jacobian of a tensor function (k tangents a pass, from
/// `ForwardMode<k>`) with central differences; otherwise as the reverse-mode
/// ``checkJacobian(of:at:mode:tolerance:)``.
///
/// ```swift
/// checkJacobian(of: { $0.softmax() }, at: Tensor([0.5, -1.0, 2.0]), mode: .forward).passed  // true
/// ```
public func checkJacobian<Scalar: TensorScalar, let k: Int>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>,
  mode: ForwardMode<k>, tolerance: Scalar = Scalar.root(Scalar.ulpOfOne, 3)
) rethrows -> TensorDerivativeCheck<Scalar> {
  let transform = "checkJacobian(of:at:mode:tolerance:)"
  requireTolerance(tolerance, in: transform)
  let computed = try jacobian(of: f, at: x, mode: mode)
  return try centralDifferenceCheck(
    of: f, at: x, computed: computed.scalars, outputShape: Array(computed.shape.dropLast(x.rank)),
    tolerance: tolerance, in: transform)
}

/// A tolerance below 0 fails every check and a NaN one every entry: refused, so that a
/// failed check always means a wrong derivative.
private func requireTolerance<Scalar: TensorScalar>(_ tolerance: Scalar, in transform: String) {
  require(tolerance >= 0, "\(transform): the tolerance must be zero or more, got \(tolerance)")
}

/// The check of `computed` (row-major, `outputShape + x.shape`) against central
/// differences of f at x.
private func centralDifferenceCheck<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, computed: [Scalar],
  outputShape: [Int], tolerance: Scalar, in transform: String
) rethrows -> TensorDerivativeCheck<Scalar> {
  let inputShape = x.shape
  // Plain tensors and no recording: a tensor f captures that requires a gradient must
  // not gain 2n graphs nobody sweeps.
  let estimated = try withoutGradient {
    try centralDifferenceJacobian(
      of: { scalars in
        let y = try f(Tensor(shape: inputShape, scalars: scalars))
        require(
          y.shape == outputShape,
          "\(transform): the function's value has shape \(outputShape) where AutoDiff "
            + "differentiated it and \(y.shape) at a finite-difference point; its shape must "
            + "not depend on the point")
        return y.scalars
      }, at: x.scalars)
  }
  return TensorDerivativeCheck(
    computed: computed, estimated: estimated, inputShape: inputShape, outputShape: outputShape,
    tolerance: tolerance)
}
