// Shape helpers: squeeze, unsqueeze, expand, diagonal, strided and negative-index slicing,
// and assignment into tensors that need no gradient. All are linear maps that move or
// repeat elements: squeeze and unsqueeze are reshapes, diagonal and strided slices are
// one gather (`taking(_:alongAxis:name:)`) whose pullback scatters back, and expand is a
// broadcast whose pullback sums back.
extension Tensor {
  /// This tensor without the size-1 axes listed in `axes`, or without every size-1 axis
  /// when `axes` is nil. PyTorch: `x.squeeze(dim)`.
  ///
  /// Negative axes count from the end. Unlike PyTorch, which ignores a listed axis whose
  /// size is not 1, that stops with a message. A reshape: derivative the same reshape.
  public func squeezed(alongAxes axes: [Int]? = nil) -> Tensor {
    guard let axes else { return reshaped(to: shape.filter { $0 != 1 }) }
    let normalized = Set(axes.map { TensorShape.normalize(axis: $0, rank: rank, in: "squeezed(alongAxes:)") })
    for axis in normalized.sorted() {
      require(
        shape[axis] == 1,
        "squeezed(alongAxes:): axis \(axis) has size \(shape[axis]), not 1 (shape \(shape))")
    }
    return reshaped(to: shape.indices.filter { !normalized.contains($0) }.map { shape[$0] })
  }

  /// This tensor with a new axis of size 1 at position `axis` of the result (negative
  /// counts from the end of the result: −1 appends). PyTorch: `x.unsqueeze(dim)`.
  ///
  /// A reshape: derivative the same reshape.
  public func unsqueezed(at axis: Int) -> Tensor {
    let a = TensorShape.normalize(axis: axis, rank: rank + 1, in: "unsqueezed(at:)")
    var newShape = shape
    newShape.insert(1, at: a)
    return reshaped(to: newShape)
  }

