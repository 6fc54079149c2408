/// f(x) and ∇f(x) of f: Rⁿ → R, by reverse mode: one recording, one backward sweep.
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> T { x[0] * (x[0] + x[1]) }
/// valueWithGradient(of: f, at: [2.0, 3.0])  // (value: 10, gradient: [7, 2])
/// ```
///
/// - Complexity: one evaluation of `f` on ``Tracked`` values and one sweep, whatever n is.
@inlinable
public func valueWithGradient<T: Differentiable>(
  of f: ([Tracked<T>]) throws -> Tracked<T>, at x: [T]
) rethrows -> (value: T, gradient: [T]) {
  let tape = Tape<T>()
  return try withExtendedLifetime(tape) {
    let y = try tape.record(x, f)
    tape.end()
    // In the kept buffer, which the sweep leaves zero: the tape's storage hands it to the
    // next tape, so a loop of these gradients neither zeroes nor faults in a buffer again.
    guard
      let gradient = tape.sweep(
        from: y, in: "gradient", .keptReadingFirst(x.count),
        read: { tape.firstAdjoints(x.count, of: $0) })
    else { return (y.value, [T](repeating: 0, count: x.count)) }
    return (y.value, gradient)
  }
}

/// ∇f(x) of f: Rⁿ → R, by reverse mode (the default for gradients).
///
/// - Complexity: one evaluation of `f` on ``Tracked`` values and one backward sweep.
@inlinable
public func gradient<T: Differentiable>(
  of f: ([Tracked<T>]) throws -> Tracked<T>, at x: [T]
) rethrows -> [T] {
  try valueWithGradient(of: f, at: x).gradient
}

/// ∇f(x) of f: Rⁿ → R by forward mode: ⌈n/k⌉ evaluations of f on ``ChunkedDual``.
///
/// Reverse mode (the default) needs one evaluation and one sweep whatever n is; forward
/// mode needs no tape and wins for small n.
///
/// ```swift
/// gradient(of: f, at: [2.0, 3.0], mode: .forward)  // [7, 2]
/// ```
@inlinable
public func gradient<T: Differentiable, let k: Int>(
  of f: ([ChunkedDual<T, k>]) throws -> ChunkedDual<T, k>, at x: [T], mode: ForwardMode<k>
) rethrows -> [T] {
  try valueWithGradient(of: f, at: x, mode: mode).gradient
}

/// f(x) and ∇f(x) of f: Rⁿ → R by forward mode: ⌈n/k⌉ evaluations of f.
@inlinable
public func valueWithGradient<T: Differentiable, let k: Int>(
  of f: ([ChunkedDual<T, k>]) throws -> ChunkedDual<T, k>, at x: [T], mode: ForwardMode<k>
) rethrows -> (value: T, gradient: [T]) {
  var value: T = 0
  var gradient = [T](repeating: 0, count: x.count)
  try forEachForwardChunk(
    at: x, mode: mode, evaluate: f,
    unseededLanesAreZero: { y, width in y.unseededLanesAreZero(from: width) }
  ) { start, width, y in
    value = y.value
    for lane in 0..<width { gradient[start + lane] = y.tangents[lane] }
  }
  if x.isEmpty { value = try f([]).value }
  return (value, gradient)
}
