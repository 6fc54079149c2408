// Gradients on a tape that is kept: the storage of one computation serves the next.
extension Tape {
  /// f(x) and ∇f(x) of f: Rⁿ → R, recorded on this tape after a ``reset()``.
  ///
  /// The same as the free ``valueWithGradient(of:at:)``, except that the tape's memory,
  /// its entries and its adjoints, is kept for the next call instead of being returned
  /// to the system and faulted in again. Keep one tape per thread or task for a loop of
  /// gradients (an optimiser, a sampler): from the second call on, nothing is allocated
  /// for a function that records no more entries than before.
  ///
  /// ```swift
  /// let tape = Tape<Double>()
  /// for _ in 0..<steps {
  ///   let (value, g) = tape.valueWithGradient(of: f, at: x)
  ///   x = zip(x, g).map { $0 - rate * $1 }
  /// }
  /// ```
  ///
  /// Values recorded before the call, including those of the previous call, are refused
  /// afterwards, as after any ``reset()``.
  @inlinable
  public func valueWithGradient(
    of f: ([Tracked<T>]) throws -> Tracked<T>, at x: [T]
  ) rethrows -> (value: T, gradient: [T]) {
    let (value, gradient) = try recordingAndSweeping(f, at: x, in: "gradient") {
      firstAdjoints(x.count, of: $0)
    }
    return (value, gradient ?? [T](repeating: 0, count: x.count))
  }

  /// Records `f` at `x` on this tape after a ``reset()`` and sweeps from its output in the
  /// kept adjoint buffer, where `read` finds the inputs' adjoints as the first `x.count`
  /// entries (zeroed after it returns). The value, and what `read` made of the adjoints:
  /// nil for a constant output, whose derivatives are all zero. For callers that gather
  /// from the adjoints rather than take them as an array (``PreparedSparseHessian``).
  @inlinable @inline(__always)
  func recordingAndSweeping<R>(
    _ f: ([Tracked<T>]) throws -> Tracked<T>, at x: [T], in operation: String,
    read: (UnsafeMutablePointer<InlineArray<1, T>>) -> R
  ) rethrows -> (value: T, read: R?) {
    reset()
    let y = try f(reusedInputs(x))
    end()
    return (y.value, sweep(from: y, in: operation, .keptReadingFirst(x.count), read: read))
  }

  /// ∇f(x) of f: Rⁿ → R, recorded on this tape after a ``reset()``; see
  /// ``valueWithGradient(of:at:)``.
  @inlinable
  public func gradient(of f: ([Tracked<T>]) throws -> Tracked<T>, at x: [T]) rethrows -> [T] {
    try valueWithGradient(of: f, at: x).gradient
  }

  /// Whether T's zero is all bits zero (IEEE numbers and duals of them), so that zero-filled
  /// memory is a buffer of zero adjoints.
  @inlinable
  static var zeroIsAllBitsZero: Bool {
    var zero = InlineArray<1, T>(repeating: 0)
    return withUnsafeBytes(of: &zero) { $0.allSatisfy { $0 == 0 } }
  }

  /// The kept adjoint buffer, all zero, with room for every entry: grown (zero-filled)
  /// when the tape has more entries than ever before.
  @inlinable
  func reusableAdjointBuffer() -> UnsafeMutablePointer<InlineArray<1, T>> {
    let needed = Swift.max(count, 1)
    if let reusableAdjoints, needed <= reusableAdjointCapacity { return reusableAdjoints }
    return growReusableAdjoints(toHold: needed)
  }

  @inlinable @inline(never)
  func growReusableAdjoints(toHold needed: Int) -> UnsafeMutablePointer<InlineArray<1, T>> {
    let stride = MemoryLayout<InlineArray<1, T>>.stride
    if let reusableAdjoints {
      TapeMemory.deallocate(UnsafeMutableRawPointer(reusableAdjoints), bytes: reusableAdjointBytes)
      self.reusableAdjoints = nil
    }
    // Room to grow, as for the entries themselves.
    let capacity = Swift.max(needed, reusableAdjointCapacity * 2)
    let zeroIsAllBitsZero = Self.zeroIsAllBitsZero
    // The buffer the storage's last tape left, if it is large enough: all zero already.
    if zeroIsAllBitsZero, let kept = storage.pointee.takeKeptAdjoints(bytes: needed * stride) {
      let buffer = kept.block.bindMemory(to: InlineArray<1, T>.self, capacity: kept.bytes / stride)
      reusableAdjoints = buffer
      reusableAdjointCapacity = kept.bytes / stride
      reusableAdjointBytes = kept.bytes
      reusableAdjointsAreZeroBits = true
      return buffer
    }
    // As in `withAdjoints`: when T's zero is all-zero bits, zero-filled memory from
    // TapeMemory, whose large blocks are fresh pages (no memset touching every page of a
    // capacity that may be twice what is used).
    let zero = InlineArray<1, T>(repeating: 0)
    let bytes = capacity * stride
    guard let raw = zeroIsAllBitsZero ? TapeMemory.allocateZeroed(bytes: bytes) : TapeMemory.allocate(bytes: bytes)
    else {
      stopMisuse("Tape: out of memory allocating adjoints for \(capacity) entries")
    }
    let buffer = raw.bindMemory(to: InlineArray<1, T>.self, capacity: capacity)
    if !zeroIsAllBitsZero { buffer.initialize(repeating: zero, count: capacity) }
    reusableAdjointsAreZeroBits = zeroIsAllBitsZero
    reusableAdjoints = buffer
    reusableAdjointCapacity = capacity
    reusableAdjointBytes = capacity * stride
    return buffer
  }
}

// The derivative of a scalar function on a kept tape: no arrays at all.
extension Tape {
  /// f(x) and f′(x) of f: R → R by reverse mode, recorded on this tape after a
  /// ``reset()``.
  ///
  /// Like ``valueWithGradient(of:at:)`` for one input, without the input and gradient
  /// arrays: for a small function called many times, they are most of the cost.
  ///
  /// ```swift
  /// let tape = Tape<Double>()
  /// tape.derivative(of: { x in .sin(x) * x }, at: 0.7)  // sin 0.7 + 0.7·cos 0.7
  /// ```
  @inlinable
  public func valueWithDerivative(
    of f: (Tracked<T>) throws -> Tracked<T>, at x: T
  ) rethrows -> (value: T, derivative: T) {
    reset()
    let y = try f(input(x))
    end()
    // The steps of `sweep(from:in:_:read:)` with `.keptReadingFirst(1)`, written out: through
    // it this path compiles to 2 more instructions per call (tinyscalar 555 → 557).
    guard let output = entry(of: y, in: "derivative") else { return (y.value, 0) }
    let adjoint = reusableAdjointBuffer()
    sweep(
      adjoint, seededBy: { $0[output.index][0] = output.scale }, readingFirst: 1, clearingFrom: 1)
    let derivative = adjoint[0][0]
    adjoint[0] = InlineArray(repeating: 0)
    return (y.value, derivative)
  }

  /// f′(x) of f: R → R by reverse mode on this tape; see ``valueWithDerivative(of:at:)``.
  @inlinable
  public func derivative(of f: (Tracked<T>) throws -> Tracked<T>, at x: T) rethrows -> T {
    try valueWithDerivative(of: f, at: x).derivative
  }
}
