import RealModule

// Reductions along axes: sum, mean, max, min and logSumExp, keeping or dropping the
// reduced dimensions.
extension Tensor {
  /// The shape after reducing `axes`, with the reduced dimensions kept as 1.
  @usableFromInline
  func keptShape(reducing axes: Set<Int>) -> [Int] {
    shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
  }

  @usableFromInline
  func normalizedAxes(_ axes: [Int]?, in operation: String) -> Set<Int> {
    guard let axes else { return Set(shape.indices) }
    let normalized = axes.map { TensorShape.normalize(axis: $0, rank: rank, in: operation) }
    let distinct = Set(normalized)
    require(
      distinct.count == normalized.count,
      "\(operation): axes \(axes) name the same axis twice (for a tensor of rank \(rank)); "
        + "list each axis once")
    return distinct
  }

  @usableFromInline
  func finalShape(_ kept: [Int], axes: Set<Int>, keepingDimensions: Bool) -> [Int] {
    keepingDimensions ? kept : shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
  }

  /// The sum over `axes` (all axes by default).
  ///
  /// JVP: the same sum of the tangent. Pullback: the cotangent broadcast back.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func sum(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    let reduced = normalizedAxes(axes, in: "sum")
    let kept = keptShape(reducing: reduced)
    let result = plain.summed(toShape: kept)
    let outShape = finalShape(kept, axes: reduced, keepingDimensions: keepingDimensions)
    let inShape = shape
    return Self.record(
      "SumBackward", [self], value: Tensor(shape: outShape, scalars: result.scalars),
      stackedJVP: { t, lanes in
        t[0]!.summed(toShape: TensorShape.stacked(lanes, kept)).scalars
      },
      pullback: { ct in
        let prefix = Self.lanePrefix(of: ct, for: outShape)
        return [Tensor(shape: prefix + kept, scalars: ct.scalars).broadcast(toShape: prefix + inShape)]
      },
      stackedPullback: true,
      curvature: Self.linear)
  }

  /// The mean over `axes` (all axes by default).
  public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    let reduced = normalizedAxes(axes, in: "mean")
    let n = reduced.reduce(1) { $0 * shape[$1] }
    return sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Tensor(Scalar(n))
  }

  /// The largest element over `axes`; ties share the derivative equally (the convention
  /// of <doc:DerivativeConventions> for max).
  public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    extreme(alongAxes: axes, keepingDimensions: keepingDimensions, name: "MaxBackward", largest: true)
  }

  /// The smallest element over `axes`; ties share the derivative equally.
  public func min(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    extreme(alongAxes: axes, keepingDimensions: keepingDimensions, name: "MinBackward", largest: false)
  }

  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  private func extreme(
    alongAxes axes: [Int]?, keepingDimensions: Bool, name: String, largest: Bool
  ) -> Tensor {
    require(count > 0, "\(name): cannot reduce an empty tensor of shape \(shape)")
    let reduced = normalizedAxes(axes, in: name)
    let kept = keptShape(reducing: reduced)
    let values = scalars
    let inShape = shape
    // A NaN wins: it is the extreme of every slice it is in.
    @inline(__always) func isBetter(_ v: Scalar, _ best: Scalar) -> Bool {
      (largest ? v > best : v < best) || v.isNaN
    }
    // When the reduced axes are the trailing ones (every axis, or the last: a row's
    // maximum), each result reduces one contiguous block of the buffer.
    let trailing = reduced.allSatisfy { $0 >= rank - reduced.count }
    let block = trailing ? reduced.reduce(1) { $0 * inShape[$1] } : 0
    let extremes: [Scalar]
    if trailing {
      extremes = values.withUnsafeBufferPointer { x in
        stride(from: 0, to: x.count, by: block).map { start in
          var best = x[start]
          for v in x[start..<(start + block)] where isBetter(v, best) { best = v }
          return best
        }
      }
    } else {
      // Starting from −∞ (+∞ for the minimum) gives what starting from each slice's first
      // element would: an infinite first element ties with the start, a NaN wins.
      var best = [Scalar](filledWith: largest ? -.infinity : .infinity, count: TensorShape.count(of: kept))
      best.withUnsafeMutableBufferPointer { b in
        values.withUnsafeBufferPointer { x in
          Self.forEachBroadcastPair(kept, [], to: inShape) { i, ik, _ in
            if isBetter(x[i], b[ik]) { b[ik] = x[i] }
          }
        }
      }
      extremes = best
    }
    // The selection weights: each extreme's share among its ties (`tieShare`), 0 elsewhere
    // (and 0 throughout a slice whose extreme is NaN). Only a derivative reads them, so
    // they are computed where one is taken, not for a plain value.
    let selectionWeights = {
      var weights = [Scalar](filledWith: 0, count: values.count)
      if trailing {
        weights.withUnsafeMutableBufferPointer { w in
          values.withUnsafeBufferPointer { x in
            for (b, extreme) in extremes.enumerated() {
              let slice = (b * block)..<((b + 1) * block)
              var ties: Scalar = 0
              for v in x[slice] where v == extreme { ties += 1 }
              guard ties > 0 else { continue }
              let share = tieShare(among: ties)
              for i in slice where x[i] == extreme { w[i] = share }
            }
          }
        }
        return weights
      }
      var ties = [Scalar](filledWith: 0, count: extremes.count)
      Self.forEachBroadcastPair(kept, [], to: inShape) { i, ik, _ in
        if values[i] == extremes[ik] { ties[ik] += 1 }
      }
      Self.forEachBroadcastPair(kept, [], to: inShape) { i, ik, _ in
        if values[i] == extremes[ik] { weights[i] = tieShare(among: ties[ik]) }
      }
      return weights
    }
    let outShape = finalShape(kept, axes: reduced, keepingDimensions: keepingDimensions)
    var laneWeights: [Scalar]? = nil  // computed for the first tangent lane, kept for the rest
    return Self.record(
      name, [self], value: Tensor(shape: outShape, scalars: extremes),
      jvp: { t in
        let weights = laneWeights ?? selectionWeights()
        laneWeights = weights
        let weighted = Tensor(shape: inShape, scalars: Self.scale(t[0]!.scalars, by: weights))
        return Tensor(shape: outShape, scalars: weighted.summed(toShape: kept).scalars)
      },
      pullback: { [weights = selectionWeights()] ct in
        let spread = Tensor(shape: kept, scalars: ct.scalars).broadcast(toShape: inShape)
        return [Tensor(shape: inShape, scalars: Self.scale(spread.scalars, by: weights))]
      },
      // The selection weights are constant between ties: the reduction is piecewise linear.
      curvature: Self.linear)
  }

  /// log Σ exp(x) over `axes`, computed stably as m + log Σ exp(x − m) with m the maximum.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func logSumExp(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    let reduced = normalizedAxes(axes, in: "logSumExp")
    let kept = keptShape(reducing: reduced)
    let m = withoutGradient { detached().max(alongAxes: Array(reduced), keepingDimensions: true) }
    // A constant shift (it cancels, so it carries no derivative). Where a slice's maximum
    // is ±∞ the shift would give NaN; shift by 0 there instead.
    let shift = Tensor(shape: kept, scalars: m.scalars.map { $0.isFinite ? $0 : 0 })
    let shifted = Tensor.log(Tensor.exp(self - shift).sum(alongAxes: Array(reduced), keepingDimensions: true)) + shift
    return keepingDimensions
      ? shifted
      : shifted.reshaped(to: finalShape(kept, axes: reduced, keepingDimensions: false))
  }
}
