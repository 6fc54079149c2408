// The functional transforms on tensor functions, built on the same recording as the
// PyTorch-style API. They compute derivatives for their arguments only and leave every
// other tensor's accumulated gradient untouched. Forward mode carries tangents on the
// tensors (several lanes at once for chunked Jacobians); reverse mode records a graph and
// sweeps it; a reverse transform inside a forward one (forward over reverse) gives
// Hessians. Every transform here goes through the two paths at the end of this file:
// `recordedPullback` (record, seed, sweep, read) and `forEachTangentChunk` (seed lanes,
// evaluate, read lanes).

// MARK: - Reverse mode

/// f(x) and the pullback v ↦ vᵀ·∂f/∂x of a tensor function, by reverse mode.
///
/// The function is recorded once; each call of the pullback is one backward sweep.
public func valueWithPullback<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> Tensor<Scalar>) {
  let (value, pullback) = try recordedPullback(of: { try f($0[0]) }, at: [x], in: "valueWithPullback(of:at:)")
  return (value, { pullback($0)[0] })
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
  let (value, pullback) = try recordedPullback(of: { try f($0[0]) }, at: [x], in: "vjp(of:at:cotangent:)")
  return (value, pullback(v)[0])
}

/// f(x) and ∇f(x) for a tensor function with one-element output, by reverse mode.
public func valueWithGradient<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> (value: Scalar, gradient: Tensor<Scalar>) {
  let (value, gradients) = try recordedGradient(of: { try f($0[0]) }, at: [x], in: "valueWithGradient(of:at:)")
  return (value.scalars[0], gradients[0])
}

/// ∇f(x) for a tensor function with one-element output, by reverse mode.
///
/// Inside a forward-mode transform the gradient carries that transform's tangents:
/// `jvp(of: { gradient(of: f, at: $0) }, at: x, along: v)` is the Hessian–vector product.
public func gradient<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> Tensor<Scalar> {
  try recordedGradient(of: { try f($0[0]) }, at: [x], in: "gradient(of:at:)").gradients[0]
}

// MARK: - Forward mode

/// f(x) and the Jacobian–vector product ∂f/∂x · v of a tensor function, by forward mode:
/// one evaluation with `v` carried as the tangent of `x`.
public func jvp<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, along v: Tensor<Scalar>
) rethrows -> (value: Tensor<Scalar>, tangent: Tensor<Scalar>) {
  let (value, tangents) = try carriedTangent(
    of: { try f($0[0]) }, at: [x], along: [v], in: "jvp(of:at:along:)")
  return (value, tangents)
}

/// The Jacobian of a tensor function by forward mode: ⌈n/k⌉ evaluations, each carrying k
/// tangents (`ForwardMode<k>`; `.forward` is 8), for n input elements.
///
/// ```swift
/// let w = Tensor<Double>([[1, 2], [3, 4]])
/// jacobian(of: { x in .tanh(matmul(w, x)) }, at: Tensor([0.1, 0.2]), mode: .forward)
/// ```
///
/// - Returns: a tensor of shape `f(x).shape + x.shape`.
public func jacobian<Scalar: TensorScalar, let k: Int>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, mode: ForwardMode<k>
) rethrows -> Tensor<Scalar> {
  try forwardJacobian(of: f, at: x, chunk: k, in: "jacobian(of:at:mode:)")
}

/// The Jacobian of a tensor function by reverse mode: one recording, one backward sweep
/// per output element.
///
/// - Returns: a tensor of shape `f(x).shape + x.shape`.
public func jacobian<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, mode: ReverseMode
) rethrows -> Tensor<Scalar> {
  try recordedJacobians(of: { try f($0[0]) }, at: [x], in: "jacobian(of:at:mode:)")[0]
}

