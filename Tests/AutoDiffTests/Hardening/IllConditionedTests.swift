import AutoDiff
import RealModule
import Testing

@Suite("Numerical robustness on ill-conditioned input")
struct IllConditionedTests {
  /// The n×n Hilbert matrix Hᵢⱼ = 1/(i + j + 1), condition number about 1.5e10 at n = 8.
  static func hilbert(_ n: Int) -> [[Double]] {
    (0..<n).map { i in (0..<n).map { j in 1 / Double(i + j + 1) } }
  }

  #if arch(x86_64) || arch(i386)
  /// log|det H| in Float80 from the closed form det Hₙ = cₙ⁴ / c₂ₙ, cₙ = Π_{k<n} k!.
  static func referenceLogDeterminant(_ n: Int) -> Float80 {
    func logSuperFactorial(_ m: Int) -> Float80 {
      var total: Float80 = 0
      var logFactorial: Float80 = 0
      for k in 1..<max(m, 1) {
        logFactorial += Float80.log(Float80(k))
        total += logFactorial
      }
      return total
    }
    return 4 * logSuperFactorial(n) - logSuperFactorial(2 * n)
  }

  @Test("log|det| of the 8×8 Hilbert matrix agrees with a Float80 closed form to 1e-8 relative")
  func hilbertLogDeterminant() {
    let n = 8
    let h = Tensor<Double>(Self.hilbert(n))
    let (sign, logMagnitude) = logDeterminant(h)
    let reference = Self.referenceLogDeterminant(n)
    #expect(sign == 1)
    let error = abs(Float80(logMagnitude.scalar) - reference) / abs(reference)
    // LU in Double: an absolute error about cond·ε ≈ 3e-6 on a log of about −75.
    #expect(error < 1e-8, "log|det H₈| = \(logMagnitude.scalar), reference \(reference), relative error \(error)")
  }
  #endif

  @Test("∂ log|det H| / ∂H = H⁻ᵀ satisfies Gᵀ·H ≈ I on the Hilbert matrix")
  func hilbertGradient() {
    let n = 6
    let h = Tensor<Double>(Self.hilbert(n))
    let g = gradient(of: { logDeterminant($0).logMagnitude }, at: h)
    let product = matmul(g.transposed(), h)
    let identity = Tensor<Double>.identity(n)
    #expect(product.shape == identity.shape)
    let residual = zip(product.scalars, identity.scalars).map { abs($0 - $1) }.max() ?? .infinity
    #expect(residual < 1e-6, "‖Gᵀ·H − I‖∞ = \(residual)")
  }
}
