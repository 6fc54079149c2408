import AutoDiff
import RealModule

/// A naive tensor of any Differentiable scalar, every operation an explicit loop: the
/// element-by-element version of each tensor operation, run under Dual/Tracked to check
/// the tensor derivatives against the scalar modes.
struct ReferenceTensor<T: Differentiable> {
  var shape: [Int]
  var scalars: [T]

  var count: Int { scalars.count }

  static func strides(_ shape: [Int]) -> [Int] {
    var s = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in shape.indices.reversed() {
      s[axis] = running
      running *= shape[axis]
    }
    return s
  }

  static func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
    var rest = flat
    return strides(shape).map { stride in
      defer { rest %= stride }
      return rest / stride
    }
  }

  static func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
    zip(index, strides(shape)).map(*).reduce(0, +)
  }

  func map(_ f: (T) -> T) -> ReferenceTensor { ReferenceTensor(shape: shape, scalars: scalars.map(f)) }

  func zipBroadcast(_ other: ReferenceTensor, _ f: (T, T) -> T) -> ReferenceTensor {
    let rank = Swift.max(shape.count, other.shape.count)
    let a = [Int](repeating: 1, count: rank - shape.count) + shape
    let b = [Int](repeating: 1, count: rank - other.shape.count) + other.shape
    let out = zip(a, b).map { Swift.max($0, $1) }
    let n = out.reduce(1, *)
    var result: [T] = []
    for i in 0..<n {
      let index = Self.multiIndex(i, out)
      let ia = Self.flatIndex(zip(index, a).map { $1 == 1 ? 0 : $0 }, a)
      let ib = Self.flatIndex(zip(index, b).map { $1 == 1 ? 0 : $0 }, b)
      result.append(f(scalars[ia], other.scalars[ib]))
    }
    return ReferenceTensor(shape: out, scalars: result)
  }

  /// Reduces `axes` with `combine`, keeping them as size 1.
  func reduce(_ axes: [Int], _ initial: (T) -> T, _ combine: (T, T) -> T) -> ReferenceTensor {
    let kept = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
    var result = [T?](repeating: nil, count: kept.reduce(1, *))
    for i in 0..<count {
      let index = Self.multiIndex(i, shape)
      let k = Self.flatIndex(zip(index, kept).map { $1 == 1 ? 0 : $0 }, kept)
      result[k] = result[k].map { combine($0, scalars[i]) } ?? initial(scalars[i])
    }
    return ReferenceTensor(shape: kept, scalars: result.map { $0! })
  }

  func sum(_ axes: [Int]) -> ReferenceTensor { reduce(axes, { $0 }, +) }

  func mean(_ axes: [Int]) -> ReferenceTensor {
    let n = axes.reduce(1) { $0 * shape[$1] }
    return sum(axes).map { $0 / T(n) }
  }

  func maximum(_ axes: [Int]) -> ReferenceTensor {
    // Ties share the derivative: the mean of the tied elements.
    let m = reduce(axes, { $0 }, { T.maximum($0, $1).withoutDerivative == $0.withoutDerivative ? $0 : $1 })
    var sums = [T](repeating: 0, count: m.count)
    var ties = [Int](repeating: 0, count: m.count)
    for i in 0..<count {
      let index = Self.multiIndex(i, shape)
      let k = Self.flatIndex(zip(index, m.shape).map { $1 == 1 ? 0 : $0 }, m.shape)
      if scalars[i] == m.scalars[k] {
        sums[k] += scalars[i]
        ties[k] += 1
      }
    }
    return ReferenceTensor(shape: m.shape, scalars: zip(sums, ties).map { $0 / T($1) })
  }

  func logSumExp(_ axes: [Int]) -> ReferenceTensor {
    let m = maximum(axes).map { $0.withoutDerivative }
    let shifted = zipBroadcast(m) { T.exp($0 - $1) }.sum(axes)
    return shifted.zipBroadcast(m) { T.log($0) + $1 }
  }

  func logSoftmax(_ axis: Int) -> ReferenceTensor {
    zipBroadcast(logSumExp([axis])) { $0 - $1 }
  }

  func softmax(_ axis: Int) -> ReferenceTensor { logSoftmax(axis).map { T.exp($0) } }

  static func matmul(_ a: ReferenceTensor, _ b: ReferenceTensor) -> ReferenceTensor {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    var result: [T] = []
    for i in 0..<m {
      for j in 0..<n {
        var s: T = 0
        for p in 0..<k { s += a.scalars[i * k + p] * b.scalars[p * n + j] }
        result.append(s)
      }
    }
    return ReferenceTensor(shape: [m, n], scalars: result)
  }

  func transposed() -> ReferenceTensor {
    let (r, c) = (shape[0], shape[1])
    return ReferenceTensor(shape: [c, r], scalars: (0..<(r * c)).map { i in scalars[(i % r) * c + i / r] })
  }

  func slice(_ range: Range<Int>, axis: Int) -> ReferenceTensor {
    var newShape = shape
    newShape[axis] = range.count
    var result: [T] = []
    for i in 0..<count {
      let index = Self.multiIndex(i, shape)
      if range.contains(index[axis]) { result.append(scalars[i]) }
    }
    return ReferenceTensor(shape: newShape, scalars: result)
  }
}