/// The Jacobian of a tensor function in the mode the rule of ``JacobianMode/automatic``
/// picks, as for scalar functions: forward when x has at most 8 elements or f(x) has more
/// than twice as many elements as x, reverse otherwise. With more than 8 inputs f is
/// evaluated once plainly to learn the output size.
///
/// - Returns: a tensor of shape `f(x).shape + x.shape`.
public func jacobian<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>,
  mode: AutomaticMode = .automatic
) rethrows -> Tensor<Scalar> {
  if x.count <= 8 { return try jacobian(of: f, at: x, mode: ForwardMode<8>()) }
  let outputCount = try TensorTransformScope.evaluate("jacobian(of:at:mode:)", isForward: true) {
    try withoutGradient { try f(x.detached()) }
  }.count
  return outputCount > 2 * x.count
    ? try jacobian(of: f, at: x, mode: ForwardMode<8>())
    : try jacobian(of: f, at: x, mode: ReverseMode())
}

// MARK: - Second order

/// The Hessian ∂²f/∂xᵢ∂xⱼ of a tensor function with one-element output, by forward over
/// reverse: ⌈n/48⌉ recordings of f, the n input directions shared evenly between them and
/// carried as tangent lanes (at most 48 a recording), each swept once; the gradient's
/// tangents are that many columns of the Hessian. Like JAX's `hessian`
/// (`jacfwd(jacrev(f))`) and `torch.func.hessian`.
///
/// ```swift
/// let a = Tensor<Double>([[2, 1], [1, 3]])
/// hessian(of: { x in (x * matmul(a, x)).sum() }, at: Tensor([1.0, 1.0]))  // A + Aᵀ
/// ```
///
/// - Returns: a tensor of shape `x.shape + x.shape`.
public func hessian<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> Tensor<Scalar> {
  let transform = "hessian(of:at:)"
  // Even chunks of at most 48 lanes: for T2's 195 parameters, 5 passes of 39 lanes ran
  // 4-13 % faster than 7 of 32 (the last of 3), and 98 or 195 lanes slower (arrays past
  // malloc's mmap threshold fault their pages in on every pass).
  let passes = Swift.max(1, (x.count + 47) / 48)
  return try forwardJacobian(
    of: { try recordedGradient(of: { try f($0[0]) }, at: [$0], in: transform).gradients[0] },
    at: x, chunk: Swift.max(1, (x.count + passes - 1) / passes), in: transform)
}

/// The Hessian–vector product H·v of a tensor function with one-element output, without
/// forming H: one recording of f with v carried as the tangent, one sweep.
///
/// - Precondition: `v.shape == x.shape`.
public func hessianVectorProduct<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, along v: Tensor<Scalar>
) rethrows -> Tensor<Scalar> {
  let transform = "hessianVectorProduct(of:at:along:)"
  return try carriedTangent(
    of: { try recordedGradient(of: { try f($0[0]) }, at: [$0[0]], in: transform).gradients[0] },
    at: [x], along: [v], in: transform
  ).tangent
}

// MARK: - Several arguments

/// An argument of a multi-argument tensor transform: ``Tensor`` conforms. A scalar
/// argument is a rank-0 tensor, `Tensor(2.0)`.
///
/// Every argument must hold the scalar type of the function's value; a transform given a
/// `Tensor<Float>` argument for a function with a `Tensor<Double>` value stops, naming the
/// argument.
public protocol TensorArgument {
  /// The argument as a `Tensor<S>`, or nil when it holds another scalar type.
  func _tensor<S: TensorScalar>(of scalar: S.Type) -> Tensor<S>?
  /// The argument made from `tensor` (of this argument's scalar type).
  init<S: TensorScalar>(_tensor tensor: Tensor<S>)
}

extension Tensor: TensorArgument {
  public func _tensor<S: TensorScalar>(of scalar: S.Type) -> Tensor<S>? { self as? Tensor<S> }
  public init<S: TensorScalar>(_tensor tensor: Tensor<S>) { self = tensor as! Tensor<Scalar> }
}

