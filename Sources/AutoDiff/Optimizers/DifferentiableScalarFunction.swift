/// A function Rⁿ → R written once for every ``Differentiable`` type, so that gradients
/// (reverse mode, on ``Tracked``) and Hessians (forward-over-reverse, on
/// `Tracked<ChunkedDual<T, 8>>`) can both be taken of it.
///
/// A closure has one type and so one specialisation; a function object with a generic
/// `callAsFunction` has them all. The constrained optimiser takes its objective and
/// constraints this way:
///
/// ```swift
/// struct Sum: DifferentiableScalarFunction {
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] + x[1] }
/// }
/// struct UnitCircle: DifferentiableScalarFunction {
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[0] + x[1] * x[1] - 1 }
/// }
/// try maximize(Sum(), subjectTo: [UnitCircle()], from: [1.0, 0.5])  // x ≈ [0.7071, 0.7071]
/// ```
public protocol DifferentiableScalarFunction {
  /// The function, for any differentiable scalar type.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T
}
