import AutoDiff
import RealModule
import Testing

// ψ = Γ′/Γ, which the gamma and logGamma rules use.

@Suite("digamma")
struct DigammaTests {
  /// (x, ψ(x)) from the closed forms ψ(1) = −γ, ψ(n + 1) = Hₙ − γ, ψ(1/2) = −γ − 2 ln 2,
  /// and the reflection ψ(1 − x) − ψ(x) = π cot(πx).
  static let knownValues: [(x: Double, psi: Double)] = [
    (1, -eulerGamma),
    (0.5, -eulerGamma - 2 * Double.log(2)),
    (2, 1 - eulerGamma),
    // H₉ = 7129/2520.
    (10, 7129.0 / 2520 - eulerGamma),
    (1.5, 2 - eulerGamma - 2 * Double.log(2)),
    // ψ(−1/2) = ψ(3/2) + π cot(−π/2) = ψ(3/2).
    (-0.5, 2 - eulerGamma - 2 * Double.log(2)),
    // ψ(−3/2) = ψ(−1/2) + 1/(3/2) (the recurrence ψ(x + 1) = ψ(x) + 1/x, backwards).
    (-1.5, 2 - eulerGamma - 2 * Double.log(2) + 2.0 / 3),
    // ψ(1/4) = −γ − π/2 − 3 ln 2.
    (0.25, -eulerGamma - Double.pi / 2 - 3 * Double.log(2)),
    // ψ(100) = H₉₉ − γ, summed here.
    (100, (1...99).reduce(0.0) { $0 + 1 / Double($1) } - eulerGamma),
  ]

  // Tolerances: the closed forms are exact to an ulp or two (H₉₉ summed: ≈ 100 ulps of
  // 5), and a series-based ψ is good to a few ulps, so Double gets 1e-14 relative (1e-15
  // absolute near ψ's zero at 1.46); the recurrence and reflection subtract nearby values
  // and lose up to two digits, hence 1e-12 there. Float's ψ is computed in Float: 1e-5.
  @Test("Double: known values to 1e-14")
  func doubleKnownValues() {
    expectApproximatelyEqual(digamma(1.0), -0.5772156649015329, relativeTolerance: 1e-15, "ψ(1) = −γ")
    for (x, psi) in Self.knownValues {
      expectApproximatelyEqual(digamma(x), psi, relativeTolerance: 1e-14, absoluteTolerance: 1e-15, "ψ(\(x))")
    }
  }

  @Test("Float: known values to 1e-5")
  func floatKnownValues() {
    for (x, psi) in Self.knownValues {
      expectApproximatelyEqual(Double(digamma(Float(x))), psi, relativeTolerance: 1e-5, absoluteTolerance: 1e-6, "ψ(\(x))")
    }
  }

  @Test("Negative non-integers satisfy the reflection formula")
  func reflection() {
    var rng = SeededGenerator(stream: 600)
    for _ in 0..<20 {
      let x = -Double(Int.random(in: 0...6, using: &rng)) - Double.random(in: 0.1...0.9, using: &rng)
      let lhs = digamma(1 - x) - digamma(x)
      let rhs = Double.pi / Double.tan(Double.pi * x)
      expectApproximatelyEqual(lhs, rhs, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "x = \(x), \(rng.seedDescription)")
    }
  }

  @Test("Recurrence ψ(x + 1) = ψ(x) + 1/x across the asymptotic threshold")
  func recurrence() {
    for x in [0.3, 1.7, 5.5, 11.2, 11.9, 12.0, 12.5, 30] {
      expectApproximatelyEqual(digamma(x + 1), digamma(x) + 1 / x, relativeTolerance: 1e-14, "x = \(x)")
    }
  }

  @Test("Poles at 0, −1, −2 give NaN; NaN and +∞ pass through")
  func poles() {
    for x in [0.0, -1, -2, -10] { #expect(digamma(x).isNaN, "ψ(\(x))") }
    #expect(digamma(Double.nan).isNaN)
    #expect(digamma(Double.infinity) == .infinity)
  }

  @Test("ψ′ (trigamma) through a dual: ψ′(1) = π²/6, ψ′(1/2) = π²/2")
  func trigammaThroughDual() {
    expectApproximatelyEqual(derivative(of: { digamma($0) }, at: 1.0), Double.pi * Double.pi / 6, relativeTolerance: 1e-13)
    expectApproximatelyEqual(derivative(of: { digamma($0) }, at: 0.5), Double.pi * Double.pi / 2, relativeTolerance: 1e-13)
  }
}
