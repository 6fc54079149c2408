// Indexing and masks: index-select along an axis, elementwise comparisons giving masks,
// `where` selection, boolean-mask selection, argmax/argmin, clamp and the Euclidean norm.
//
// A mask is an ordinary tensor of 0s and 1s with no derivative, as PyTorch's
// `mask.float()`: it multiplies (`mask * x`), sums (a count), averages (an accuracy) and
// broadcasts like any tensor, and `Tensor.where` reads any non-zero element as true.
// Only `gathering(indices:alongAxis:)` and `where` are primitives; both are linear in their
// differentiable inputs. Masked selection, clamp and the norm are composed from them.

extension Tensor {
  // MARK: - Index-select

  /// The slices at positions `indices` along `axis`, in that order (repeats allowed):
  /// PyTorch's `torch.index_select(x, dim, index)`.
  ///
  /// The result has this shape with `shape[axis]` replaced by `indices.count`. It is linear
  /// in `self`: the JVP selects the tangent the same way; the pullback adds each
  /// cotangent slice back at its index (so a repeated index gathers the sum), and the
  /// Hessian term is zero.
  ///
  /// - Precondition: every index lies in `0..<shape[axis]` (no negative indices, as in
  ///   PyTorch); the message names the first offending position.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func gathering(indices: [Int], alongAxis axis: Int = 0) -> Tensor {
    let a = TensorShape.normalize(axis: axis, rank: rank, in: "gathering(indices:alongAxis:)")
    let size = shape[a]
    if let bad = indices.firstIndex(where: { $0 < 0 || $0 >= size }) {
      stopMisuse(
        "gathering(indices:alongAxis:): indices[\(bad)] = \(indices[bad]) is out of range for axis \(a) "
          + "of size \(size) (shape \(shape))")
    }
    var outShape = shape
    outShape[a] = indices.count
    let inShape = shape
    let value = Self.gathered(plain, indices: indices, axis: a)
    guard Self.needsDerivatives([self]) else { return value }
    return Self.record(
      "IndexSelectBackward", [self], value: value,
      stackedJVP: { t, _ in Self.gathered(t[0]!, indices: indices, axis: a + 1).scalars },
      pullback: { ct in
        let prefix = Self.lanePrefix(of: ct, for: outShape)
        return [Self.scattered(ct, indices: indices, axis: a + prefix.count, into: prefix + inShape)]
      },
      stackedPullback: true,
      curvature: Self.linear)
  }

  /// The slices of plain `x` at `indices` along `axis`.
  @usableFromInline
  static func gathered(_ x: Tensor, indices: [Int], axis: Int) -> Tensor {
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    let size = x.shape[axis]
    var outShape = x.shape
    outShape[axis] = indices.count
    var result: [Scalar] = []
    result.reserveCapacity(outer * indices.count * inner)
    for o in 0..<outer {
      for index in indices {
        let start = (o * size + index) * inner
        result += x.scalars[start..<(start + inner)]
      }
    }
    return Tensor(shape: outShape, scalars: result)
  }

  /// The transpose of ``gathered(_:indices:axis:)``: zeros of `shape` with each slice of
  /// plain `x` added at its index along `axis`.
  @usableFromInline
  static func scattered(_ x: Tensor, indices: [Int], axis: Int, into shape: [Int]) -> Tensor {
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    let size = shape[axis]
    var result = [Scalar](filledWith: 0, count: TensorShape.count(of: shape))
    var source = 0
    for o in 0..<outer {
      for index in indices {
        let start = (o * size + index) * inner
        for j in 0..<inner { result[start + j] += x.scalars[source + j] }
        source += inner
      }
    }
    return Tensor(shape: shape, scalars: result)
  }

  // MARK: - Comparisons giving masks

  /// 1 where `predicate(lhs, rhs)` holds and 0 elsewhere, broadcasting; no derivative.
  @usableFromInline
  static func mask(
    _ lhs: Tensor, _ rhs: Tensor, _ operation: String, _ predicate: (Scalar, Scalar) -> Bool
  ) -> Tensor {
    let shape = TensorShape.broadcast(lhs.shape, rhs.shape, in: operation)
    let (a, b) = (lhs.scalars, rhs.scalars)
    var result = [Scalar](filledWith: 0, count: TensorShape.count(of: shape))
    forEachBroadcastPair(lhs.shape, rhs.shape, to: shape) { i, ia, ib in
      if predicate(a[ia], b[ib]) { result[i] = 1 }
    }
    return Tensor(shape: shape, scalars: result)
  }

  /// A mask, 1 where `lhs < rhs` and 0 elsewhere (broadcasting): PyTorch's `lhs < rhs`
  /// (`torch.lt`), as 0/1 numbers rather than booleans. A comparison with NaN is false.
  /// The mask carries no derivative (comparisons are piecewise constant).
  public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { mask(lhs, rhs, ".<") { $0 < $1 } }
  /// A mask, 1 where `lhs <= rhs` (PyTorch `torch.le`); see `.<`.
  public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { mask(lhs, rhs, ".<=") { $0 <= $1 } }
  /// A mask, 1 where `lhs > rhs` (PyTorch `torch.gt`); see `.<`.
  public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { mask(lhs, rhs, ".>") { $0 > $1 } }
  /// A mask, 1 where `lhs >= rhs` (PyTorch `torch.ge`); see `.<`.
  public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { mask(lhs, rhs, ".>=") { $0 >= $1 } }
  /// A mask, 1 where `lhs == rhs` (PyTorch `torch.eq`); see `.<`.
  public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { mask(lhs, rhs, ".==") { $0 == $1 } }
  /// A mask, 1 where `lhs != rhs` (PyTorch `torch.ne`); NaN differs from everything.
  public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { mask(lhs, rhs, ".!=") { $0 != $1 } }

  // MARK: - where

  /// `a` where `condition` is non-zero and `b` elsewhere, all three broadcast together:
  /// PyTorch's `torch.where(condition, a, b)`.
  ///
  /// Linear in `a` and `b` (the condition carries no derivative): the JVP selects the
  /// tangents, the pullback sends each cotangent element to the operand that was chosen
  /// (zero to the other, by selection rather than multiplication, so an infinite or NaN
  /// cotangent never leaks into the unchosen branch), and the Hessian term is zero.
  /// Write `Tensor.where(x .> 0, x, 0)`; a NaN condition element counts as true.
  ///
  /// A NaN *derivative* in the unchosen branch still reaches its inputs as 0·NaN where the
  /// branch's own pullback multiplies, as in PyTorch and JAX: compute a branch that could
  /// overflow on inputs that are themselves selected into a safe range (see ``norm(alongAxes:keepingDimensions:)``).
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    let name = "Tensor.where"
    let shape = TensorShape.broadcast(
      TensorShape.broadcast(condition.shape, a.shape, in: name), b.shape, in: name)
    let chosen = condition.broadcast(toShape: shape).scalars.map { $0 != 0 }
    let (aShape, bShape) = (a.shape, b.shape)
    func select(_ x: Tensor?, _ xShape: [Int], _ y: Tensor?, _ yShape: [Int]) -> Tensor {
      let xs = (x ?? .zeros(xShape)).broadcast(toShape: shape).scalars
      let ys = (y ?? .zeros(yShape)).broadcast(toShape: shape).scalars
      return Tensor(shape: shape, scalars: chosen.indices.map { chosen[$0] ? xs[$0] : ys[$0] })
    }
    let value = select(a.plain, aShape, b.plain, bShape)
    guard needsDerivatives([a, b]) else { return value }
    let (aNeedsGradient, bNeedsGradient) = (a.node != nil, b.node != nil)
    return record(
      "WhereBackward", [a, b], value: value,
      jvp: { t in select(t[0], aShape, t[1], bShape) },
      pullback: { ct in
        let zeros = Tensor.zeros(shape)
        return [
          aNeedsGradient ? select(ct, shape, zeros, shape).summed(toShape: aShape) : nil,
          bNeedsGradient ? select(zeros, shape, ct, shape).summed(toShape: bShape) : nil,
        ]
      },
      curvature: linear)
  }

  // MARK: - Boolean-mask selection

  /// The elements where `mask` is non-zero, in row-major order, as a rank-1 tensor:
  /// PyTorch's `x[mask]` (`torch.masked_select`). The mask broadcasts to this shape.
  ///
  /// Composed from ``gathering(indices:alongAxis:)`` on the flattened tensor, so its
  /// derivative is that of index-select: the selected elements' cotangents go back to
  /// their positions, zeros elsewhere.
  public func selecting(where mask: Tensor) -> Tensor {
    let target = TensorShape.broadcast(mask.shape, shape, in: "selecting(where:)")
    require(
      target == shape,
      "selecting(where:): the mask of shape \(mask.shape) does not broadcast to the tensor's shape \(shape)")
    let flags = mask.broadcast(toShape: shape).scalars
    let positions = flags.indices.filter { flags[$0] != 0 }
    return reshaped(to: [count]).gathering(indices: positions, alongAxis: 0)
  }

  // MARK: - argmax, argmin

  /// The position of the largest element along `axis` for every other index, in the
  /// row-major order of the shape without `axis`: PyTorch's `argmax(dim)`. The first
  /// position wins a tie; a NaN counts as largest (the first NaN wins), as in PyTorch.
  /// Integer-valued: no derivative.
  public func argmax(alongAxis axis: Int) -> [Int] {
    argExtreme(alongAxis: axis, name: "argmax(alongAxis:)", isBetter: >)
  }

  /// The position of the smallest element along `axis` (PyTorch `argmin(dim)`); ties and
  /// NaN as in ``argmax(alongAxis:)``.
  public func argmin(alongAxis axis: Int) -> [Int] {
    argExtreme(alongAxis: axis, name: "argmin(alongAxis:)", isBetter: <)
  }

  /// The row-major position of the largest element of the whole tensor (PyTorch
  /// `argmax()` without `dim`).
  public func argmax() -> Int { reshaped(to: [count]).argmax(alongAxis: 0)[0] }

  /// The row-major position of the smallest element of the whole tensor (PyTorch
  /// `argmin()`).
  public func argmin() -> Int { reshaped(to: [count]).argmin(alongAxis: 0)[0] }

  private func argExtreme(alongAxis axis: Int, name: String, isBetter: (Scalar, Scalar) -> Bool) -> [Int] {
    let a = TensorShape.normalize(axis: axis, rank: rank, in: name)
    require(shape[a] > 0, "\(name): axis \(a) of shape \(shape) is empty; there is no extreme to find")
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    let size = shape[a]
    var result: [Int] = []
    result.reserveCapacity(outer * inner)
    for o in 0..<outer {
      for j in 0..<inner {
        let base = o * size * inner + j
        var best = 0
        var bestValue = scalars[base]
        for k in 1..<Swift.max(size, 1) {
          let v = scalars[base + k * inner]
          if bestValue.isNaN { break }
          if v.isNaN || isBetter(v, bestValue) {
            best = k
            bestValue = v
          }
        }
        result.append(best)
      }
    }
    return result
  }

  // MARK: - clamp

  /// Every element limited to `range`: PyTorch's `torch.clamp(x, min, max)`.
  ///
  /// Derivative 1 strictly inside the range and 0 outside it and at its bounds (where the
  /// bound itself is returned), as PyTorch 2 computes it; second derivative 0. NaN stays
  /// NaN. Composed from ``where(_:_:_:)``.
  public func clamped(to range: ClosedRange<Scalar>) -> Tensor {
    clamped(min: range.lowerBound, max: range.upperBound)
  }

  /// Every element at least `min` and at most `max`, either bound optional: PyTorch's
  /// `torch.clamp(x, min=…, max=…)`, with the derivative of ``clamped(to:)``.
  ///
  /// - Precondition: `min ≤ max` when both are given.
  public func clamped(min: Scalar? = nil, max: Scalar? = nil) -> Tensor {
    if let min, let max {
      require(min <= max, "clamped(min:max:): min \(min) is greater than max \(max)")
    }
    var result = self
    // `x ≤ min` (not `x < min`) picks the constant bound at the bound itself, so the
    // derivative there is 0 as in PyTorch; a NaN compares false and passes through.
    if let min { result = Tensor.where(result .<= Tensor(min), Tensor(min), result) }
    if let max { result = Tensor.where(result .>= Tensor(max), Tensor(max), result) }
    return result
  }

  // MARK: - Euclidean norm

  /// The Euclidean norm √(Σ x²) over `axes` (all axes by default): PyTorch's
  /// `torch.linalg.vector_norm(x, 2, dim, keepdim)`.
  ///
  /// Computed without overflow or underflow as m·√(Σ (x/m)²) with m the slice's largest
  /// |x|, a constant (the norm is homogeneous, so m carries no derivative).
  ///
  /// Derivative x/‖x‖. **At a slice that is exactly zero the gradient is 0 and so is the
  /// Hessian** (PyTorch's convention, and 0 is the subgradient of least magnitude; JAX
  /// gives NaN). The zero slice is replaced by ones *before* the square root and its
  /// result by 0 after, both with ``where(_:_:_:)``, so no 0·∞ appears in any mode.
  public func norm(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    let reduced = Array(normalizedAxes(axes, in: "norm(alongAxes:)")).sorted()
    let kept = keptShape(reducing: Set(reduced))
    let magnitude = Tensor(shape: shape, scalars: scalars.map { $0.magnitude })
    let largest = withoutGradient {
      reduced.isEmpty ? magnitude : magnitude.max(alongAxes: reduced, keepingDimensions: true)
    }
    let isZero = Tensor(shape: kept, scalars: largest.scalars.map { $0 == 0 ? 1 : 0 })
    let scale = Tensor(shape: kept, scalars: largest.scalars.map { $0 == 0 || !$0.isFinite ? 1 : $0 })
    let safe = Tensor.where(isZero, Tensor(1), self)
    let scaled = safe / scale
    let root = Tensor.sqrt((scaled * scaled).sum(alongAxes: reduced, keepingDimensions: true)) * scale
    let result = Tensor.where(isZero, Tensor(0), root)
    return keepingDimensions ? result : result.reshaped(to: finalShape(kept, axes: Set(reduced), keepingDimensions: false))
  }
}