/// ∇f with respect to every argument of a tensor function of several tensors, by one
/// recording and one backward sweep.
///
/// ```swift
/// let (dw, db) = gradient(of: { w, b in (matmul(x, w) + b).sum() }, at: w, b)
/// ```
///
/// - Returns: one gradient per argument, each of its argument's shape.
public func gradient<Scalar: TensorScalar, each Argument: TensorArgument>(
  of f: (repeat each Argument) throws -> Tensor<Scalar>, at x: repeat each Argument
) rethrows -> (repeat each Argument) {
  try valueWithGradient(of: f, at: repeat each x).gradient
}

/// f and ∇f with respect to every argument of a tensor function of several tensors.
public func valueWithGradient<Scalar: TensorScalar, each Argument: TensorArgument>(
  of f: (repeat each Argument) throws -> Tensor<Scalar>, at x: repeat each Argument
) rethrows -> (value: Scalar, gradient: (repeat each Argument)) {
  let transform = "valueWithGradient(of:at:)"
  let (value, gradients) = try recordedGradient(
    of: { try f(repeat each unpacked($0, as: repeat (each Argument).self)) },
    at: tensors(Scalar.self, repeat each x, in: transform), in: transform)
  return (value.scalars[0], unpacked(gradients, as: repeat (each Argument).self))
}

/// f and the vector–Jacobian products vᵀ·∂f/∂xᵢ for every argument, by reverse mode.
public func vjp<Scalar: TensorScalar, each Argument: TensorArgument>(
  of f: (repeat each Argument) throws -> Tensor<Scalar>, at x: repeat each Argument,
  cotangent v: Tensor<Scalar>
) rethrows -> (value: Tensor<Scalar>, vjp: (repeat each Argument)) {
  let transform = "vjp(of:at:cotangent:)"
  let (value, pullback) = try recordedPullback(
    of: { try f(repeat each unpacked($0, as: repeat (each Argument).self)) },
    at: tensors(Scalar.self, repeat each x, in: transform), in: transform)
  return (value, unpacked(pullback(v), as: repeat (each Argument).self))
}

/// f and the Jacobian–vector product Σᵢ ∂f/∂xᵢ · vᵢ, every argument moving along its own
/// direction, by one forward evaluation.
public func jvp<Scalar: TensorScalar, each Argument: TensorArgument>(
  of f: (repeat each Argument) throws -> Tensor<Scalar>, at x: repeat each Argument,
  along v: repeat each Argument
) rethrows -> (value: Tensor<Scalar>, tangent: Tensor<Scalar>) {
  let transform = "jvp(of:at:along:)"
  return try carriedTangent(
    of: { try f(repeat each unpacked($0, as: repeat (each Argument).self)) },
    at: tensors(Scalar.self, repeat each x, in: transform),
    along: tensors(Scalar.self, repeat each v, in: transform), in: transform)
}

/// The Jacobian of f with respect to each argument, by reverse mode (one recording, one
/// sweep per output element).
///
/// - Returns: one Jacobian per argument, of shape `f(x).shape + xᵢ.shape`, as tensors of
///   the arguments' type.
public func jacobian<Scalar: TensorScalar, each Argument: TensorArgument>(
  of f: (repeat each Argument) throws -> Tensor<Scalar>, at x: repeat each Argument,
  mode: ReverseMode
) rethrows -> (repeat each Argument) {
  let transform = "jacobian(of:at:mode:)"
  let jacobians = try recordedJacobians(
    of: { try f(repeat each unpacked($0, as: repeat (each Argument).self)) },
    at: tensors(Scalar.self, repeat each x, in: transform), in: transform)
  return unpacked(jacobians, as: repeat (each Argument).self)
}

/// The arguments as tensors of the function's scalar type, refusing another scalar type.
private func tensors<Scalar: TensorScalar, each Argument: TensorArgument>(
  _ scalar: Scalar.Type, _ x: repeat each Argument, in transform: String
) -> [Tensor<Scalar>] {
  var result: [Tensor<Scalar>] = []
  for argument in repeat each x {
    guard let tensor = argument._tensor(of: Scalar.self) else {
      stopMisuse(
        "\(transform): argument \(result.count) is a \(type(of: argument)) but the function's "
          + "value is a Tensor<\(Scalar.self)>; every argument must hold \(Scalar.self)")
    }
    result.append(tensor)
  }
  return result
}

