import AutoDiff

/// A system F: Rⁿ → Rⁿ whose output i depends on the inputs within `halfBandwidth` of
/// i, so its Jacobian is banded:
///
///     Fᵢ(x) = xᵢ³ + sin(xᵢ) · Σ xⱼ over 0 < |j − i| ≤ b
///
/// the shape of a discretised one-dimensional differential equation with a (2b + 1)-point
/// stencil. Columns more than 2b apart share no row, so 2b + 1 colours cover any n: the
/// sparse Jacobian costs 2b + 1 tangent lanes where the dense one costs n.
public struct BandedSystem: DifferentiableFunction, Sendable {
  /// b: output i depends on xᵢ₋ᵦ … xᵢ₊ᵦ.
  public var halfBandwidth: Int

  /// The system with half-bandwidth `halfBandwidth` (0 gives a diagonal Jacobian).
  public init(halfBandwidth: Int) {
    require(halfBandwidth >= 0, "BandedSystem: halfBandwidth must be at least 0, got \(halfBandwidth)")
    self.halfBandwidth = halfBandwidth
  }

  /// F(x), for any differentiable scalar type.
  public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    return (0..<n).map { i in
      var neighbours: T = 0
      for j in Swift.max(0, i - halfBandwidth)...Swift.min(n - 1, i + halfBandwidth) where j != i {
        neighbours += x[j]
      }
      return x[i] * x[i] * x[i] + .sin(x[i]) * neighbours
    }
  }

  /// How the system is written in headings.
  public var formula: String {
    "Fᵢ(x) = xᵢ³ + sin(xᵢ)·Σ xⱼ over 0 < |j − i| ≤ \(halfBandwidth)"
  }
}
