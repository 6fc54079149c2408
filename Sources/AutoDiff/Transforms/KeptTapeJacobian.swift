// Jacobians and vector–Jacobian products on a tape that is kept: for the many small
// Jacobian blocks of a least-squares problem (bundle adjustment's 2 × 15 per observation),
// where a fresh tape per block is most of the cost.
extension Tape {
  /// f(x) and the Jacobian of f: Rⁿ → Rᵐ by reverse mode, recorded on this tape after a
  /// ``reset()``.
  ///
  /// The same as ``jacobian(of:at:mode:)-(([Tracked<T>])->[Tracked<T>],_,_)`` with
  /// ``ReverseMode``, except that the tape's memory is kept for the next call, as in
  /// ``valueWithGradient(of:at:)``: one recording, then ⌈m/8⌉ backward sweeps of up to eight
  /// cotangents. For a loop over many small blocks, keep one tape per thread or task.
  ///
  /// ```swift
  /// let tape = Tape<Double>()
  /// for block in blocks {
  ///   let (residuals, j) = tape.valueWithJacobian(of: residual, at: block.variables)
  ///   // j: m rows of n entries
  /// }
  /// ```
  ///
  /// Values recorded before the call are refused afterwards, as after any ``reset()``.
  ///
  /// - Returns: f(x), and m rows of n entries: `jacobian[i][j]` is ∂fᵢ/∂xⱼ.
  @inlinable
  public func valueWithJacobian(
    of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T]
  ) rethrows -> (value: [T], jacobian: [[T]]) {
    let (value, pullback) = try recordedPullback(of: f, at: x, in: "Tape.valueWithJacobian(of:at:)")
    return (value, pullback.jacobian(outputCount: value.count))
  }

  /// The Jacobian of f: Rⁿ → Rᵐ by reverse mode on this kept tape; see
  /// ``valueWithJacobian(of:at:)``.
  @inlinable
  public func jacobian(of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T]) rethrows -> [[T]] {
    try valueWithJacobian(of: f, at: x).jacobian
  }

  /// f(x) and uᵀ·J of f: Rⁿ → Rᵐ: one recording on this kept tape after a ``reset()`` and
  /// one backward sweep, as the free ``vjp(of:at:cotangent:)`` without a fresh tape.
  ///
  /// - Precondition: `u.count` equals the number of outputs of `f`.
  @inlinable
  public func vjp(
    of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T], cotangent u: [T]
  ) rethrows -> (value: [T], vjp: [T]) {
    let (value, pullback) = try recordedPullback(of: f, at: x, in: "Tape.vjp(of:at:cotangent:)")
    return (value, pullback(u))
  }

  /// Records f at x on this tape after a reset, and the pullback of that recording. The
  /// pullback is valid only until the tape's next reset, so it never leaves this file.
  @inlinable
  func recordedPullback(
    of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T], in operation: String
  ) rethrows -> (value: [T], pullback: Pullback<T>) {
    reset()
    let y = try f(reusedInputs(x))
    end()
    let outputs = y.map { entry(of: $0, in: operation) }
    return (y.map { $0.value }, Pullback(tape: self, inputCount: x.count, outputs: outputs))
  }
}