/// `tensors` as the pack of argument types `types`, in order.
private func unpacked<Scalar: TensorScalar, each Argument: TensorArgument>(
  _ tensors: [Tensor<Scalar>], as types: repeat (each Argument).Type
) -> (repeat each Argument) {
  var position = 0
  func next<A: TensorArgument>(_ type: A.Type) -> A {
    defer { position += 1 }
    return A(_tensor: tensors[position])
  }
  return (repeat next(each types))
}

// MARK: - The two paths every transform takes

/// f recorded at `x`, every argument a fresh leaf: its value (no graph), the node to
/// sweep from and the leaves. Tangents on `x` are kept, so inside a forward transform the
/// sweeps carry the derivative of the pullback (forward over reverse).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func recorded<Scalar: TensorScalar>(
  _ f: ([Tensor<Scalar>]) throws -> Tensor<Scalar>, at x: [Tensor<Scalar>], in transform: String
) rethrows -> (value: Tensor<Scalar>, output: TensorNode<Scalar>?, leaves: [TensorNode<Scalar>]) {
  let inputs = x.map { argument in
    var input = argument.withoutGraph()
    input.requiresGradient = true
    return input
  }
  let y = try TensorTransformScope.evaluate(transform, isForward: false) {
    try GradientRecording.$isEnabled.withValue(true) { try f(inputs) }
  }
  return (y.withoutGraph(), y.node, inputs.map { $0.node! })
}

/// Records f at `x` and returns its value and the pullback from the output's cotangent to
/// one cotangent per argument: record, seed, sweep, read.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func recordedPullback<Scalar: TensorScalar>(
  of f: ([Tensor<Scalar>]) throws -> Tensor<Scalar>, at x: [Tensor<Scalar>], in transform: String
) rethrows -> (value: Tensor<Scalar>, pullback: (Tensor<Scalar>) -> [Tensor<Scalar>]) {
  let (value, output, leaves) = try recorded(f, at: x, in: transform)
  let inputShapes = x.map { $0.shape }
  let pullback = { (v: Tensor<Scalar>) -> [Tensor<Scalar>] in
    require(
      v.shape == value.shape,
      "\(transform): the cotangent has shape \(v.shape) but the function's value has shape "
        + "\(value.shape)")
    guard let output else { return inputShapes.map { .zeros($0) } }
    let gradients = Tensor.sweep(
      from: output, cotangent: v.withoutGraph(), retainingGraph: true, into: leaves)
    return zip(gradients, inputShapes).map { $0 ?? .zeros($1) }
  }
  return (value, pullback)
}

