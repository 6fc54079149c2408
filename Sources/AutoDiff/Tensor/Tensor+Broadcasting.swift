// Broadcasting: reading two operands at the positions of their common shape, and
// summing a cotangent back down to an operand's shape.
extension Tensor {
  /// Calls `body(i, ia, ib)` for every element i of the broadcast shape `shape`, with the
  /// positions ia and ib it reads in operands of shapes `a` and `b`.
  @inlinable @inline(__always)
  static func forEachBroadcastPair(
    _ a: [Int], _ b: [Int], to shape: [Int], _ body: (Int, Int, Int) -> Void
  ) {
    let count = TensorShape.count(of: shape)
    if a == shape && b == shape {
      for i in 0..<count { body(i, i, i) }
      return
    }
    let aCount = TensorShape.count(of: a)
    let bCount = TensorShape.count(of: b)
    // A full reduction (or a pair of scalars): both operands' only element, every time.
    if aCount == 1 && bCount == 1 {
      for i in 0..<count { body(i, 0, 0) }
      return
    }
    if a == shape && bCount == 1 {
      for i in 0..<count { body(i, i, 0) }
      return
    }
    if b == shape && aCount == 1 {
      for i in 0..<count { body(i, 0, i) }
      return
    }
    guard count > 0 else { return }
    guard let inner = shape.last else { return body(0, 0, 0) }
    let aStrides = TensorShape.broadcastStrides(of: a, to: shape)
    let bStrides = TensorShape.broadcastStrides(of: b, to: shape)
    // The last axis as a tight loop with each operand's stride along it (1 or 0), and an
    // odometer over the other axes once per row of the result.
    let (aStep, bStep) = (aStrides[shape.count - 1], bStrides[shape.count - 1])
    var index = [Int](filledWith: 0, count: shape.count)
    var (ia, ib) = (0, 0)
    var i = 0
    for _ in 0..<(count / inner) {
      var (ja, jb) = (ia, ib)
      for _ in 0..<inner {
        body(i, ja, jb)
        i += 1
        ja += aStep
        jb += bStep
      }
      // Odometer step over the outer axes, moving both read positions with it.
      var axis = shape.count - 2
      while axis >= 0 {
        index[axis] += 1
        ia += aStrides[axis]
        ib += bStrides[axis]
        if index[axis] < shape[axis] { break }
        ia -= aStrides[axis] * shape[axis]
        ib -= bStrides[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }

  /// `self` (of a broadcast shape) summed over the axes that broadcasting stretched, so it
  /// has shape `target`: the transpose of broadcasting, used by every pullback.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  func summed(toShape target: [Int]) -> Tensor {
    if target == shape { return self }
    let targetCount = TensorShape.count(of: target)
    if targetCount == 1 {
      return Tensor(shape: target, scalars: [Self.total(of: scalars)])
    }
    var result = [Scalar](filledWith: 0, count: targetCount)
    let trailing = Array(target.drop { $0 == 1 })
    if trailing.count <= shape.count, Array(shape.suffix(trailing.count)) == trailing, targetCount > 0 {
      // A bias's cotangent: the target repeats every `targetCount` elements, so the sum
      // is row after row added into one row (a loop that vectorises).
      result.withUnsafeMutableBufferPointer { out in
        scalars.withUnsafeBufferPointer { values in
          // (Wrapping index arithmetic here and below: every index is below the arrays'
          // counts, and overflow checks in the inner loops keep them from vectorising.)
          var row = 0
          while row < values.count {
            for j in 0..<targetCount { out[j] += values[row &+ j] }
            row &+= targetCount
          }
        }
      }
      return Tensor(shape: target, scalars: result)
    }
    if let (outer, repeated, inner) = TensorShape.stretchedBlock(target, within: shape) {
      // One run of stretched axes: each outer block adds its `repeated` rows of `inner`
      // elements into one row, in the same order as the general loop below.
      result.withUnsafeMutableBufferPointer { out in
        scalars.withUnsafeBufferPointer { values in
          if inner == 1 {
            // A sum along the last axis: each row's sum in a register, added in the same
            // order as below, rather than stored and reloaded after every addition.
            for o in 0..<outer {
              var sum = out[o]
              for r in 0..<repeated { sum += values[o &* repeated &+ r] }
              out[o] = sum
            }
            return
          }
          for o in 0..<outer {
            for r in 0..<repeated {
              let source = (o &* repeated &+ r) &* inner
              let destination = o &* inner
              for b in 0..<inner { out[destination &+ b] += values[source &+ b] }
            }
          }
        }
      }
      return Tensor(shape: target, scalars: result)
    }
    result.withUnsafeMutableBufferPointer { out in
      scalars.withUnsafeBufferPointer { values in
        Self.forEachBroadcastPair(target, [], to: shape) { i, it, _ in out[it] += values[i] }
      }
    }
    return Tensor(shape: target, scalars: result)
  }

  /// The sum of `values` in eight interleaved partial sums, added pairwise at the end:
  /// eight independent additions per step instead of one chain, and no more rounding
  /// error than a sequential sum (each partial sum adds an eighth of the terms).
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func total(of values: [Scalar]) -> Scalar {
    values.withUnsafeBufferPointer { v in
      var (s0, s1, s2, s3, s4, s5, s6, s7): (Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar) =
        (0, 0, 0, 0, 0, 0, 0, 0)
      var i = 0
      while i + 8 <= v.count {
        s0 += v[i]; s1 += v[i + 1]; s2 += v[i + 2]; s3 += v[i + 3]
        s4 += v[i + 4]; s5 += v[i + 5]; s6 += v[i + 6]; s7 += v[i + 7]
        i += 8
      }
      var tail: Scalar = 0
      while i < v.count { tail += v[i]; i += 1 }
      return (((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7))) + tail
    }
  }

  /// `self` stretched to the broadcast shape `target` (the transpose of ``summed(toShape:)``).
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  func broadcast(toShape target: [Int]) -> Tensor {
    if target == shape { return plain }
    if count == 1 {
      // One value everywhere (the backward of a full sum): a fill.
      return Tensor(shape: target, scalars: [Scalar](filledWith: scalars[0], count: TensorShape.count(of: target)))
    }
    if let (outer, repeated, inner) = TensorShape.stretchedBlock(shape, within: target) {
      // One run of stretched axes: each outer block's row is copied `repeated` times.
      let result = Self.written(count: outer * repeated * inner) { out in
        scalars.withUnsafeBufferPointer { values in
          if inner == 1 {
            // Each value repeated along the last axis: one fill per value.
            for o in 0..<outer {
              let value = values[o]
              let start = o &* repeated
              for r in 0..<repeated { out[start &+ r] = value }
            }
            return
          }
          for o in 0..<outer {
            let source = o &* inner
            for r in 0..<repeated {
              let destination = (o &* repeated &+ r) &* inner
              for b in 0..<inner { out[destination &+ b] = values[source &+ b] }
            }
          }
        }
      }
      return Tensor(shape: target, scalars: result)
    }
    let result = Self.written(count: TensorShape.count(of: target)) { out in
      scalars.withUnsafeBufferPointer { values in
        Self.forEachBroadcastPair(shape, [], to: target) { i, ia, _ in out[i] = values[ia] }
      }
    }
    return Tensor(shape: target, scalars: result)
  }
}
