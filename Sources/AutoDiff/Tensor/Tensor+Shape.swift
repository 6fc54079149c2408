// Reshaping, transposing, slicing, indexing, concatenation and stacking: linear maps that
// move elements around, each with its JVP (the same move of the tangent) and its
// pullback (the inverse move, summing where elements were repeated).
extension Tensor {
  /// The same elements viewed with another shape of the same count. One dimension may be
  /// −1, inferred from the others.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func reshaped(to newShape: [Int]) -> Tensor {
    // A constant, so that the closures below capture it without a heap box on every call.
    let target = inferredShape(newShape)
    require(
      TensorShape.count(of: target, in: "reshaped(to:)") == count,
      "reshaped(to:): shape \(shape) (\(count) elements) cannot be viewed as \(newShape)")
    if node == nil && tangentScalars == nil {
      return Tensor(shape: target, scalars: scalars)
    }
    let original = shape
    return Self.record(
      "ReshapeBackward", [self], value: Tensor(shape: target, scalars: scalars),
      stackedJVP: { t, _ in t.scalars(0)! },
      pullback: { ct in [Tensor(shape: Self.lanePrefix(of: ct, for: target) + original, scalars: ct.scalars)] },
      stackedPullback: true,
      curvature: Self.linear)
  }

  /// `newShape` with its −1, if any, replaced by the extent that keeps the element count.
  func inferredShape(_ newShape: [Int]) -> [Int] {
    guard let inferred = newShape.firstIndex(of: -1) else { return newShape }
    let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
    require(
      known > 0 && count % known == 0,
      "reshaped(to:): cannot infer the −1 in \(newShape) for \(count) elements of shape \(shape)")
    var target = newShape
    target[inferred] = count / known
    return target
  }

  /// The axes reordered: result axis i is axis `permutation[i]` of this tensor.
  public func permuted(_ permutation: [Int]) -> Tensor {
    require(
      permutation.sorted() == Array(0..<rank),
      "permuted(_:): \(permutation) is not a permutation of the \(rank) axes of shape \(shape)")
    let newShape = permutation.map { shape[$0] }
    let inverse = permutation.indices.sorted { permutation[$0] < permutation[$1] }
    return Self.record(
      "PermuteBackward", [self], value: Self.movedAxes(plain, permutation),
      jvp: { t in Self.movedAxes(t[0]!, permutation) },
      pullback: { ct in [Self.movedAxes(ct, inverse)] },
      curvature: Self.linear
    ).reshaped(to: newShape)
  }

  /// The transpose of a rank-2 tensor.
  public func transposed() -> Tensor {
    require(rank == 2, "transposed(): expects a rank-2 tensor, got shape \(shape)")
    return permuted([1, 0])
  }

  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func movedAxes(_ x: Tensor, _ permutation: [Int]) -> Tensor {
    let newShape = permutation.map { x.shape[$0] }
    let sourceStrides = TensorShape.strides(of: x.shape)
    let readStrides = permutation.map { sourceStrides[$0] }
    var result = [Scalar](filledWith: 0, count: x.count)
    var index = [Int](filledWith: 0, count: newShape.count)
    var source = 0
    for i in 0..<x.count {
      result[i] = x.scalars[source]
      var axis = newShape.count - 1
      while axis >= 0 {
        index[axis] += 1
        source += readStrides[axis]
        if index[axis] < newShape[axis] { break }
        source -= readStrides[axis] * newShape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
    return Tensor(shape: newShape, scalars: result)
  }

  /// The elements at positions `range` along `axis`.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Tensor {
    let a = TensorShape.normalize(axis: axis, rank: rank, in: "slice")
    require(
      range.lowerBound >= 0 && range.upperBound <= shape[a],
      "slice: range \(range) is out of bounds for axis \(a) of size \(shape[a]) (shape \(shape))")
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    var newShape = shape
    newShape[a] = range.count
    let fullShape = shape
    // The copy and its transpose for `lanes` tensors of the full shape stacked along a new
    // first axis (one for a plain tensor): the lanes only multiply the outer blocks.
    func take(_ x: Tensor, lanes: Int) -> [Scalar] {
      var result: [Scalar] = []
      result.reserveCapacity(lanes * outer * range.count * inner)
      for o in 0..<(lanes * outer) {
        let start = (o * fullShape[a] + range.lowerBound) * inner
        result += x.scalars[start..<(start + range.count * inner)]
      }
      return result
    }
    func put(_ ct: Tensor, lanes: Int) -> [Scalar] {
      // Zeros around each copied block, written once each.
      let count = lanes * TensorShape.count(of: fullShape)
      let length = range.count * inner
      return Self.written(count: count) { out in
        guard let base = out.baseAddress else { return }
        ct.scalars.withUnsafeBufferPointer { source in
          var next = 0
          for o in 0..<(lanes * outer) where length > 0 {
            let start = (o * fullShape[a] + range.lowerBound) * inner
            (base + next).initialize(repeating: 0, count: start - next)
            (base + start).initialize(from: source.baseAddress! + o * length, count: length)
            next = start + length
          }
          (base + next).initialize(repeating: 0, count: count - next)
        }
      }
    }
    return Self.record(
      "SliceBackward", [self], value: Tensor(shape: newShape, scalars: take(plain, lanes: 1)),
      stackedJVP: { t, lanes in take(t[0]!, lanes: lanes) },
      pullback: { ct in
        let prefix = Self.lanePrefix(of: ct, for: newShape)
        return [Tensor(shape: prefix + fullShape, scalars: put(ct, lanes: prefix.first ?? 1))]
      },
      stackedPullback: true,
      curvature: Self.linear)
  }

  /// The sub-tensor at `index` along the first axis (the first axis is dropped); a
  /// negative index counts from the end (`x[-1]` is the last).
  ///
  /// Setting writes `newValue` (broadcast to the sub-tensor's shape, so `x[0] = 0` works)
  /// into a tensor that needs no gradient and carries no tangent; otherwise it stops with
  /// a message (`Tensor+ShapeHelpers.swift`).
  public subscript(index: Int) -> Tensor {
    get {
      let i = rowIndex(index, in: "subscript")
      return slice(i..<(i + 1)).reshaped(to: Array(shape.dropFirst()))
    }
    set {
      let i = rowIndex(index, in: "subscript set")
      assign(newValue, toRows: i..<(i + 1), in: "subscript set")
    }
  }

  /// The sub-tensor at positions `range` along the first axis. Setting writes `newValue`,
  /// broadcast to the slice's shape, under the rules of `subscript(index:)`.
  public subscript(range: Range<Int>) -> Tensor {
    get { slice(range) }
    set { assign(newValue, toRows: range, in: "subscript(range:) set") }
  }
}

