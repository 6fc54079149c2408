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
  public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
    let a = TensorShape.normalize(axis: axis, rank: rank, in: "logSoftmax")
    let shifted = shiftedByMaximum(alongAxis: a)
    return shifted - Tensor.log(Tensor.exp(shifted).sum(alongAxes: [a], keepingDimensions: true))
  }
}
