import AutoDiff

/// W5 of the benchmark suite: neighbours on a ring interact, so the Hessian is
/// cyclic-tridiagonal:
///
///     g(x) = Σᵢ sin(xᵢ · x₍ᵢ₊₁₎ mod n) + xᵢ⁴/4
///
/// Dense forward-over-reverse sweeps n Hessian–vector products for it (200 at W5's
/// n = 200); a star colouring of a ring needs only 3 colours, for every n ≥ 3 but 5
/// (which needs 4), so the sparse Hessian costs 3.
public struct CyclicChain: DifferentiableScalarFunction, Sendable {
  /// The function.
  public init() {}

  /// g(x), for any differentiable scalar type.
  public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let n = x.count
    var sum: T = 0
    for i in 0..<n {
      let next = x[i + 1 == n ? 0 : i + 1]
      let square = x[i] * x[i]
      sum += .sin(x[i] * next) + square * square / 4
    }
    return sum
  }

  /// How the function is written in headings.
  public static let formula = "g(x) = Σᵢ sin(xᵢ·x₍ᵢ₊₁₎ mod n) + xᵢ⁴/4"
}