/// The reverse Jacobians of f with respect to each argument, of shape
/// `f(x).shape + xᵢ.shape`: one recording, then one sweep per 32 output elements, each
/// carrying that many basis cotangents stacked (a matrix product passes them back in one
/// GEMM). Inside a forward transform, where the sweeps must carry tangents, one sweep per
/// output element.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func recordedJacobians<Scalar: TensorScalar>(
  of f: ([Tensor<Scalar>]) throws -> Tensor<Scalar>, at x: [Tensor<Scalar>], in transform: String
) rethrows -> [Tensor<Scalar>] {
  let (value, output, leaves) = try recorded(f, at: x, in: transform)
  let m = value.count
  let inputCounts = x.map { $0.count }
  var rows = x.map { [Scalar]().reserving(m * $0.count) }
  // Inside a forward transform each row's gradient carries tangent lanes: row r, lane l
  // of argument i, kept to give the Jacobian its tangents.
  var rowTangents = x.map { _ in [[Scalar]?](filledWith: nil, count: m) }
  if let output {
    let chunk = value.tangentScalars == nil && x.allSatisfy({ $0.tangentScalars == nil }) ? 32 : 1
    var start = 0
    while start < m {
      let lanes = Swift.min(chunk, m - start)
      var basis = [Scalar](filledWith: 0, count: lanes * m)
      for lane in 0..<lanes { basis[lane * m + start + lane] = 1 }
      let gradients = lanes == 1 && chunk == 1
        ? Tensor.sweep(
          from: output, cotangent: Tensor(shape: value.shape, scalars: basis), retainingGraph: true,
          into: leaves)
        : Tensor.sweep(
          from: output, cotangent: Tensor(shape: TensorShape.stacked(lanes, value.shape), scalars: basis),
          retainingGraph: true, into: leaves, stackedLanes: lanes)
      for i in x.indices {
        rows[i] += gradients[i]?.scalars ?? [Scalar](filledWith: 0, count: lanes * inputCounts[i])
        if chunk == 1 { rowTangents[i][start] = gradients[i]?.tangentScalars }
      }
      start += lanes
    }
  } else {
    for i in x.indices { rows[i] = [Scalar](filledWith: 0, count: m * inputCounts[i]) }
  }
  return x.indices.map { i in
    let jacobian = Tensor(shape: value.shape + x[i].shape, scalars: rows[i])
    guard let laneCount = rowTangents[i].lazy.compactMap({ $0 }).first.map({ $0.count / Swift.max(inputCounts[i], 1) }),
      inputCounts[i] > 0
    else { return jacobian }
    let n = inputCounts[i]
    var tangent = [Scalar](filledWith: 0, count: laneCount * m * n)
    for (row, lanes) in rowTangents[i].enumerated() {
      guard let lanes else { continue }
      for lane in 0..<laneCount {
        for j in 0..<n { tangent[lane * m * n + row * n + j] = lanes[lane * n + j] }
      }
    }
    var carrying = jacobian
    carrying.tangentScalars = tangent
    return carrying
  }
}

extension Array {
  /// This empty array with room for `capacity` elements.
  fileprivate func reserving(_ capacity: Int) -> Array {
    var copy = self
    copy.reserveCapacity(capacity)
    return copy
  }
}

/// ``recordedPullback(of:at:in:)`` seeded with 1 for a function with one-element output.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func recordedGradient<Scalar: TensorScalar>(
  of f: ([Tensor<Scalar>]) throws -> Tensor<Scalar>, at x: [Tensor<Scalar>], in transform: String
) rethrows -> (value: Tensor<Scalar>, gradients: [Tensor<Scalar>]) {
  let (value, pullback) = try recordedPullback(of: f, at: x, in: transform)
  require(
    value.count == 1,
    "\(transform): the function's value has shape \(value.shape); a gradient needs a single "
      + "element — use vjp(of:at:cotangent:) or jacobian(of:at:mode:)")
  return (value, pullback(Tensor(shape: value.shape, scalars: [1])))
}

/// f(x) and its tangent with each argument carrying its direction: one evaluation.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func carriedTangent<Scalar: TensorScalar>(
  of f: ([Tensor<Scalar>]) throws -> Tensor<Scalar>, at x: [Tensor<Scalar>],
  along v: [Tensor<Scalar>], in transform: String
) rethrows -> (value: Tensor<Scalar>, tangent: Tensor<Scalar>) {
  for (i, (point, direction)) in zip(x, v).enumerated() {
    require(
      direction.shape == point.shape,
      "\(transform): the direction has shape \(direction.shape) but the point has shape "
        + "\(point.shape)" + (x.count > 1 ? " (argument \(i))" : ""))
  }
  var y: Tensor<Scalar>?
  try forEachTangentChunk(
    of: f, at: x, lanes: 1, in: transform, seed: { _, _, i in v[i].scalars }
  ) { _, value in y = value }
  return (y!.withoutTangent(), y!.tangentLane(0) ?? .zeros(y!.shape))
}

