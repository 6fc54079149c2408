/// A function Rⁿ → Rᵐ written once for every ``Differentiable`` type, so that it can be
/// differentiated in whichever mode a call picks at run time.
///
/// A closure has one type, so a transform that receives it can use only one mode. A
/// function object whose `callAsFunction` is generic carries every specialisation:
///
/// ```swift
/// struct Spiral: DifferentiableFunction {
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
///     [x[0] * .cos(x[1]), x[0] * .sin(x[1]), x[1]]
///   }
/// }
/// jacobian(of: Spiral(), at: [1.0, 0.5])                     // .automatic: forward (n ≤ 8)
/// jacobian(of: Spiral(), at: [1.0, 0.5], mode: .reverse)
/// ```
public protocol DifferentiableFunction {
  /// The function, for any differentiable scalar type.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T]
}

/// How ``jacobian(of:at:mode:)-(F,_,_)`` differentiates a ``DifferentiableFunction``.
public enum JacobianMode: Sendable, Hashable {
  /// Forward evaluations carrying 8, 16, 32 or 64 tangents each: the narrowest width
  /// that covers all n inputs, or ⌈n/64⌉ evaluations of 64. (A closure passed to
  /// `jacobian(of:at:mode:)` takes its width from the mode instead: `.forward` is 8,
  /// `ForwardMode<k>()` is k.)
  case forward
  /// One recording and ⌈m/8⌉ backward sweeps carrying eight cotangents each.
  case reverse
  /// Forward when the number of outputs m is more than twice the number of inputs n,
  /// reverse otherwise. With n ≤ 8 it is always forward, because one forward evaluation
  /// then carries every input's tangent: one pass, which reverse mode (one recording and
  /// at least one sweep) cannot undercut. The factor 2 is measured: a sweep for eight rows
  /// costs less than a forward pass for eight columns, so reverse mode stays cheaper up to
  /// m ≈ 2–3·n (1.1–2.3× cheaper for m ≤ 2n at n = 32, 64, 128; level at m = 3n; forward
  /// ahead at m = 4n; see <doc:ChoosingAMode>).
  case automatic
}

/// The Jacobian of a function object in the mode `mode` picks (by default forward when
/// m > 2n or n ≤ 8, reverse otherwise).
///
/// `.automatic` with 8 < n ≤ 64 learns m from one plain evaluation of `f` at `x` before
/// choosing; with n > 64 from the reverse recording, which reverse mode then sweeps; with
/// n ≤ 8 it goes straight to the single forward evaluation, which yields m too, so it
/// costs exactly what `.forward` does.
///
/// - Returns: m rows of n entries: `result[i][j]` is ∂fᵢ/∂xⱼ.
@inlinable
public func jacobian<F: DifferentiableFunction, T: Differentiable>(
  of f: F, at x: [T], mode: JacobianMode = .automatic
) -> [[T]] {
  switch mode {
  case .forward:
    // The narrowest of 8, 16, 32 and 64 tangents that covers n, else 64: each evaluation
    // computes f's values once for all its tangents, so wider chunks share more of that
    // work, while tangents past n would be wasted.
    switch x.count {
    case ...8: return jacobian(of: { f($0) }, at: x, mode: ForwardMode<8>())
    case ...16: return jacobian(of: { f($0) }, at: x, mode: ForwardMode<16>())
    case ...32: return jacobian(of: { f($0) }, at: x, mode: ForwardMode<32>())
    default: return jacobian(of: { f($0) }, at: x, mode: ForwardMode<64>())
    }
  case .reverse:
    return jacobian(of: { f($0) }, at: x, mode: .reverse)
  case .automatic:
    if x.count <= 8 { return jacobian(of: f, at: x, mode: .forward) }
    if x.count <= 64 {
      let outputCount = f(x).count
      return jacobian(of: f, at: x, mode: outputCount > 2 * x.count ? .forward : .reverse)
    }
    // n > 64: forward mode takes two or more wide passes, so learn m from the reverse
    // recording instead of a plain evaluation. Reverse mode then sweeps the recording it
    // already has; forward mode discards it (a few percent of its own passes).
    let (value, pullback) = valueWithPullback(of: { f($0) }, at: x)
    if value.count > 2 * x.count { return jacobian(of: f, at: x, mode: .forward) }
    return pullback.jacobian(outputCount: value.count)
  }
}
