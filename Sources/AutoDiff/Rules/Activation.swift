import RealModule

/// The activation functions of neural networks, as rules every mode can use.
public enum Activation: String, CaseIterable, Sendable, UnaryDerivativeRule {
  /// max(x, 0).
  case relu
  /// The logistic function 1 / (1 + e⁻ˣ).
  case sigmoid

  public var name: String { rawValue }

  @inlinable
  public func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) {
    switch self {
    case .relu:
      // The subgradient 0 at x = 0, as PyTorch and JAX take it.
      return x > 0 ? (x, 1) : (x.isNaN ? (x, x) : (0, 0))
    case .sigmoid:
      // e = e^(−|x|) ≤ 1, so neither branch overflows; it is written with a sign test,
      // not |x|, so that the value's own derivative (what a nested mode differentiates) is
      // the rule's at ±0 too (|x|′ = 0 there). σ′ = e/(1 + e)² rather than σ(1 − σ),
      // which cancels to 0 for large x where σ′ ≈ e^(−x) is still a normal number.
      let e = T.exp(x >= 0 ? -x : x)
      let s = x >= 0 ? 1 / (1 + e) : e / (1 + e)
      return (s, e / ((1 + e) * (1 + e)))
    }
  }
}
