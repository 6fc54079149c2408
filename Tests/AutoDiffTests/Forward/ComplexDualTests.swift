import AutoDiff
import ComplexModule
import RealModule
import Testing

// Code that knows nothing of AutoDiff — swift-numerics' Complex — runs on Dual because
// Dual conforms to Real.
//
// Tolerances: the derivative and its closed form take a few complex multiplications and
// one exp along different rounding paths, a few ulps apart (≈ 1e-15 relative); 1e-13 or
// 1e-15 bounds that, with absolute floors for entries that are 0 in exact arithmetic.

@Suite("Complex<Dual<Double>>")
struct ComplexDualTests {
  /// g(z) = exp(z)·z², g′(z) = exp(z)(z² + 2z).
  func g<T: Real>(_ z: Complex<T>) -> Complex<T> { .exp(z) * z * z }

  @Test("d/dt of exp(z)·z² along z = t(1 + 2i) matches g′(z)·(1 + 2i)", arguments: [0.0, 0.3, -1.25, 2])
  func expTimesSquareAlongALine(_ t: Double) {
    // z(t) = (t, 2t), so dz/dt = 1 + 2i: seed the real part with 1, the imaginary with 2.
    let z = Complex(Dual(t, derivative: 1), Dual(2 * t, derivative: 2))
    let w = g(z)
    let z0 = Complex(t, 2 * t)
    let value = g(z0)
    let slope = Complex.exp(z0) * (z0 * z0 + 2 * z0) * Complex(1, 2)
    #expect(w.real.value == value.real && w.imaginary.value == value.imaginary)
    expectApproximatelyEqual(w.real.derivative, slope.real, relativeTolerance: 1e-13, absoluteTolerance: 1e-15, "Re at t = \(t)")
    expectApproximatelyEqual(
      w.imaginary.derivative, slope.imaginary, relativeTolerance: 1e-13, absoluteTolerance: 1e-15, "Im at t = \(t)")
  }

  @Test("derivative(of:at:) through a complex intermediate: d/dt |exp(it)|² = 0, d/dt Re exp(it) = −sin t")
  func realFunctionThroughComplex() {
    for t in [0.0, 0.5, 2.0, -3.0] {
      let unitCircle = derivative(of: { t in Complex.exp(Complex(0, t)).lengthSquared }, at: t)
      #expect(unitCircle.magnitude < 1e-15, "at \(t)")
      let re = derivative(of: { t in Complex.exp(Complex(0, t)).real }, at: t)
      expectApproximatelyEqual(re, -Double.sin(t), relativeTolerance: 1e-15, absoluteTolerance: 1e-300, "at \(t)")
    }
  }

  @Test("Cauchy–Riemann: ∂u/∂x = ∂v/∂y and ∂u/∂y = −∂v/∂x for log(z)")
  func cauchyRiemann() {
    let (x, y) = (1.5, -0.75)
    let alongX = Complex.log(Complex(Dual(x, derivative: 1), Dual(y)))
    let alongY = Complex.log(Complex(Dual(x), Dual(y, derivative: 1)))
    expectApproximatelyEqual(alongX.real.derivative, alongY.imaginary.derivative, relativeTolerance: 1e-15)
    expectApproximatelyEqual(alongY.real.derivative, -alongX.imaginary.derivative, relativeTolerance: 1e-15)
    // d/dz log z = 1/z = (x − iy)/(x² + y²).
    let r2 = x * x + y * y
    expectApproximatelyEqual(alongX.real.derivative, x / r2, relativeTolerance: 1e-15)
    expectApproximatelyEqual(alongX.imaginary.derivative, -y / r2, relativeTolerance: 1e-15)
  }
}
