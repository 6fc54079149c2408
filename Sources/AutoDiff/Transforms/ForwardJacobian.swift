/// Seeds, evaluates and reads back the chunked forward passes shared by the forward
/// gradient, Jacobian and Hessian: for each chunk of k inputs, one evaluation whose
/// lane j carries the basis direction of input `start + j`.
@usableFromInline
func forEachForwardChunk<T: Differentiable, let k: Int, Output>(
  at x: [T], mode: ForwardMode<k>,
  evaluate: ([ChunkedDual<T, k>]) throws -> Output,
  receive: (_ start: Int, _ width: Int, Output) -> Void
) rethrows {
  var seeded = x.map { ChunkedDual<T, k>(constant: $0) }
  var start = 0
  while start < x.count {
    let width = min(k, x.count - start)
    for lane in 0..<width { seeded[start + lane].tangents[lane] = 1 }
    receive(start, width, try evaluate(seeded))
    for lane in 0..<width { seeded[start + lane].tangents[lane] = 0 }
    start += width
  }
}

/// The Jacobian ∂fᵢ/∂xⱼ of f: Rⁿ → Rᵐ by forward mode: ⌈n/k⌉ evaluations of f, each
/// carrying k tangents (``ChunkedDual``).
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .sin(x[0])] }
/// jacobian(of: f, at: [1.0, 2.0], mode: .forward)   // [[2, 1], [0.54…, 0]]
/// jacobian(of: f, at: [1.0, 2.0], mode: ForwardMode<1>())  // same, one column a pass
/// ```
///
/// - Returns: m rows of n entries: `result[i][j]` is ∂fᵢ/∂xⱼ.
/// - Complexity: ⌈n/k⌉ evaluations of `f`.
@inlinable
public func jacobian<T: Differentiable, let k: Int>(
  of f: ([ChunkedDual<T, k>]) throws -> [ChunkedDual<T, k>], at x: [T], mode: ForwardMode<k>
) rethrows -> [[T]] {
  var rows: [[T]] = []
  try forEachForwardChunk(at: x, mode: mode, evaluate: f) { start, width, y in
    if rows.isEmpty { rows = Array(repeating: Array(repeating: 0, count: x.count), count: y.count) }
    precondition(
      y.count == rows.count,
      "jacobian: f returned \(y.count) outputs on one pass and \(rows.count) on another")
    for i in y.indices {
      for lane in 0..<width { rows[i][start + lane] = y[i].tangents[lane] }
    }
  }
  return rows
}

/// The gradient ∇f of f: Rⁿ → R by forward mode: ⌈n/k⌉ evaluations of f.
///
/// Reverse mode (``gradient(of:at:)``, the default) needs one evaluation and one sweep
/// whatever n is; forward mode needs no tape and wins for small n.
///
/// - Complexity: ⌈n/k⌉ evaluations of `f`.
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
  var grad = [T](repeating: 0, count: x.count)
  try forEachForwardChunk(at: x, mode: mode, evaluate: f) { start, width, y in
    value = y.value
    for lane in 0..<width { grad[start + lane] = y.tangents[lane] }
  }
  if x.isEmpty { value = try f([]).value }
  return (value, grad)
}

/// The Hessian ∂²f/∂xᵢ∂xⱼ of f: Rⁿ → R by forward-over-forward mode: the forward
/// Jacobian of the forward gradient, ⌈n/k⌉² evaluations on nested chunked duals.
///
/// The default ``hessian(of:at:)`` is forward-over-reverse, which needs ⌈n/k⌉ passes.
@inlinable
public func hessian<T: Differentiable, let k: Int>(
  of f: ([ChunkedDual<ChunkedDual<T, k>, k>]) throws -> ChunkedDual<ChunkedDual<T, k>, k>,
  at x: [T], mode: ForwardMode<k>
) rethrows -> [[T]] {
  try jacobian(
    of: { (inner: [ChunkedDual<T, k>]) in
      try gradient(of: f, at: inner, mode: ForwardMode<k>())
    }, at: x, mode: mode)
}