  /// This tensor broadcast to `newShape` (NumPy rules: trailing axes aligned, a size-1 or
  /// missing axis repeats). PyTorch: `x.expand(*shape)` (materialised here, not a view).
  ///
  /// JVP: the tangent broadcast the same way. Pullback: the cotangent summed over the
  /// repeated axes back to this shape. Linear.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func expanded(to newShape: [Int]) -> Tensor {
    let shape = self.shape
    require(
      newShape.count >= shape.count
        && TensorShape.broadcast(shape, newShape, in: "expanded(to:)") == newShape,
      "expanded(to:): shape \(shape) cannot be expanded to \(newShape)")
    if shape == newShape { return self }
    return Self.record(
      "ExpandBackward", [self], value: plain.broadcast(toShape: newShape),
      stackedJVP: { t, _ in t.scalars(0, broadcastTo: newShape) },
      pullback: { ct in [Self.reduced(ct, from: newShape, to: shape)] },
      stackedPullback: true,
      curvature: Self.linear)
  }

  /// The main diagonal of a rank-2 tensor: `[x[0, 0], x[1, 1], …]`, min(m, n) elements.
  /// PyTorch: `torch.diagonal(x)`.
  ///
  /// JVP: the tangent's diagonal. Pullback: the cotangent on the diagonal of a zero
  /// matrix. Linear.
  public func diagonal() -> Tensor {
    require(rank == 2, "diagonal(): expects a rank-2 tensor, got shape \(shape)")
    let (m, n) = (shape[0], shape[1])
    let positions = (0..<Swift.min(m, n)).map { $0 * n + $0 }
    return reshaped(to: [m * n]).taking(positions, alongAxis: 0, name: "DiagonalBackward")
  }

  /// Every `step`-th element along `axis` from `start` up to (not including) `end`, with
  /// Python's slice semantics: negative `start` and `end` count from the end of the axis,
  /// nil means the end the step walks from or to, and a negative `step` walks backwards.
  /// PyTorch/NumPy: `x[start:end:step]` along `axis` (PyTorch refuses negative steps;
  /// NumPy allows them).
  ///
  /// ```swift
  /// let x = Tensor<Double>([0, 1, 2, 3, 4, 5])
  /// x.slice(from: 1, step: 2)   // [1.0, 3.0, 5.0]
  /// x.slice(from: -2)           // [4.0, 5.0]
  /// x.slice(step: -1)           // [5.0, 4.0, 3.0, 2.0, 1.0, 0.0]
  /// ```
  ///
  /// Unlike Python, an index outside −size...size stops with a message instead of being
  /// clamped. JVP: the same slice of the tangent; pullback: the cotangent scattered back
  /// into zeros. Linear.
  public func slice(from start: Int? = nil, to end: Int? = nil, step: Int = 1, alongAxis axis: Int = 0) -> Tensor {
    let a = TensorShape.normalize(axis: axis, rank: rank, in: "slice(from:to:step:alongAxis:)")
    let size = shape[a]
    require(step != 0, "slice(from:to:step:alongAxis:): step must not be 0 (shape \(shape))")
    func resolve(_ index: Int?, _ name: String) -> Int? {
      guard let index else { return nil }
      require(
        (-size...size).contains(index),
        "slice(from:to:step:alongAxis:): \(name) \(index) is out of range for axis \(a) of size \(size) "
          + "(shape \(shape))")
      return index < 0 ? index + size : index
    }
    let (first, last) = (resolve(start, "start"), resolve(end, "end"))
    let positions: [Int]
    if step > 0 {
      let (from, to) = (first ?? 0, last ?? size)
      positions = from < to ? Array(Swift.stride(from: from, to: to, by: step)) : []
    } else {
      let from = Swift.min(first ?? size - 1, size - 1)
      let to = last ?? -1
      positions = from > to ? Array(Swift.stride(from: from, to: to, by: step)) : []
    }
    if step == 1 { return slice(positions.first.map { $0..<($0 + positions.count) } ?? 0..<0, alongAxis: a) }
    return taking(positions, alongAxis: a, name: "SliceBackward")
  }

  /// The elements at `positions` (each in range, distinct or not) along `axis`, in that
  /// order. JVP: the same gather of the tangent; pullback: the cotangent added back at the
  /// positions (a repeated position collects every copy's cotangent). Linear. Tangent
  /// lanes and stacked cotangents are a larger outer extent of the same loop.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  func taking(_ positions: [Int], alongAxis a: Int, name: String) -> Tensor {
    let size = shape[a]
    let inner = shape[(a + 1)...].reduce(1, *)
    let outer = shape[..<a].reduce(1, *)
    var newShape = shape
    newShape[a] = positions.count
    let fullShape = shape
    func gather(_ x: Tensor, _ resultShape: [Int]) -> Tensor {
      let blocks = x.count / Swift.max(size * inner, 1)
      var result: [Scalar] = []
      result.reserveCapacity(blocks * positions.count * inner)
      x.scalars.withUnsafeBufferPointer { source in
        for o in 0..<blocks {
          for p in positions {
            let start = (o * size + p) * inner
            result.append(contentsOf: source[start..<(start + inner)])
          }
        }
      }
      return Tensor(shape: resultShape, scalars: result)
    }
    return Self.record(
      name, [self], value: gather(plain, newShape),
      stackedJVP: { t, lanes in gather(t[0]!, TensorShape.stacked(lanes, newShape)).scalars },
      pullback: { ct in
        let prefix = Self.lanePrefix(of: ct, for: newShape)
        let blocks = prefix.reduce(outer, *)
        var result = [Scalar](filledWith: 0, count: blocks * size * inner)
        result.withUnsafeMutableBufferPointer { out in
          ct.scalars.withUnsafeBufferPointer { source in
            var next = 0
            for o in 0..<blocks {
              for p in positions {
                let start = (o * size + p) * inner
                for i in 0..<inner { out[start + i] += source[next + i] }
                next += inner
              }
            }
          }
        }
        return [Tensor(shape: prefix + fullShape, scalars: result)]
      },
      stackedPullback: true,
      curvature: Self.linear)
  }

  /// The element at `indices`, one per axis; negative indices count from the end of their
  /// axis. PyTorch: `x[i, j].item()` and `x[i, j] = v`.
  ///
  /// Reading gives a plain number (no derivative). Setting needs a tensor that needs no
  /// gradient and carries no tangent: writing into a recorded tensor would change a value
  /// its graph has already used, so it stops with a message.
  public subscript(scalarAt indices: Int...) -> Scalar {
    get { scalars[flatIndex(of: indices, in: "subscript(scalarAt:)")] }
    set {
      requireAssignable("subscript(scalarAt:) set")
      scalars[flatIndex(of: indices, in: "subscript(scalarAt:) set")] = newValue
    }
  }

  /// The row-major position of the element at `indices`, negative ones from the end.
  func flatIndex(of indices: [Int], in operation: String) -> Int {
    require(
      indices.count == rank,
      "\(operation): \(indices.count) indices for a tensor of rank \(rank) (shape \(shape))")
    var offset = 0
    for (axis, index) in indices.enumerated() {
      let size = shape[axis]
      require(
        (-size..<size).contains(index),
        "\(operation): index \(index) is out of range for axis \(axis) of size \(size) (shape \(shape))")
      offset = offset * size + (index < 0 ? index + size : index)
    }
    return offset
  }

  /// `index` along the first axis as a non-negative position, negative ones from the end.
  func rowIndex(_ index: Int, in operation: String) -> Int {
    require(rank >= 1, "\(operation): a scalar tensor has no axis to index")
    require(
      (-shape[0]..<shape[0]).contains(index),
      "\(operation): index \(index) is out of range for axis 0 of size \(shape[0]) (shape \(shape))")
    return index < 0 ? index + shape[0] : index
  }

  /// Stops unless this tensor may be written in place: it needs no gradient and carries
  /// no tangent.
  func requireAssignable(_ operation: String) {
    require(
      node == nil,
      "\(operation): this tensor requires a gradient (shape \(shape)); assigning into it would "
        + "change a value the graph has recorded. Assign into a tensor that needs no gradient, "
        + "e.g. x.detached(), or build the new tensor from differentiable operations")
    require(
      tangentScalars == nil,
      "\(operation): this tensor carries a forward-mode tangent (shape \(shape)); assigning into "
        + "it would leave the tangent stale")
  }

  /// `self[range] = value` along the first axis: `value` broadcast to the slice's shape.
  /// Used by the setters of `subscript(index:)` and `subscript(range:)`.
  mutating func assign(_ value: Tensor, toRows range: Range<Int>, in operation: String) {
    requireAssignable(operation)
    require(rank >= 1, "\(operation): a scalar tensor has no axis to index")
    require(
      range.lowerBound >= 0 && range.upperBound <= shape[0],
      "\(operation): range \(range) is out of bounds for axis 0 of size \(shape[0]) (shape \(shape))")
    require(
      value.tangentScalars == nil && (value.node == nil || !GradientRecording.isEnabled),
      "\(operation): the assigned value requires a gradient or carries a tangent (shape "
        + "\(value.shape)); its derivative would be lost. Assign value.detached(), or assign "
        + "inside withoutGradient { … }")
    var target = shape
    target[0] = range.count
    require(
      value.rank <= target.count
        && TensorShape.broadcast(value.shape, target, in: operation) == target,
      "\(operation): a value of shape \(value.shape) cannot be assigned to a slice of shape \(target)")
    let inner = shape.dropFirst().reduce(1, *)
    let block = value.plain.broadcast(toShape: target).scalars
    scalars.replaceSubrange((range.lowerBound * inner)..<(range.upperBound * inner), with: block)
  }
}
