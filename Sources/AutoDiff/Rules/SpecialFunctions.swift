import RealModule

/// The digamma function ψ(x) = Γ′(x)/Γ(x), which the rules for `gamma` and `logGamma`
/// need and RealModule does not provide.
///
/// Generic over `Real`, so it runs on duals too: nested duals differentiate it into the
/// trigamma function, which second derivatives of `gamma` and `logGamma` use.
///
/// Poles at 0, −1, −2, … give ±∞ or NaN, as Γ itself does.
@inlinable
public func digamma<T: Real>(_ x: T) -> T {
  if x.isNaN { return x }
  if x == .infinity { return x }
  if x <= 0 && x == x.rounded(.towardZero) { return .nan }
  // Reflection ψ(x) = ψ(1 − x) − π / tan(πx) moves negative arguments to positive ones.
  if x < 0 {
    return digamma(1 - x) - T.pi / T.tan(T.pi * x)
  }
  // Recurrence ψ(x) = ψ(x + 1) − 1/x lifts x to where the asymptotic series is accurate
  // to below Double's rounding: the first omitted term at x = 12 is about 2e-18.
  var shift: T = 0
  var z = x
  while z < 12 {
    shift -= 1 / z
    z += 1
  }
  // ψ(z) ~ log z − 1/(2z) − Σ B₂ₖ / (2k z²ᵏ), Bernoulli numbers B₂ … B₁₄.
  let w = 1 / (z * z)
  var series: T = 1 / 12  // B₁₄/14
  series = series * w - 691 / 32760  // B₁₂/12
  series = series * w + 1 / 132  // B₁₀/10
  series = series * w - 1 / 240  // B₈/8
  series = series * w + 1 / 252  // B₆/6
  series = series * w - 1 / 120  // B₄/4
  series = series * w + 1 / 12  // B₂/2
  return shift + T.log(z) - 1 / (2 * z) - series * w
}
