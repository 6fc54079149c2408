/// The Jacobian ∂fᵢ/∂xⱼ of f: Rⁿ → Rᵐ by forward mode: ⌈n/k⌉ evaluations of f, each
/// carrying k tangents (``ChunkedDual``).
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .sin(x[0])] }
/// jacobian(of: f, at: [1.0, 2.0], mode: .forward)          // [[2, 1], [0.54…, 0]]
/// jacobian(of: f, at: [1.0, 2.0], mode: ForwardMode<1>())  // same, one column a pass
/// jacobian(of: f, at: [1.0, 2.0], mode: .reverse)          // same, one row a sweep
/// ```
///
/// - Returns: m rows of n entries: `result[i][j]` is ∂fᵢ/∂xⱼ.
/// - Complexity: ⌈n/k⌉ evaluations of `f`.
@inlinable
public func jacobian<T: Differentiable, let k: Int>(
  of f: ([ChunkedDual<T, k>]) throws -> [ChunkedDual<T, k>], at x: [T], mode: ForwardMode<k>
) rethrows -> [[T]] {
  var rows: [[T]] = []
  var outputCount: Int?
  try forEachForwardChunk(
    at: x, mode: mode, evaluate: f,
    unseededLanesAreZero: { y, width in y.allSatisfy { $0.unseededLanesAreZero(from: width) } }
  ) { start, width, y in
    if outputCount == nil {
      outputCount = y.count
      rows = Array(repeating: Array(repeating: 0, count: x.count), count: y.count)
    }
    require(
      y.count == rows.count,
      "jacobian: f returned \(y.count) outputs on one pass and \(rows.count) on another")
    for i in y.indices {
      for lane in 0..<width { rows[i][start + lane] = y[i].tangents[lane] }
    }
  }
  if outputCount == nil { rows = Array(repeating: [], count: try f([]).count) }
  return rows
}

/// The Jacobian ∂fᵢ/∂xⱼ of f: Rⁿ → Rᵐ by reverse mode: one recording of f, then
/// ⌈m/8⌉ backward sweeps carrying eight cotangents each.
///
/// - Returns: m rows of n entries: `result[i][j]` is ∂fᵢ/∂xⱼ.
/// - Complexity: one evaluation of `f` on ``Tracked`` values and ⌈m/8⌉ sweeps.
@inlinable
public func jacobian<T: Differentiable>(
  of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T], mode: ReverseMode
) rethrows -> [[T]] {
  let (value, pullback) = try valueWithPullback(of: f, at: x)
  return pullback.jacobian(outputCount: value.count)
}

extension Pullback {
  /// The m rows of the Jacobian: the pullback of each basis cotangent.
  @inlinable
  func jacobian(outputCount m: Int) -> [[T]] {
    self(cotangents: (0..<m).map { i in (0..<m).map { $0 == i ? T(1) : T(0) } })
  }
}
