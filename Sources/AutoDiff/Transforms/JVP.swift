/// The value f(x) and the Jacobian–vector product J·v of f: Rⁿ → Rᵐ, by forward mode.
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .sin(x[0])] }
/// jvp(of: f, at: [1.0, 2.0], along: [1, 0])  // (value: [2, 0.84…], tangent: [2, 0.54…])
/// ```
///
/// - Precondition: `v.count == x.count`.
/// - Complexity: one evaluation of `f` on ``Dual`` numbers.
@inlinable
public func jvp<T: Differentiable>(
  of f: ([Dual<T>]) throws -> [Dual<T>], at x: [T], along v: [T]
) rethrows -> (value: [T], tangent: [T]) {
  require(
    v.count == x.count,
    "jvp: the tangent has \(v.count) elements but the point has \(x.count)")
  return try withForwardTransform(on: Dual<T>.self) { nested in
    if nested { try guardPerturbation(in: "jvp(of:at:along:)", of: f, at: x) }
    let seeded = zip(x, v).map { Dual($0, derivative: $1) }
    let y = try f(seeded)
    return (y.map { $0.value }, y.map { $0.derivative })
  }
}
