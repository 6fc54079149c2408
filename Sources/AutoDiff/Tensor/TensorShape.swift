/// Shape arithmetic shared by the tensor operations: element counts, row-major strides,
/// broadcasting and axis normalisation, with errors that name the operation.
@usableFromInline
enum TensorShape {
  /// `[lanes] + shape`, the shape of `lanes` stacked tangents or cotangents, in one
  /// allocation (the literal and `+` take two: the second grows the first).
  @usableFromInline
  static func stacked(_ lanes: Int, _ shape: [Int]) -> [Int] {
    stacked(lanes, shape, paddedTo: shape.count)
  }

  /// `[lanes]`, then `shape` with 1s in front up to `rank` axes: stacked lanes of an
  /// operand, seen with the rank of the result it broadcasts to.
  @usableFromInline
  static func stacked(_ lanes: Int, _ shape: [Int], paddedTo rank: Int) -> [Int] {
    require(shape.count <= rank, "internal error: shape \(shape) padded to \(rank) axes")
    var result = [Int](filledWith: 1, count: rank + 1)
    result[0] = lanes
    let offset = rank + 1 - shape.count
    for i in shape.indices { result[offset + i] = shape[i] }
    return result
  }

  /// The number of elements of `shape`, refusing one that overflows `Int`.
  @usableFromInline
  static func count(of shape: [Int], in operation: String = "Tensor") -> Int {
    var total = 1
    for dimension in shape {
      require(dimension >= 0, "\(operation): negative dimension in shape \(shape)")
      let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
      require(!overflow, "\(operation): the element count of shape \(shape) overflows Int")
      total = product
    }
    return total
  }

  /// Row-major strides of `shape`, in elements.
  @usableFromInline
  static func strides(of shape: [Int]) -> [Int] {
    var strides = [Int](filledWith: 1, count: shape.count)
    var running = 1
    for axis in shape.indices.reversed() {
      strides[axis] = running
      running *= shape[axis]
    }
    return strides
  }

  /// The shape two operands broadcast to (NumPy rules: align trailing axes; each pair of
  /// dimensions must be equal or one of them 1).
  @usableFromInline
  static func broadcast(_ a: [Int], _ b: [Int], in operation: @autoclosure () -> String) -> [Int] {
    let rank = Swift.max(a.count, b.count)
    var result = [Int](filledWith: 1, count: rank)
    for i in 0..<rank {
      let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
      let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
      require(
        da == db || da == 1 || db == 1,
        "\(operation()): shapes \(a) and \(b) cannot be broadcast together (axis \(i): \(da) vs \(db))")
      result[i] = da == 1 ? db : da
    }
    return result
  }

  /// When `small` (aligned to the right, padded with leading 1s) differs from `big` in one
  /// contiguous run of axes where `small` has 1s, the sizes (outer, repeated, inner) of
  /// the axes before, in and after that run; nil otherwise.
  @usableFromInline
  static func stretchedBlock(_ small: [Int], within big: [Int]) -> (outer: Int, repeated: Int, inner: Int)? {
    guard small.count <= big.count else { return nil }
    let padded = [Int](filledWith: 1, count: big.count - small.count) + small
    guard let first = big.indices.first(where: { padded[$0] != big[$0] }) else { return nil }
    var last = first
    while last + 1 < big.count && padded[last + 1] != big[last + 1] { last += 1 }
    guard (first...last).allSatisfy({ padded[$0] == 1 }),
      ((last + 1)..<big.count).allSatisfy({ padded[$0] == big[$0] })
    else { return nil }
    return (
      big[..<first].reduce(1, *), big[first...last].reduce(1, *), big[(last + 1)...].reduce(1, *)
    )
  }

  /// Strides that read an operand of shape `shape` as if it had shape `target` (stride 0
  /// along broadcast axes).
  @usableFromInline
  static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
    let own = strides(of: shape)
    let offset = target.count - shape.count
    return target.indices.map { axis in
      axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
    }
  }

  /// `axis` as a non-negative index, accepting negative axes counted from the end.
  @usableFromInline
  static func normalize(axis: Int, rank: Int, in operation: String) -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    require(
      normalized >= 0 && normalized < rank,
      "\(operation): axis \(axis) is out of range for a tensor of rank \(rank)")
    return normalized
  }
}
