/// f(x) and f′(x) for f: R → R, by forward mode.
///
/// ```swift
/// func f<T: Real>(_ x: T) -> T { 3 * x * x * x - 5 * x * x }
/// valueWithDerivative(of: f, at: 1.5)  // (value: -1.125, derivative: 5.25)
/// ```
///
/// - Complexity: one evaluation of `f` on ``Dual`` numbers.
@inlinable
public func valueWithDerivative<T: Differentiable>(
  of f: (Dual<T>) throws -> Dual<T>, at x: T
) rethrows -> (value: T, derivative: T) {
  try withForwardTransform(on: Dual<T>.self) { nested in
    if nested { try guardPerturbation(in: "valueWithDerivative(of:at:)", of: f, at: x) }
    let y = try f(Dual(x, derivative: 1))
    return (y.value, y.derivative)
  }
}

/// f′(x) for f: R → R, by forward mode.
///
/// Nested calls give higher derivatives; the inner call runs one dual level deeper, so
/// an outer variable enters it as a constant `Dual(x)`:
///
/// ```swift
/// // d/dx [x · d/dy (x + y) at y = 1] at x = 1  ==  1
/// derivative(of: { x in x * derivative(of: { y in Dual(x) + y }, at: 1) }, at: 1.0)
/// ```
///
/// - Complexity: one evaluation of `f` on ``Dual`` numbers.
@inlinable
public func derivative<T: Differentiable>(
  of f: (Dual<T>) throws -> Dual<T>, at x: T
) rethrows -> T {
  try valueWithDerivative(of: f, at: x).derivative
}

/// f(x) and f′(x) for f: R → R, by reverse mode: one recording and one backward sweep.
///
/// The same derivative as the forward ``valueWithDerivative(of:at:)``, for a function
/// already written on ``Tracked`` values, or to show the two modes side by side. For many
/// calls, ``Tape/valueWithDerivative(of:at:)`` on a kept tape saves the tape's allocation.
///
/// ```swift
/// func f<T: Real>(_ x: T) -> T { 3 * x * x * x - 5 * x * x }
/// valueWithDerivative(of: f, at: 1.5, mode: .reverse)  // (value: -1.125, derivative: 5.25)
/// ```
///
/// - Complexity: one evaluation of `f` on ``Tracked`` values and one backward sweep.
@inlinable
public func valueWithDerivative<T: Differentiable>(
  of f: (Tracked<T>) throws -> Tracked<T>, at x: T, mode: ReverseMode
) rethrows -> (value: T, derivative: T) {
  try Tape<T>().valueWithDerivative(of: f, at: x)
}

/// f′(x) for f: R → R, by reverse mode; see ``valueWithDerivative(of:at:mode:)``.
///
/// - Complexity: one evaluation of `f` on ``Tracked`` values and one backward sweep.
@inlinable
public func derivative<T: Differentiable>(
  of f: (Tracked<T>) throws -> Tracked<T>, at x: T, mode: ReverseMode
) rethrows -> T {
  try valueWithDerivative(of: f, at: x, mode: mode).derivative
}
