import AutoDiff
import RealModule
import Testing

/// The library's numerical differentiation (Sources/AutoDiff/Checking/FiniteDifference.swift).
@Suite("Finite differences")
struct FiniteDifferenceTests {
  static func cubic(_ x: Double) -> Double { 3 * x * x * x - 5 * x * x }

  @Test("with h = 0.1, the errors are the truncation terms: |f″|h/2 + |f‴|h²/6 and |f‴|h²/6")
  func truncation() {
    // f″(1.5) = 17, f‴ = 18: forward 5.25 + 0.85 + 0.03, central 5.25 + 0.03.
    #expect(isClose(forwardDifference(of: Self.cubic, at: 1.5, step: 0.1), 6.13, tolerance: 1e-12))
    #expect(isClose(centralDifference(of: Self.cubic, at: 1.5, step: 0.1), 5.28, tolerance: 1e-12))
  }

  @Test("the default steps give about half (forward) and two thirds (central) of the digits")
  func defaultSteps() {
    let forward = forwardDifference(of: Self.cubic, at: 1.5)
    let central = centralDifference(of: Self.cubic, at: 1.5)
    #expect((forward - 5.25).magnitude < 1e-6)
    #expect((central - 5.25).magnitude < 1e-9)
    #expect((central - 5.25).magnitude < (forward - 5.25).magnitude)
    #expect(forwardDifferenceStep(at: 4.0) == 4 * Double.ulpOfOne.squareRoot())
    #expect(centralDifferenceStep(at: 0.25) == Double.root(.ulpOfOne, 3))
  }

  @Test("the step is rounded so that x + h is exact: below half an ulp it vanishes")
  func vanishingStep() {
    #expect(forwardDifference(of: Self.cubic, at: 1.5, step: 1e-16).isNaN)
    #expect(!forwardDifference(of: Self.cubic, at: 1.5, step: 1e-15).isNaN)
  }

  @Test("Float works too")
  func float() {
    let estimate = centralDifference(of: { (x: Float) in x * x * x }, at: 2)
    #expect((estimate - 12).magnitude < 1e-2)
  }

  @Test("the central-difference Jacobian matches the exact Jacobian")
  func jacobianMatches() {
    func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .sin(x[0]) + x[1] * x[1]] }
    let x = [0.3, -1.2]
    let estimate = centralDifferenceJacobian(of: { f($0) }, at: x)
    // By hand, not by the library's AD: ∂(x₀x₁) = (x₁, x₀), ∂(sin x₀ + x₁²) = (cos x₀, 2x₁).
    let exact = [[x[1], x[0]], [Double.cos(x[0]), 2 * x[1]]]
    #expect(estimate.count == 2)
    // Central differences at h = ∛ε err by about ε^(2/3) ≈ 4e-11 times the third
    // derivatives (here at most 1): 1e-9 bounds that.
    for (row, exactRow) in zip(estimate, exact) {
      #expect(isClose(row, exactRow, tolerance: 1e-9), "\(row) vs \(exactRow)")
    }
  }
}
