import AutoDiff
import RealModule
import Testing

// Nesting: Dual<Dual<T>> for higher derivatives, and perturbation confusion (Siskind &
// Pearlmutter), which the type system rules out: an inner differentiation runs one
// level deeper, so a captured outer value must enter it as a constant `Dual(x)`.
//
// The naive form `x * derivative(of: { y in x + y }, at: 1)`, which gives 2 in a library
// without perturbation tags, does not compile: "cannot convert value of type 'Double' to
// expected argument type 'Dual<Double>'" (checked by hand; a non-compiling test cannot
// live in this target). Lifting the inner result back into the outer level by hand
// (`Dual(_:)`, `scaled(by:)`) does compile; a transform nested in another of the same dual
// type then refuses it with a message, in release builds as in debug
// (Forward/PerturbationGuard.swift), tested below. CI runs this suite in `-c release` too.

@Suite("Nested duals and perturbation confusion")
struct NestedDualTests {
  @Test("Perturbation confusion: d/dx [x · d/dy (x + y) at y = 1] at x = 1 is exactly 1")
  func perturbationConfusion() {
    let d = derivative(of: { x in x * derivative(of: { y in Dual(x) + y }, at: 1) }, at: 1.0)
    #expect(d == 1)
  }

  @Test("Perturbation confusion lifted back by hand with scaled(by:) is refused with a message")
  func perturbationConfusionThroughScaling() async {
    // The inner call runs at the outer level (T = Double), its closure captures the outer
    // Dual<Double>, and its Double result re-enters the outer level through scaled(by:).
    // Types cannot see that; the debug-build guard does. SPEC §1: correct or refused.
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = derivative(of: { x in x.scaled(by: derivative(of: { y in x + y }, at: 1)) }, at: 1.0)
    }
    let message = standardError(of: result)
    #expect(message.contains("valueWithDerivative(of:at:): perturbation confusion"))
  }

  @Test("Perturbation confusion lifted back by hand with Dual(_:) is refused with a message")
  func perturbationConfusionThroughLifting() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = derivative(of: { x in x * Dual(derivative(of: { y in x + y }, at: 1)) }, at: 1.0)
    }
    let message = standardError(of: result)
    #expect(message.contains("perturbation confusion"))
    #expect(message.contains("Dual(x) + y"))
  }

  @Test("Perturbation confusion through jvp(of:at:along:) nested in jvp is refused")
  func perturbationConfusionThroughJVP() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = jvp(
        of: { (x: [Dual<Double>]) in
          [x[0] * Dual(jvp(of: { (y: [Dual<Double>]) in [x[0] * y[0]] }, at: [1], along: [1]).tangent[0])]
        }, at: [2], along: [1])
    }
    #expect(standardError(of: result).contains("jvp(of:at:along:): perturbation confusion"))
  }

  @Test("Chunked: a captured outer dual sharing a seeded lane with the inner one is refused")
  func chunkedConfusionInSeededLane() async {
    // Outer and inner both seed lane 0 (one input each), so the last chunk's unseeded
    // lanes are clean; only the nested zero-seed evaluation sees the captured tangent.
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = jacobian(
        of: { (x: [ChunkedDual<Double, 8>]) in
          let inner = jacobian(
            of: { (y: [ChunkedDual<Double, 8>]) in [x[0] + y[0]] }, at: [1], mode: ForwardMode<8>())
          return [x[0].scaled(by: inner[0][0])]
        }, at: [1.0], mode: ForwardMode<8>())
    }
    #expect(standardError(of: result).contains("forward-mode 8-lane transform: perturbation confusion"))
  }

  @Test("Chunked: a captured outer dual in a lane the inner pass leaves unseeded is refused")
  func chunkedConfusionInUnseededLane() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = gradient(
        of: { (x: [ChunkedDual<Double, 4>]) in
          let inner = gradient(
            of: { (y: [ChunkedDual<Double, 4>]) in x[1] * y[0] }, at: [1], mode: ForwardMode<4>())
          return x[0].scaled(by: inner[0])
        }, at: [1.0, 2.0], mode: ForwardMode<4>())
    }
    #expect(standardError(of: result).contains("perturbation confusion"))
  }

  @Test("Chunked nesting of one type without capture is fine, and each nested call is right")
  func chunkedNestingWithoutCapture() {
    // f(x) = x₀ · (d/dy y² at y = 3) + x₁ = 6x₀ + x₁: the inner call runs nested on the same
    // type, passes the zero-seed check and gives 6.
    let g = gradient(
      of: { (x: [ChunkedDual<Double, 4>]) in
        let inner = gradient(
          of: { (y: [ChunkedDual<Double, 4>]) in y[0] * y[0] }, at: [3], mode: ForwardMode<4>())
        return x[0].scaled(by: inner[0]) + x[1]
      }, at: [1.0, 2.0], mode: ForwardMode<4>())
    #expect(g == [6, 1])
  }

  @Test("An inner differentiation that captures nothing from the outer one is fine at the same level")
  func sameLevelWithoutCapture() {
    // f(x) = x · sin′(2): the inner call seeds the same type but shares no perturbation.
    let d = derivative(of: { x in x * Dual(derivative(of: { y in Dual.sin(y) }, at: 2)) }, at: 1.0)
    #expect(d == .cos(2))
  }

  @Test("Perturbation confusion, more forms (ForwardDiff.jl's suite)")
  func perturbationConfusionVariants() {
    // d/dx [x · d/dy (x·y) at y = 1] = d/dx x² = 2x, at 2: 4.
    #expect(derivative(of: { x in x * derivative(of: { y in Dual(x) * y }, at: 1) }, at: 2.0) == 4)
    // d/dx [d/dy (x·y) at y = x] = d/dx x = 1.
    #expect(derivative(of: { x in derivative(of: { y in Dual(x) * y }, at: x) }, at: 3.0) == 1)
    // d/dx [x + d/dy (x·y²) at y = 1]: inner 2xy = 2x, so 1 + 2 = 3.
    #expect(derivative(of: { x in x + derivative(of: { y in Dual(x) * y * y }, at: 1) }, at: 5.0) == 3)
    // d/dx [d/dy (x·y) at y = 1 · d/dz (x + z) at z = 1]: x · 1, so 1.
    let d = derivative(
      of: { x in
        derivative(of: { y in Dual(x) * y }, at: 1) * derivative(of: { z in Dual(x) + z }, at: 1)
      }, at: 7.0)
    #expect(d == 1)
  }

  @Test("Mixed partial by nesting: ∂²(x²y³)/∂x∂y = 6xy² at (2, 3) is 108")
  func mixedPartial() {
    let d = derivative(
      of: { x in derivative(of: { y in Dual(x) * Dual(x) * y * y * y }, at: 3) }, at: 2.0)
    #expect(d == 108)
  }

  @Test("Second derivatives of a generic function: (3x³ − 5x²)″ = 18x − 10")
  func secondDerivativeOfCubic() {
    for x in [-2.0, 0, 1.5, 4] {
      let d2 = derivative(of: { (x: Dual<Double>) in derivative(of: cubic, at: x) }, at: x)
      #expect(d2 == 18 * x - 10, "at \(x)")
    }
  }

  @Test("Third derivatives through Dual<Dual<Dual<Double>>>: (x⁴)‴ = 24x")
  func thirdDerivativeOfFourthPower() {
    func quartic<T: Real>(_ x: T) -> T { x * x * x * x }
    for x in [-1.5, 0, 0.5, 2, 3] {
      let d3 = derivative(
        of: { (x: Dual<Double>) in
          derivative(of: { (y: Dual<Dual<Double>>) in derivative(of: quartic, at: y) }, at: x)
        }, at: x)
      #expect(d3 == 24 * x, "at \(x)")
      // The same by seeding all three levels by hand: the εεε part is f‴.
      let seeded = Dual(
        Dual(Dual(x, derivative: 1), derivative: Dual(1)),
        derivative: Dual(Dual(1), derivative: Dual(0)))
      #expect(quartic(seeded).derivative.derivative.derivative == 24 * x, "at \(x)")
      #expect(quartic(seeded).value.value.value == x * x * x * x, "at \(x)")
    }
  }

  @Test("Third derivatives of sin, exp and log")
  func thirdDerivativesOfElementaryFunctions() {
    func third(_ f: (Dual<Dual<Dual<Double>>>) -> Dual<Dual<Dual<Double>>>, at x: Double) -> Double {
      derivative(
        of: { (x: Dual<Double>) in derivative(of: { (y: Dual<Dual<Double>>) in derivative(of: f, at: y) }, at: x) },
        at: x)
    }
    for x in [0.0, 0.7, 2, -1.3] {
      expectApproximatelyEqual(third({ .sin($0) }, at: x), -Double.cos(x), relativeTolerance: 1e-15, absoluteTolerance: 1e-300, "sin‴ at \(x)")
      expectApproximatelyEqual(third({ .exp($0) }, at: x), Double.exp(x), relativeTolerance: 1e-15, "exp‴ at \(x)")
    }
    for x in [0.5, 1, 3] {
      expectApproximatelyEqual(third({ .log($0) }, at: x), 2 / (x * x * x), relativeTolerance: 1e-15, "log‴ at \(x)")
    }
  }

  @Test("Nested duals in Float")
  func nestedFloat() {
    let d2 = derivative(of: { (x: Dual<Float>) in derivative(of: cubic, at: x) }, at: Float(1.5))
    #expect(d2 == 17)
  }
}
