// PyTorch-style reverse mode: requiresGradient, backward, gradient, detach.
extension Tensor {
  /// Whether a gradient is collected for this tensor (PyTorch's `requires_grad`).
  ///
  /// Setting it makes the tensor a leaf whose ``gradient`` accumulates over backward passes
  /// (``backward(retainingGraph:)``). A tensor computed from one that requires a gradient
  /// requires one too; that cannot be switched off (use ``detached()``).
  public var requiresGradient: Bool {
    get { node != nil }
    set {
      if newValue {
        if node == nil { node = .leaf(shape: shape) }
      } else {
        require(
          node?.isLeaf ?? true,
          "requiresGradient: only a leaf can stop requiring a gradient; this tensor was "
            + "computed by \(node!.operation) — use detached()")
        node = nil
      }
    }
  }

  /// The gradient accumulated in this leaf by backward passes (PyTorch's `.grad`), or nil
  /// before any backward pass reached it.
  public var gradient: Tensor? { node?.gradient }

  /// Sets the accumulated gradient to zeros (PyTorch's `grad.zero_()`). Nothing is filled:
  /// the gradient reads as zeros, and the next backward pass stores its cotangent.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func zeroGradient() {
    if let node, node.accumulatedGradient != nil { node.gradientIsZeroed = true }
  }

  /// The name of the operation that computed this tensor, like PyTorch's `grad_fn`:
  /// `MultiplyBackward`, `MatmulBackward`, … Nil for leaves and for tensors that need no
  /// gradient.
  public var gradientFunction: String? {
    guard let node, !node.isLeaf else { return nil }
    return node.operation
  }

  /// The same values with no gradient tracking and no tangent (PyTorch's `detach()`).
  public func detached() -> Tensor { plain }

  /// Stops tracking this tensor in place.
  public mutating func detach() { self = plain }

  /// Backpropagates from this one-element tensor: every leaf it depends on gains
  /// ∂self/∂leaf in its ``gradient``.
  ///
  /// - Precondition: the tensor has exactly one element; otherwise pass a cotangent with
  ///   ``backward(_:retainingGraph:)``.
  public func backward(retainingGraph: Bool = false) {
    require(
      count == 1,
      "backward(): the tensor has shape \(shape) (\(count) elements); backward() needs a "
        + "single element — pass a cotangent of shape \(shape): backward(v)")
    backward(Tensor(shape: shape, scalars: [1]), retainingGraph: retainingGraph)
  }

  /// Backpropagates the cotangent `v`: every leaf gains vᵀ·∂self/∂leaf in its
  /// ``gradient`` (a vector–Jacobian product).
  ///
  /// One sweep over the Wengert list, from this tensor's entry back to the start. The
  /// list is then released unless `retainingGraph` is true; a second backward through a
  /// released list is an error, as in PyTorch.
  public func backward(_ v: Tensor, retainingGraph: Bool = false) {
    require(
      v.shape == shape,
      "backward(_:): the cotangent has shape \(v.shape) but the tensor has shape \(shape)")
    guard let node else {
      stopMisuse(
        "backward(): this tensor does not require a gradient: set requiresGradient on an "
          + "input before computing it")
    }
    Self.sweep(from: node, cotangent: v.plain, retainingGraph: retainingGraph, into: nil)
  }

  /// The backward sweep. With `leaves`, only those leaves receive gradients, returned
  /// rather than accumulated (the functional transforms use this). With `stackedLanes` k,
  /// `cotangent` is k cotangents stacked along a new first axis and every cotangent
  /// passed along is too: one sweep for k rows of a Jacobian.
  @usableFromInline
  @discardableResult
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func sweep(
    from node: TensorNode<Scalar>, cotangent: Tensor, retainingGraph: Bool,
    into leaves: [TensorNode<Scalar>]?, stackedLanes: Int? = nil
  ) -> [Tensor?] {
    let prefix = stackedLanes.map { [$0] } ?? []
    var collected = [Tensor?](filledWith: nil, count: leaves?.count ?? 0)
    func deliver(_ cotangent: Tensor, to leaf: TensorNode<Scalar>) {
      if let leaves {
        for (i, target) in leaves.enumerated() where target === leaf {
          collected[i] = collected[i].map { $0 + cotangent } ?? cotangent
        }
      } else {
        leaf.accumulate(cotangent)
      }
    }
    if node.isLeaf {
      deliver(cotangent, to: node)
      return collected
    }
    let tape = node.tape!.root
    require(
      !tape.isReleased,
      "backward(): the graph was already released by an earlier backward(); pass "
        + "retainingGraph: true to the first call to sweep it again")
    node.pendingCotangent = cotangent
    var position = node.position
    while position >= 0 {
      defer { position -= 1 }
      guard let entry = tape.node(at: position), let incoming = entry.pendingCotangent else {
        continue
      }
      entry.pendingCotangent = nil
      let outgoing =
        stackedLanes.map { pulledBack(stacked: incoming, lanes: $0, through: entry) }
        ?? pulledBack(incoming, through: entry)
      TensorAnomalyLog.current?.swept(entry, incoming, outgoing)
      for (input, contribution) in zip(entry.inputs, outgoing) {
        guard let input, let contribution else { continue }
        require(
          contribution.shape == prefix + input.shape,
          "\(entry.operation): internal error, cotangent shape \(contribution.shape) for an input of shape \(input.shape)")
        if input.isLeaf {
          deliver(contribution, to: input)
        } else {
          require(
            input.tape?.root === tape,
            "backward(): \(entry.operation) uses a tensor computed by \(input.operation) in a graph "
              + "that an earlier backward() released; the graph cannot be swept again — pass "
              + "retainingGraph: true to the first backward(), or detach the tensor")
          input.pendingCotangent = input.pendingCotangent.map { $0 + contribution } ?? contribution
        }
      }
    }
    if !retainingGraph {
      tape.isReleased = true
      tape.entries = []
    }
    return collected
  }

  /// The inputs' cotangents from `entry`'s pullback. A cotangent that carries tangents
  /// (forward over reverse) gets tangents on the inputs' cotangents too: its own tangents
  /// pulled back (the pullback is linear), all lanes in one stacked call, plus the entry's
  /// curvature, how the pullback changes as its inputs move.
  @usableFromInline
  static func pulledBack(_ incoming: Tensor, through entry: TensorNode<Scalar>) -> [Tensor?] {
    guard incoming.tangentScalars != nil || entry.curvature != nil else {
      return entry.pullback!(incoming)
    }
    let plainIncoming = incoming.plain
    let outgoing = entry.pullback!(plainIncoming)
    let lanes = incoming.tangentScalars != nil ? incoming.tangentLaneCount : nil
    let curvatures = entry.curvature?(plainIncoming)
    var pulled = lanes.map { lanes in
      pulledBack(
        stacked: Tensor(shape: TensorShape.stacked(lanes, incoming.shape), scalars: incoming.tangentScalars!),
        lanes: lanes, through: entry)
    }
    return entry.inputs.indices.map { i -> Tensor? in
      guard let input = entry.inputs[i] else { return nil }
      // Taken out of `pulled`, so that adding the curvature below writes in place rather
      // than copying an array `pulled` still shares.
      var tangent = pulled?[i]?.scalars
      pulled?[i] = nil
      if let moved = curvatures?[i] {
        require(
          tangent == nil || tangent!.count == moved.count,
          "\(entry.operation): the cotangent carries \(lanes ?? 0) tangents but the operation was "
            + "recorded with \(moved.shape.first ?? 0)")
        if tangent == nil {
          tangent = moved.scalars
        } else {
          tangent!.withUnsafeMutableBufferPointer { t in
            moved.scalars.withUnsafeBufferPointer { m in
              for j in m.indices { t[j] += m[j] }
            }
          }
        }
      }
      guard let tangent else { return outgoing[i] }
      var result = outgoing[i] ?? .zeros(input.shape)
      result.tangentScalars = tangent
      return result
    }
  }

  /// The inputs' cotangents for k cotangents stacked along a new first axis: one call of a
  /// pullback that accepts them stacked, else one call per cotangent, stacked afterwards.
  @usableFromInline
  static func pulledBack(stacked incoming: Tensor, lanes: Int, through entry: TensorNode<Scalar>)
    -> [Tensor?]
  {
    if entry.acceptsStackedCotangents { return entry.pullback!(incoming) }
    return stacking((0..<lanes).map { entry.pullback!(lane($0, of: incoming)) })
  }
}
