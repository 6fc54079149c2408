import AutoDiff
import PropertyBased
import RealModule
import Testing

// Identities that hold for every input, checked on inputs from PropertyBased's
// generators driven by our seeded generator (Support/SeededPropertyCheck.swift): every
// run checks the same 200 cases per property.
//
// Tolerances: the two sides of each identity evaluate the same function along different
// rounding paths of a handful of operations, so in Double they differ by a few dozen ulps
// (≈ 1e-14) at most; 1e-13 or 1e-12 (atanh∘tanh and asin∘sin lose digits near the ends
// of their range) bounds that, and absolute floors of 1e-14 … 1e-10 cover values near 0
// (the Rosenbrock gradients reach 1e4, hence 1e-10 there). Float against Double: 2⁻²⁴ ≈
// 6e-8 per operation over a few operations on values up to e^1.5, so 1e-5 relative.

@Suite("Forward-mode identities (property-based)")
struct DualPropertyTests {
  @Test("d/dx exp(x + b) = exp(x + b) exactly, and = exp(x)·exp(b) to rounding")
  func expOfSum() {
    seededPropertyCheck(input: Gen.double(in: -20...20), Gen.double(in: -20...20)) { a, b in
      let viaSum = valueWithDerivative(of: { x in Dual.exp(x + Dual(b)) }, at: a)
      #expect(viaSum.derivative == viaSum.value)
      #expect(viaSum.value == Double.exp(a + b))
      let viaProduct = derivative(of: { x in Dual.exp(x) * Dual.exp(Dual(b)) }, at: a)
      expectApproximatelyEqual(viaProduct, viaSum.derivative, relativeTolerance: 1e-13, "a = \(a), b = \(b)")
    }
  }

  @Test("Chain rule: (g∘h)′(a) = g′(h(a))·h′(a) from separate derivatives")
  func chainRule() {
    func h<T: Real>(_ x: T) -> T { .sin(x) * 2 + x * x }
    func g<T: Real>(_ u: T) -> T { .exp(u / 4) * .atan(u) }
    seededPropertyCheck(input: Gen.double(in: -3...3)) { a in
      let composed = derivative(of: { g(h($0)) }, at: a)
      let separate = derivative(of: g, at: h(a)) * derivative(of: h, at: a)
      expectApproximatelyEqual(composed, separate, relativeTolerance: 1e-13, absoluteTolerance: 1e-13, "a = \(a)")
    }
  }

  @Test("Product and quotient rules hold for random f, g values")
  func productAndQuotientRules() {
    seededPropertyCheck(input: Gen.double(in: 0.1...4)) { a in
      let fg = derivative(of: { x in Dual.sin(x) * Dual.log(x) }, at: a)
      expectApproximatelyEqual(fg, .cos(a) * .log(a) + .sin(a) / a, relativeTolerance: 1e-13, absoluteTolerance: 1e-14, "a = \(a)")
      let quotient = derivative(of: { x in Dual.sin(x) / Dual.exp(x) }, at: a)
      expectApproximatelyEqual(quotient, (.cos(a) - .sin(a)) / .exp(a), relativeTolerance: 1e-12, absoluteTolerance: 1e-14, "a = \(a)")
    }
  }

  @Test("d/dx (sin²x + cos²x) is exactly 0")
  func pythagoreanIdentity() {
    seededPropertyCheck(input: Gen.double(in: -100...100)) { a in
      let d = derivative(of: { x in Dual.sin(x) * Dual.sin(x) + Dual.cos(x) * Dual.cos(x) }, at: a)
      #expect(d == 0, "a = \(a)")
    }
  }

  @Test("Inverse functions: d/dx asin(sin x) = 1, d/dx log(exp x) = 1, d/dx atanh(tanh x) = 1")
  func inverseFunctions() {
    seededPropertyCheck(input: Gen.double(in: -1.4...1.4)) { a in
      expectApproximatelyEqual(derivative(of: { Dual.asin(Dual.sin($0)) }, at: a), 1, relativeTolerance: 1e-12, "a = \(a)")
      expectApproximatelyEqual(derivative(of: { Dual.log(Dual.exp($0)) }, at: a), 1, relativeTolerance: 1e-14, "a = \(a)")
      expectApproximatelyEqual(derivative(of: { Dual.atanh(Dual.tanh($0)) }, at: a), 1, relativeTolerance: 1e-12, "a = \(a)")
    }
  }

  @Test("jvp along a·u equals a·(jvp along u); forward gradient · v equals jvp along v")
  func jvpHomogeneityAndGradient() {
    seededPropertyCheck(
      input: Gen.double(in: -2...2).array(of: 6), Gen.double(in: -1...1).array(of: 6), Gen.double(in: -5...5)
    ) { x, v, a in
      let jv = jvp(of: wide, at: x, along: v).tangent
      let jav = jvp(of: wide, at: x, along: v.map { a * $0 }).tangent
      expectApproximatelyEqual(jav, jv.map { a * $0 }, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "x = \(x), v = \(v), a = \(a)")
      let g = gradient(of: rosenbrock, at: x, mode: .forward)
      let directional = jvp(of: { [rosenbrock($0)] }, at: x, along: v).tangent[0]
      let dot = zip(g, v).reduce(0) { $0 + $1.0 * $1.1 }
      expectApproximatelyEqual(directional, dot, relativeTolerance: 1e-12, absoluteTolerance: 1e-10, "x = \(x), v = \(v)")
    }
  }

  @Test("Float and Double agree to Float precision")
  func floatMatchesDouble() {
    seededPropertyCheck(input: Gen.float(in: -3...3)) { a in
      let f = derivative(of: { x in Dual.tanh(x) * Dual.exp(x / 2) }, at: a)
      let d = derivative(of: { x in Dual.tanh(x) * Dual.exp(x / 2) }, at: Double(a))
      expectApproximatelyEqual(Double(f), d, relativeTolerance: 1e-5, absoluteTolerance: 1e-6, "a = \(a)")
    }
  }
}
