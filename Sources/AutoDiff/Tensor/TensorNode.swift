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

  deinit {
    // The list does not own its nodes: a node going away takes itself off it, so that no
    // entry ever names freed memory (see ``TensorTape``).
    tape?.remove(self)
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
/// does not own its nodes; the tensors own them, so memory goes when they do.
/// ``Tensor/backward()`` sweeps the list once in reverse and then releases it.
///
/// Not owning is not a `weak` reference: a weak reference gives every node a side table,
/// an allocation of its own, and sends each retain and release of the node down the
/// runtime's slow path (a fifth of the profile of a gradient on 16-element tensors; without
/// it that gradient runs 12 % faster). Each entry
/// is an unretained reference instead, and the invariant that keeps it sound is kept by
/// the node: a node always knows the one list and position that name it (``append(_:)``
/// sets them, ``absorb(_:)`` moves them), and its `deinit` clears that entry. So an entry
/// is either nil or a live node.
@usableFromInline
final class TensorTape<Scalar: TensorScalar> {
  /// The nodes' addresses in recorded order (unretained references; nil where a node has
  /// gone). Addresses rather than `Unmanaged<TensorNode<Scalar>>`: a node's `deinit` runs
  /// unspecialised, where an array of a generic element type looks its metadata up on
  /// every access.
  @usableFromInline var entries: [UnsafeMutableRawPointer?] = []
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
    entries.append(Unmanaged.passUnretained(node).toOpaque())
  }

  /// The live node at `position`, if any.
  @usableFromInline
  func node(at position: Int) -> TensorNode<Scalar>? {
    entries[position].map { Unmanaged<TensorNode<Scalar>>.fromOpaque($0).takeUnretainedValue() }
  }

  /// Clears the entry of `node`, which is going away.
  @usableFromInline
  func remove(_ node: TensorNode<Scalar>) {
    let position = node.position
    // A released or absorbed list has no entries left; otherwise the entry is the node's.
    guard position < entries.count, entries[position] == Unmanaged.passUnretained(node).toOpaque()
    else { return }
    entries[position] = nil
  }

  /// Appends `other`'s nodes to this list and forwards `other` here.
  @usableFromInline
  func absorb(_ other: TensorTape) {
    let moved = other.entries
    other.entries = []
    for entry in moved {
      if let entry { append(Unmanaged<TensorNode<Scalar>>.fromOpaque(entry).takeUnretainedValue()) }
    }
    other.mergedInto = self
  }
}