/// The tensors joined along an existing axis; all other dimensions must match.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func concatenate<Scalar: TensorScalar>(_ tensors: [Tensor<Scalar>], alongAxis axis: Int = 0)
  -> Tensor<Scalar>
{
  require(!tensors.isEmpty, "concatenate: no tensors to join")
  let first = tensors[0]
  let a = TensorShape.normalize(axis: axis, rank: first.rank, in: "concatenate")
  for (i, t) in tensors.enumerated() {
    require(
      t.rank == first.rank
        && t.shape.indices.allSatisfy { $0 == a || t.shape[$0] == first.shape[$0] },
      "concatenate: tensor \(i) has shape \(t.shape), which does not match \(first.shape) "
        + "outside axis \(a)")
  }
  let sizes = tensors.map { $0.shape[a] }
  var newShape = first.shape
  newShape[a] = sizes.reduce(0, +)
  let outer = first.shape[..<a].reduce(1, *)
  let inner = first.shape[(a + 1)...].reduce(1, *)
  func join(_ parts: [Tensor<Scalar>]) -> Tensor<Scalar> {
    var result: [Scalar] = []
    result.reserveCapacity(TensorShape.count(of: newShape))
    for o in 0..<outer {
      for (part, size) in zip(parts, sizes) {
        result += part.scalars[(o * size * inner)..<((o + 1) * size * inner)]
      }
    }
    return Tensor(shape: newShape, scalars: result)
  }
  let shapes = tensors.map { $0.shape }
  return Tensor.record(
    "ConcatenateBackward", tensors, value: join(tensors.map { $0.plain }),
    jvp: { t in join(zip(t, shapes).map { $0 ?? Tensor.zeros($1) }) },
    pullback: { ct in
      var offset = 0
      return sizes.map { size in
        defer { offset += size }
        return ct.slice(offset..<(offset + size), alongAxis: a)
      }
    },
      curvature: Tensor<Scalar>.linear)
}

/// The tensors, all of one shape, stacked along a new axis.
public func stack<Scalar: TensorScalar>(_ tensors: [Tensor<Scalar>], alongAxis axis: Int = 0)
  -> Tensor<Scalar>
{
  require(!tensors.isEmpty, "stack: no tensors to stack")
  let shape = tensors[0].shape
  for (i, t) in tensors.enumerated() {
    require(t.shape == shape, "stack: tensor \(i) has shape \(t.shape), expected \(shape)")
  }
  let a = TensorShape.normalize(axis: axis, rank: shape.count + 1, in: "stack")
  var expanded = shape
  expanded.insert(1, at: a)
  return concatenate(tensors.map { $0.reshaped(to: expanded) }, alongAxis: a)
}
