import RealModule

// Softmax and log-softmax along an axis, numerically stable at any input scale: both
// shift by the slice's maximum m first, so every exponent is ≤ 0 and x − m is exact for
// the largest elements. The shift is a constant (it cancels in the result), so it is
// detached and contributes nothing to the derivative.
extension Tensor {
  /// x − m along `axis` with m the slice maximum (0 where the maximum is not finite).
  @usableFromInline
  func shiftedByMaximum(alongAxis axis: Int) -> Tensor {
    let m = withoutGradient { detached().max(alongAxes: [axis], keepingDimensions: true) }
    return self - Tensor(shape: m.shape, scalars: m.scalars.map { $0.isFinite ? $0 : 0 })
  }

  /// e^(x − m) / Σ e^(x − m) along `axis`: non-negative, summing to 1.
  public func softmax(alongAxis axis: Int = -1) -> Tensor {
    let a = TensorShape.normalize(axis: axis, rank: rank, in: "softmax")
    let e = Tensor.exp(shiftedByMaximum(alongAxis: a))
    return e / e.sum(alongAxes: [a], keepingDimensions: true)
  }

  /// (x − m) − log Σ e^(x − m) along `axis`: finite even where softmax underflows.
  ///
  /// With finite elements one recorded operation (`LogSoftmaxBackward`); with an infinite
  /// or NaN element the composition of max, exp, sum and log, each step following the
  /// NaN-safe conventions of <doc:DerivativeConventions>.
  public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
    let a = TensorShape.normalize(axis: axis, rank: rank, in: "logSoftmax")
    if count > 0 && !Self.mayContainNaN(scalars) { return finiteLogSoftmax(alongAxis: a) }
    let shifted = shiftedByMaximum(alongAxis: a)
    return shifted - Tensor.log(Tensor.exp(shifted).sum(alongAxes: [a], keepingDimensions: true))
  }

  /// ``logSoftmax(alongAxis:)`` of finite elements as one operation: y = (x − m) − log S,
  /// e = e^(x − m), S = Σ e along the axis, added in order. That is the composition's
  /// arithmetic step for step except for a tensor that is one row along the axis, which
  /// the composition sums with eight interleaved partial sums: there the two can differ in
  /// the last bits.
  ///
  /// JVP: ẏⱼ = ẋⱼ − (1/S)·Σₖ eₖẋₖ. Pullback: x̄ⱼ = ȳⱼ + eⱼ·(−Σₖ ȳₖ)/S. Curvature (the
  /// pullback moving with x): −sⱼẏⱼ·Σₖ ȳₖ, with s = e/S the softmax and ẏ the output's
  /// tangent, since ṡ = s ⊙ ẏ. Every product of a partial and a perturbation is the
  /// NaN-safe ``chainProduct(_:_:)``, as in the composition's steps.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  func finiteLogSoftmax(alongAxis a: Int) -> Tensor {
    // Rows along the axis: element (o, j, i) at o·n·inner + j·inner + i.
    let n = shape[a]
    let inner = shape[(a + 1)...].reduce(1, *)
    let outer = count / (n * inner)
    let rowCount = outer * inner
    var e = [Scalar](filledWith: 0, count: count)
    var sums = [Scalar](filledWith: 0, count: rowCount)
    let values = Self.written(count: count) { y in
      scalars.withUnsafeBufferPointer { x in
        for o in 0..<outer {
          for i in 0..<inner {
            let base = o * n * inner + i
            var m = x[base]
            for j in 1..<n { m = Swift.max(m, x[base + j * inner]) }
            var sum: Scalar = 0
            for j in 0..<n {
              let shifted = x[base + j * inner] - m
              let exponential = Scalar.exp(shifted)
              e[base + j * inner] = exponential
              y[base + j * inner] = shifted
              sum += exponential
            }
            sums[o * inner + i] = sum
            let logSum = Scalar.log(sum)
            for j in 0..<n { y[base + j * inner] -= logSum }
          }
        }
      }
    }
    // Constants for the closures below (captured variables would be boxed and every
    // element access checked for exclusivity).
    let (shape, count, exponentials) = (self.shape, self.count, e)
    let inverseSums = sums.map { 1 / $0 }
    // A chain-rule product, plain (vectorising) or NaN-safe: see `Tensor.chained(count:_:)`.
    @inline(__always)
    func product(_ partial: Scalar, _ perturbation: Scalar, _ plainly: Bool) -> Scalar {
      plainly ? plainChainProduct(partial, perturbation) : chainProduct(partial, perturbation)
    }
    // `body(row, local, base)` for every row of `lanes` stacked copies of the shape: the
    // row's index among the sums, its first element in one copy and in the stack. (The
    // callers check that their arrays hold `lanes` copies: every index stays in bounds.)
    @inline(__always)
    func forEachRow(lanes: Int, _ body: (_ row: Int, _ local: Int, _ base: Int) -> Void) {
      for lane in 0..<lanes {
        for o in 0..<outer {
          for i in 0..<inner {
            let local = o * n * inner + i
            body(o * inner + i, local, lane * count + local)
          }
        }
      }
    }
    // x̄ = ȳ + e·w per row, w = (−Σ ȳ)/S: the pullback of one cotangent or of stacked lanes.
    func pullback(_ ct: Tensor) -> [Tensor?] {
      let lanes = ct.count / count
      require(ct.count == lanes * count, "LogSoftmaxBackward: internal error, a cotangent of shape \(ct.shape) for \(shape)")
      let result = Self.chained(count: ct.count) { out, plainly in
        ct.scalars.withUnsafeBufferPointer { c in
          exponentials.withUnsafeBufferPointer { e in
            forEachRow(lanes: lanes) { row, local, base in
              var total: Scalar = 0
              for j in 0..<n { total += c[base + j * inner] }
              let w = product(inverseSums[row], -total, plainly)
              for j in 0..<n {
                let k = base + j * inner
                out[k] = c[k] + product(e[local + j * inner], w, plainly)
              }
            }
          }
        }
      }
      return [Tensor(shape: ct.shape, scalars: result)]
    }
    return Self.record(
      "LogSoftmaxBackward", [self], value: Tensor(shape: shape, scalars: values),
      stackedJVP: { t, lanes in
        let tangents = t.scalars(0)!
        require(tangents.count == lanes * count, "LogSoftmaxBackward: internal error, \(tangents.count) tangent elements for \(lanes) lanes of \(shape)")
        return Self.chained(count: lanes * count) { out, plainly in
          tangents.withUnsafeBufferPointer { x in
            exponentials.withUnsafeBufferPointer { e in
              forEachRow(lanes: lanes) { row, local, base in
                var dot: Scalar = 0
                for j in 0..<n { dot += product(e[local + j * inner], x[base + j * inner], plainly) }
                let moved = product(inverseSums[row], dot, plainly)
                for j in 0..<n { out[base + j * inner] = x[base + j * inner] - moved }
              }
            }
          }
        }
      },
      pullback: { ct in pullback(ct) },
      stackedPullback: true,
      curvature: {
        // s = e/S, once per recording.
        let softmax = Self.written(count: count) { s in
          for o in 0..<outer {
            for i in 0..<inner {
              for j in 0..<n { s[o * n * inner + j * inner + i] = exponentials[o * n * inner + j * inner + i] * inverseSums[o * inner + i] }
            }
          }
        }
        return { ct, _, outputTangent, lanes in
          let c = ct.scalars
          require(
            c.count == count && outputTangent.count == lanes * count,
            "LogSoftmaxBackward: internal error, curvature of \(lanes) lanes for \(ct.shape) and \(outputTangent.shape)")
          let moved = Self.chained(count: lanes * count) { out, plainly in
            outputTangent.scalars.withUnsafeBufferPointer { ydot in
              softmax.withUnsafeBufferPointer { s in
                forEachRow(lanes: lanes) { row, local, base in
                  var total: Scalar = 0
                  for j in 0..<n { total += c[local + j * inner] }
                  for j in 0..<n {
                    let k = base + j * inner
                    out[k] = -product(product(s[local + j * inner], ydot[k], plainly), total, plainly)
                  }
                }
              }
            }
          }
          return [Tensor(shape: TensorShape.stacked(lanes, shape), scalars: moved)]
        }
      })
  }
}
