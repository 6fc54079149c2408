// The functional transforms on tensor functions f: Tensor → Tensor, built on the same
// recording as the PyTorch-style API. They compute gradients for their argument only and
// leave every other tensor's accumulated gradient untouched.

/// f(x) and the pullback v ↦ vᵀ·∂f/∂x of a tensor function, by reverse mode.
///
/// The function is recorded once; each call of the pullback is one backward sweep.
public func valueWithPullback<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>) {
  try recordedPullback(of: f, at: x, in: "valueWithPullback(of:at:)")
}

/// ``valueWithPullback(of:at:)`` for the transform named `transform`, the name its
/// messages give.
func recordedPullback<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, in transform: String
) rethrows -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>) {
  var input = x.detached()
  input.requiresGradient = true
  let leaf = input.node!
  let y = try TensorTransformScope.evaluate(transform) {
    try GradientRecording.$isEnabled.withValue(true) { try f(input) }
  }
  let inputShape = x.shape
  let outputShape = y.shape
  let outputNode = y.node
  let pullback = { (v: Tensor<Scalar>) -> Tensor<Scalar> in
    require(
      v.shape == outputShape,
      "\(transform): the cotangent has shape \(v.shape) but the function's value has shape "
        + "\(outputShape)")
    guard let outputNode else { return .zeros(inputShape) }
    let gradients = Tensor.sweep(from: outputNode, cotangent: v.detached(), retainingGraph: true, into: [leaf])
    return gradients[0] ?? .zeros(inputShape)
  }
  return (y.detached(), pullback)
}

/// f(x) and the vector–Jacobian product vᵀ·∂f/∂x of a tensor function, by reverse mode.
///
/// ```swift
/// let (y, g) = vjp(of: { x in x * x }, at: Tensor([1.0, 2.0]), cotangent: Tensor([1, 1]))
/// // y = [1, 4], g = [2, 4]
/// ```
public func vjp<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>,
  cotangent v: Tensor<Scalar>
) rethrows -> (value: Tensor<Scalar>, vjp: Tensor<Scalar>) {
  let (value, pullback) = try recordedPullback(of: f, at: x, in: "vjp(of:at:cotangent:)")
  return (value, pullback(v))
}

/// f(x) and ∇f(x) for a tensor function with one-element output, by reverse mode.
public func valueWithGradient<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> (value: Scalar, gradient: Tensor<Scalar>) {
  try recordedGradient(of: f, at: x, in: "valueWithGradient(of:at:)")
}

/// ∇f(x) for a tensor function with one-element output, by reverse mode.
public func gradient<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> Tensor<Scalar> {
  try recordedGradient(of: f, at: x, in: "gradient(of:at:)").gradient
}

func recordedGradient<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, in transform: String
) rethrows -> (value: Scalar, gradient: Tensor<Scalar>) {
  let (value, pullback) = try recordedPullback(of: f, at: x, in: transform)
  require(
    value.count == 1,
    "\(transform): the function's value has shape \(value.shape); a gradient needs a single "
      + "element — use vjp(of:at:cotangent:) or jacobian(of:at:mode:)")
  return (value.scalars[0], pullback(Tensor(shape: value.shape, scalars: [1])))
}

/// f(x) and the Jacobian–vector product ∂f/∂x · v of a tensor function, by forward mode:
/// one evaluation with `v` carried as the tangent of `x`.
public func jvp<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, along v: Tensor<Scalar>
) rethrows -> (value: Tensor<Scalar>, tangent: Tensor<Scalar>) {
  try carriedTangent(of: f, at: x, along: v, in: "jvp(of:at:along:)")
}

/// ``jvp(of:at:along:)`` for the transform named `transform`, the name its messages give.
func carriedTangent<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, along v: Tensor<Scalar>,
  in transform: String
) rethrows -> (value: Tensor<Scalar>, tangent: Tensor<Scalar>) {
  require(
    v.shape == x.shape,
    "\(transform): the direction has shape \(v.shape) but the point has shape \(x.shape)")
  require(
    x.tangentScalars == nil,
    "\(transform): the point already carries a tangent (from withTangent(_:)); nested "
      + "forward mode on tensors is not supported")
  let y = try TensorTransformScope.evaluate(transform) { try f(x.detached().withTangent(v)) }
  return (y.detached(), y.tangent ?? .zeros(y.shape))
}

/// The Jacobian of a tensor function by forward mode: one JVP per input element.
///
/// - Returns: a tensor of shape `f(x).shape + x.shape`.
public func jacobian<Scalar: TensorScalar, let k: Int>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, mode: ForwardMode<k>
) rethrows -> Tensor<Scalar> {
  let transform = "jacobian(of:at:mode:)"
  var columns: [Tensor<Scalar>] = []
  var outputShape: [Int] = try TensorTransformScope.evaluate(transform) { try f(x.detached()) }.shape
  for j in 0..<x.count {
    var basis = [Scalar](repeating: 0, count: x.count)
    basis[j] = 1
    let (value, tangent) = try carriedTangent(
      of: f, at: x, along: Tensor(shape: x.shape, scalars: basis), in: transform)
    require(
      value.shape == outputShape,
      "\(transform): the function's value has shape \(value.shape) on one evaluation and "
        + "\(outputShape) on another")
    outputShape = value.shape
    columns.append(tangent)
  }
  let m = TensorShape.count(of: outputShape)
  var scalars = [Scalar](repeating: 0, count: m * x.count)
  for (j, column) in columns.enumerated() {
    for i in 0..<m { scalars[i * x.count + j] = column.scalars[i] }
  }
  return Tensor(shape: outputShape + x.shape, scalars: scalars)
}

/// The Jacobian of a tensor function by reverse mode: one recording, one backward sweep
/// per output element.
///
/// - Returns: a tensor of shape `f(x).shape + x.shape`.
public func jacobian<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, mode: ReverseMode
) rethrows -> Tensor<Scalar> {
  let (value, pullback) = try recordedPullback(of: f, at: x, in: "jacobian(of:at:mode:)")
  var scalars: [Scalar] = []
  scalars.reserveCapacity(value.count * x.count)
  for i in 0..<value.count {
    var basis = [Scalar](repeating: 0, count: value.count)
    basis[i] = 1
    scalars += pullback(Tensor(shape: value.shape, scalars: basis)).scalars
  }
  return Tensor(shape: value.shape + x.shape, scalars: scalars)
}
