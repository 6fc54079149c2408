import RealModule

/// Every built-in function of one argument, with its derivative rule.
///
/// This enum is the single table of unary derivative rules: ``Dual``, ``Tracked`` and
/// tensors all call ``evaluate(at:)``. Edge values follow the policy in
/// <doc:DerivativeConventions>; the cases that need one are commented here.
public enum UnaryPrimitive: UInt8, CaseIterable, Sendable, UnaryDerivativeRule {
  /// −x; derivative −1.
  case negate
  /// |x|; derivative sign(x), and 0 at ±0.
  case abs
  /// √x; derivative 1/(2√x), which is +∞ at 0.
  case squareRoot
  /// eˣ; derivative eˣ.
  case exp
  /// eˣ − 1, accurate near 0; derivative eˣ.
  case expMinusOne
  /// 2ˣ; derivative 2ˣ·ln 2.
  case exp2
  /// 10ˣ; derivative 10ˣ·ln 10.
  case exp10
  /// ln x; derivative 1/x.
  case log
  /// ln(1 + x), accurate near 0; derivative 1/(1 + x).
  case logOnePlus
  /// log₂ x; derivative 1/(x·ln 2).
  case log2
  /// log₁₀ x; derivative 1/(x·ln 10).
  case log10
  /// sin x; derivative cos x.
  case sin
  /// cos x; derivative −sin x.
  case cos
  /// tan x; derivative 1 + tan²x.
  case tan
  /// arcsin x; derivative 1/√(1 − x²).
  case asin
  /// arccos x; derivative −1/√(1 − x²).
  case acos
  /// arctan x; derivative 1/(1 + x²).
  case atan
  /// sinh x; derivative cosh x.
  case sinh
  /// cosh x; derivative sinh x.
  case cosh
  /// tanh x; derivative 1 − tanh²x.
  case tanh
  /// arsinh x; derivative 1/√(x² + 1).
  case asinh
  /// arcosh x; derivative 1/(√(x − 1)·√(x + 1)).
  case acosh
  /// artanh x; derivative 1/((1 − x)(1 + x)).
  case atanh
  /// The error function erf x; derivative (2/√π)·e^(−x²).
  case erf
  /// The complementary error function 1 − erf x; derivative −(2/√π)·e^(−x²).
  case erfc
  /// Γ(x); derivative Γ(x)·ψ(x), with ψ the ``digamma(_:)`` function.
  case gamma
  /// ln|Γ(x)|; derivative ψ(x).
  case logGamma

  /// The name used in traces and in the conventions table.
  public var name: String { Self.names[Int(rawValue)] }

  /// The case names, read once: `String(describing:)` reflects on every call, and a tensor
  /// operation names itself each time it is recorded.
  private static let names = allCases.map { String(describing: $0) }

  /// f(x) and f′(x) together. The derivative reuses f(x) where the rule allows
  /// (exp, tan, tanh, sqrt, gamma), as JAX's `defjvp2` does.
  @inlinable @inline(__always)
  public func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) {
    switch self {
    case .negate: return (-x, -1)
    case .abs:
      // |x|′ is sign(x), and 0 at ±0 (the subgradient of least magnitude); NaN stays NaN.
      let d: T = x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0))
      return (x.magnitude, d)
    case .squareRoot:
      // At 0 this is 1/(2·0) = +∞: the one-sided derivative, as the table says.
      let y = x.squareRoot()
      return (y, 1 / (2 * y))
    case .exp:
      let y = T.exp(x)
      return (y, y)
    case .expMinusOne:
      let y = T.expMinusOne(x)
      return (y, y + 1)
    case .exp2:
      let y = T.exp2(x)
      return (y, y * T.log(2))
    case .exp10:
      let y = T.exp10(x)
      return (y, y * T.log(10))
    case .log: return (T.log(x), 1 / x)
    case .logOnePlus: return (T.log(onePlus: x), 1 / (1 + x))
    case .log2: return (T.log2(x), 1 / (x * T.log(2)))
    case .log10: return (T.log10(x), 1 / (x * T.log(10)))
    case .sin:
      let (s, c) = sineAndCosine(x)
      return (s, c)
    case .cos:
      let (s, c) = sineAndCosine(x)
      return (c, -s)
    case .tan:
      let y = T.tan(x)
      return (y, 1 + y * y)
    case .asin: return (T.asin(x), 1 / T.sqrt(1 - x * x))
    case .acos: return (T.acos(x), -1 / T.sqrt(1 - x * x))
    case .atan: return (T.atan(x), 1 / (1 + x * x))
    case .sinh: return (T.sinh(x), T.cosh(x))
    case .cosh: return (T.cosh(x), T.sinh(x))
    case .tanh:
      // 1 − tanh²x from the value. `autodiff_tanhf_array` and `autodiff_tanh_array`
      // (Kernels/HyperbolicTangent.swift) round the same expression the same way for Float
      // and Double tensors, without a fused multiply–add, so tensors and scalars get the
      // same bits.
      let y = hyperbolicTangent(x)
      return (y, 1 - y * y)
    case .asinh: return (T.asinh(x), 1 / T.sqrt(x * x + 1))
    case .acosh:
      // √(x−1)·√(x+1) rather than √(x²−1): no cancellation near x = 1.
      return (T.acosh(x), 1 / (T.sqrt(x - 1) * T.sqrt(x + 1)))
    case .atanh: return (T.atanh(x), 1 / ((1 - x) * (1 + x)))
    case .erf: return (T.erf(x), 2 / T.sqrt(.pi) * T.exp(-x * x))
    case .erfc: return (T.erfc(x), -2 / T.sqrt(.pi) * T.exp(-x * x))
    case .gamma:
      let y = T.gamma(x)
      return (y, y * digamma(x))
    case .logGamma:
      // d/dx log|Γ(x)| = ψ(x) on both sides of zero.
      return (T.logGamma(x), digamma(x))
    }
  }
}
