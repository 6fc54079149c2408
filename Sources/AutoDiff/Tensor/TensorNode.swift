/// A reverse-mode record of one tensor operation: what it was, its inputs, and its
/// pullback, the transposed Jacobian that maps the output's cotangent to the inputs'.
///
/// Leaves (tensors with `requiresGradient` set by the user) have no pullback and collect
/// their gradient (``Tensor/gradient``) across backward passes, as PyTorch's `.grad` does.
public final class TensorNode<Scalar: TensorScalar> {
  /// The operation's name, as PyTorch's `grad_fn` shows it (`MultiplyBackward`, …).
  public let operation: String
  @usableFromInline let inputs: [TensorNode?]
  @usableFromInline let pullback: ((Tensor<Scalar>) -> [Tensor<Scalar>?])?
  @usableFromInline let shape: [Int]
  /// Forward over reverse only: the derivative of each input's cotangent as the inputs
  /// move along their tangents, all lanes stacked (``Tensor/Curvature``), for a cotangent.
  @usableFromInline let curvature: ((Tensor<Scalar>) -> [Tensor<Scalar>?])?
  /// Whether the pullback also takes k cotangents stacked along a new first axis
  /// (`[k] + shape`), returning k stacked cotangents per input: one call for k rows of a
  /// Jacobian or k tangent lanes, instead of k calls.
  @usableFromInline let acceptsStackedCotangents: Bool
  /// The accumulated gradient, for leaves: nil before any backward pass reached it.
  @usableFromInline var gradient: Tensor<Scalar>? {
    get { gradientIsZeroed ? Tensor.zeros(shape) : accumulatedGradient }
    set {
      accumulatedGradient = newValue
      gradientIsZeroed = false
    }
  }
  /// The gradient as stored; meaningless while `gradientIsZeroed`.
  @usableFromInline var accumulatedGradient: Tensor<Scalar>?
  /// Set by `zeroGradient()`: the gradient reads as zeros, and the next backward pass
  /// stores its cotangent instead of adding it to a buffer of zeros (no fill, no add).
  @usableFromInline var gradientIsZeroed = false

  /// Adds a backward pass's `cotangent` to the gradient.
  @usableFromInline
  func accumulate(_ cotangent: Tensor<Scalar>) {
    if gradientIsZeroed || accumulatedGradient == nil {
      gradient = cotangent
    } else {
      gradient = accumulatedGradient! + cotangent
    }
  }
  /// The cotangent gathered so far during a backward sweep.
  @usableFromInline var pendingCotangent: Tensor<Scalar>?
  /// The list this node was recorded on (nil for leaves).
  @usableFromInline var tape: TensorTape<Scalar>?
  /// Its position on that list.
  @usableFromInline var position: Int = 0

  /// Whether this is a leaf: a tensor whose gradient the user asked for.
  public var isLeaf: Bool { pullback == nil }

  @usableFromInline
  init(
    operation: String, inputs: [TensorNode?], shape: [Int],
    pullback: ((Tensor<Scalar>) -> [Tensor<Scalar>?])?,
    curvature: ((Tensor<Scalar>) -> [Tensor<Scalar>?])? = nil,
    acceptsStackedCotangents: Bool = false
  ) {
    self.operation = operation
    self.inputs = inputs
    self.shape = shape
    self.pullback = pullback
    self.curvature = curvature
    self.acceptsStackedCotangents = acceptsStackedCotangents
  }

  @usableFromInline
  static func leaf(shape: [Int]) -> TensorNode {
    TensorNode(operation: "leaf", inputs: [], shape: shape, pullback: nil)
  }
}

/// The Wengert list of one connected tensor computation: its nodes in the order they
/// were recorded, which is already an order in which every node follows its inputs.
///
/// Two computations that meet in one operation merge their lists: one list is appended to
/// the other, which stays a valid order because neither depended on the other. The list
/// holds its nodes weakly; the tensors own them, so memory goes when they do.
/// ``Tensor/backward()`` sweeps the list once in reverse and then releases it.
@usableFromInline
final class TensorTape<Scalar: TensorScalar> {
  @usableFromInline struct WeakNode {
    weak var node: TensorNode<Scalar>?
  }

  @usableFromInline var entries: [WeakNode] = []
  /// Set once merged into another list: follow it to find the list in use.
  @usableFromInline var mergedInto: TensorTape?
  @usableFromInline var isReleased = false

  @usableFromInline init() {}

  /// The list this one now lives in.
  @usableFromInline
  var root: TensorTape {
    var tape = self
    while let next = tape.mergedInto { tape = next }
    if tape !== self { mergedInto = tape }
    return tape
  }

  @usableFromInline
  func append(_ node: TensorNode<Scalar>) {
    node.tape = self
    node.position = entries.count
    entries.append(WeakNode(node: node))
  }

  /// Appends `other`'s nodes to this list and forwards `other` here.
  @usableFromInline
  func absorb(_ other: TensorTape) {
    for entry in other.entries {
      if let node = entry.node { append(node) }
    }
    other.entries = []
    other.mergedInto = self
  }
}
