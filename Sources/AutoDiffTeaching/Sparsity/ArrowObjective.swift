import AutoDiff

/// A scalar function whose Hessian is arrow-shaped: x₀ interacts with every other
/// variable, and each variable with itself:
///
///     f(x) = Σᵢ xᵢ⁴/4 + x₀ · Σ_{i≥1} sin(xᵢ)
///
/// Row 0 of the Hessian is full, so a column colouring of its pattern needs n colours;
/// symmetry lets a star colouring get by with 2 (x₀ alone, everything else together):
/// Hᵢ₀ for i ≥ 1 is read from the Hessian–vector product along e₀, and H₀ᵢ is the same
/// number.
public struct ArrowObjective: DifferentiableScalarFunction, Sendable {
  /// The function.
  public init() {}

  /// f(x), for any differentiable scalar type.
  public func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    var coupling: T = 0
    for (i, xi) in x.enumerated() {
      let square = xi * xi
      sum += square * square / 4
      if i > 0 { coupling += .sin(xi) }
    }
    guard let first = x.first else { return sum }
    return sum + first * coupling
  }

  /// How the function is written in headings.
  public static let formula = "f(x) = Σᵢ xᵢ⁴/4 + x₀·Σ_{i≥1} sin(xᵢ)"
}