/// The forward Jacobian of f at x, `chunk` input directions per evaluation.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func forwardJacobian<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>, chunk: Int,
  in transform: String
) rethrows -> Tensor<Scalar> {
  let n = x.count
  var outputShape: [Int]?
  var scalars: [Scalar] = []
  var start = 0
  try forEachTangentChunk(
    of: { try f($0[0]) }, at: [x], lanes: chunk, count: n, in: transform,
    seed: { start, width, _ in
      // Lane j carries the basis direction of input start + j.
      var basis = [Scalar](filledWith: 0, count: width * n)
      for lane in 0..<width { basis[lane * n + start + lane] = 1 }
      return basis
    }
  ) { width, y in
    require(
      outputShape == nil || outputShape == y.shape,
      "\(transform): the function's value has shape \(y.shape) on one evaluation and "
        + "\(outputShape ?? []) on another")
    let m = y.count
    if outputShape == nil {
      outputShape = y.shape
      scalars = [Scalar](filledWith: 0, count: m * n)
    }
    // Lane j of the value's tangents is column start + j of the Jacobian.
    if let tangents = y.tangentScalars, width > 0 {
      require(
        tangents.count == width * m && scalars.count == m * n && start + width <= n,
        "\(transform): internal error, \(tangents.count) tangent elements for \(width) lanes "
          + "of \(m) elements")
      scalars.withUnsafeMutableBufferPointer { out in
        tangents.withUnsafeBufferPointer { t in
          // Row by row, so the writes are contiguous (width lanes per Jacobian row); writing
          // down columns instead stalls loads behind stores 4 KB apart. (Raw pointers and
          // wrapping arithmetic: the check above bounds every index.)
          let (to, from) = (out.baseAddress! + start, t.baseAddress!)
          for i in 0..<m {
            let (row, source) = (to + i &* n, from + i)
            for lane in 0..<width { row[lane] = source[lane &* m] }
          }
        }
      }
    }
    start += width
  }
  return Tensor(shape: outputShape! + x.shape, scalars: scalars)
}

/// Evaluates f once per chunk of `lanes` directions out of `count` (at least once):
/// argument i carries the `width` tangent lanes `seed(start, width, i)` (stacked, lane
/// after lane) for directions start..<start + width. `receive` gets each chunk's width and
/// f's value with its tangent lanes. Seeding an argument that already carries a tangent is
/// refused: two forward transforms would share it.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func forEachTangentChunk<Scalar: TensorScalar>(
  of f: ([Tensor<Scalar>]) throws -> Tensor<Scalar>, at x: [Tensor<Scalar>], lanes: Int,
  count: Int = 1, in transform: String,
  seed: (_ start: Int, _ width: Int, _ argument: Int) -> [Scalar],
  receive: (_ width: Int, _ value: Tensor<Scalar>) -> Void
) rethrows {
  for point in x {
    require(
      point.tangentScalars == nil,
      "\(transform): the point already carries a tangent (from withTangent(_:) or an "
        + "enclosing forward transform); forward mode inside forward mode on tensors would "
        + "share one tangent — write the function over scalars to nest forward modes")
  }
  // One scope for every chunk: the task-local is set once, not once per evaluation.
  try TensorTransformScope.evaluate(transform, isForward: true) {
    var start = 0
    repeat {
      let width = Swift.max(0, Swift.min(lanes, count - start))
      let seeded = x.indices.map { i in
        width == 0
          ? x[i].plain
          : Tensor(shape: x[i].shape, scalars: x[i].scalars, tangent: seed(start, width, i), node: nil)
      }
      let y = try f(seeded)
      require(
        y.tangentScalars == nil || width == 0 || y.tangentLaneCount == width || y.count == 0,
        "\(transform): the function's value carries \(y.tangentLaneCount) tangents for \(width) "
          + "directions; it mixes in a tensor seeded by another transform")
      receive(width, y.withoutGraph())
      start += width
    } while start < count
  }
}

extension Tensor {
  /// The same values and tangents with no gradient tracking.
  @usableFromInline
  func withoutGraph() -> Tensor {
    Tensor(shape: shape, scalars: scalars, tangent: tangentScalars, node: nil)
  }

  /// The same values with no tangent (the graph, if any, kept).
  @usableFromInline
  func withoutTangent() -> Tensor {
    Tensor(shape: shape, scalars: scalars, tangent: nil, node: node)
  }
}
