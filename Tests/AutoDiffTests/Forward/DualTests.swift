import AutoDiff
import RealModule
import Testing

// Dual<T>: arithmetic, printing, comparison and hashing, literals, the FloatingPoint
// members, and the acceptance example of SPEC §1.

/// The acceptance function, written against RealModule only.
func cubic<T: Real>(_ x: T) -> T { 3 * x * x * x - 5 * x * x }

/// Softplus log(1 + eˣ) as a user-declared primitive (the example of
/// `UnaryDerivativeRule`'s documentation).
struct Softplus: UnaryDerivativeRule {
  func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) {
    let e = T.exp(x)
    return (T.log(onePlus: e), e / (1 + e))
  }
}

/// Records a failure unless `d` is exactly `value + derivative·ε`.
func expectDual<T: Differentiable>(
  _ d: Dual<T>, _ value: T, _ derivative: T, _ context: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    d.value == value && d.derivative == derivative,
    "\(d) is not \(value) + \(derivative)ε. \(context)", sourceLocation: sourceLocation)
}

@Suite("Dual numbers")
struct DualTests {
  @Test("Acceptance: d/dx (3x³ − 5x²) at 1.5 is exactly 5.25, for a function written against RealModule only")
  func acceptanceCubic() {
    #expect(derivative(of: cubic, at: 1.5) == 5.25)
    let result = valueWithDerivative(of: cubic, at: 1.5)
    #expect(result.value == -1.125)
    #expect(result.derivative == 5.25)
    // By hand: f(1.5 + ε) = f(1.5) + f′(1.5)ε.
    expectDual(cubic(Dual(1.5, derivative: 1)), -1.125, 5.25)
    #expect(derivative(of: cubic, at: Float(1.5)) == 5.25)
  }

  @Test("Construction: value, derivative, and constants")
  func construction() {
    let d = Dual(3.0, derivative: 2)
    #expect(d.value == 3 && d.derivative == 2)
    expectDual(Dual(3.0), 3, 0)
    expectDual(Dual<Double>(constant: 3), 3, 0)
    expectDual(d.withoutDerivative, 3, 0)
    expectDual(withoutDerivative(at: d), 3, 0)
  }

  @Test("Field arithmetic follows the sum, product and quotient rules")
  func arithmetic() {
    let a = Dual(3.0, derivative: 2)
    let b = Dual(-1.5, derivative: 4)
    expectDual(a + b, 1.5, 6)
    expectDual(a - b, 4.5, -2)
    expectDual(a * b, -4.5, 2 * -1.5 + 3 * 4)
    let q = a / b
    #expect(q.value == -2)
    // (a′b − ab′) / b², which the rule computes in another order: an ulp or two apart.
    expectApproximatelyEqual(q.derivative, (2 * -1.5 - 3 * 4) / (1.5 * 1.5), relativeTolerance: 1e-15)
    expectDual(-a, -3, -2)
    var c = a
    c += b
    expectDual(c, 1.5, 6)
    c -= b
    expectDual(c, 3, 2)
    c *= b
    expectDual(c, -4.5, 9)
    c /= b
    expectDual(c, 3, 2)
    c.negate()
    expectDual(c, -3, -2)
    expectDual(a.scaled(by: 2), 6, 4)
    expectDual(a.distance(to: b), -4.5, 2)
    expectDual(a.advanced(by: b), 1.5, 6)
  }

  @Test("Arithmetic is the same generic code on Float and Double")
  func arithmeticOnFloatAndDouble() {
    func check<T: Differentiable & BinaryFloatingPoint>(_: T.Type) {
      let x = Dual<T>(2, derivative: 1)
      // d/dx (x² + 1)/x = 1 − 1/x², at 2: 3/4.
      let y = (x * x + 1) / x
      #expect(y.value == T(5) / 2, "\(T.self)")
      #expect(y.derivative == T(3) / 4, "\(T.self)")
      let z = T.exp(x.value)
      expectDual(Dual<T>.exp(x), z, z, "\(T.self)")
    }
    check(Float.self)
    check(Double.self)
    #if arch(x86_64) || arch(i386)
    check(Float80.self)
    #endif
  }

  @Test("description is value + derivativeε")
  func description() {
    #expect(Dual(1.5, derivative: 1).description == "1.5 + 1.0ε")
    #expect(Dual<Double>(-2.0).description == "-2.0 + 0.0ε")
    #expect("\(Dual(Float(0.5), derivative: 3))" == "0.5 + 3.0ε")
  }

  @Test("Comparisons and hashing look at the value only")
  func comparisonsAndHashing() {
    let a = Dual(1.0, derivative: 5)
    let b = Dual(1.0, derivative: -3)
    let c = Dual(2.0, derivative: 0)
    #expect(a == b)
    #expect(a != c)
    #expect(a < c && c > a && a <= b && a >= b)
    #expect(!(a < b))
    #expect(a.hashValue == b.hashValue)
    #expect(Set([a, b, c]).count == 2)
    #expect([c, a].sorted().map(\.value) == [1, 2])
    #expect(a.isEqual(to: b) && a.isLess(than: c) && a.isLessThanOrEqualTo(b))
    #expect(Dual<Double>(-0.0).isTotallyOrdered(belowOrEqualTo: Dual(0.0)))
    #expect(Dual(Double.nan) != Dual(Double.nan))
  }

  @Test("Integer literals are constants; an expression's constants drop out")
  func literalsAreConstants() {
    let three: Dual<Double> = 3
    expectDual(three, 3, 0)
    expectDual(Dual<Double>(7), 7, 0)
    expectDual(Dual<Double>(UInt8(7)), 7, 0)
    #expect(Dual<Double>(exactly: 5)?.derivative == 0)
    #expect(Dual<Float>(exactly: 16_777_217) == nil)
    #expect(derivative(of: { 3 * $0 + 2 }, at: 10.0) == 3)
    #expect(derivative(of: { _ in 42 }, at: 10.0) == 0)
  }

  @Test("Constants (π, ∞, ulp, …) carry no derivative")
  func constants() {
    expectDual(Dual<Double>.pi, .pi, 0)
    expectDual(Dual<Double>.infinity, .infinity, 0)
    expectDual(Dual<Double>.greatestFiniteMagnitude, .greatestFiniteMagnitude, 0)
    expectDual(Dual<Double>.leastNormalMagnitude, .leastNormalMagnitude, 0)
    expectDual(Dual<Double>.leastNonzeroMagnitude, .leastNonzeroMagnitude, 0)
    expectDual(Dual<Double>.ulpOfOne, .ulpOfOne, 0)
    #expect(Dual<Double>.nan.isNaN && Dual<Double>.nan.derivative == 0)
    #expect(Dual<Double>.signalingNaN.isSignalingNaN)
    #expect(Dual<Double>.radix == 2)
    expectDual(Dual(0.1, derivative: 1).ulp, 0.1.ulp, 0)
    expectDual(Dual(2.0, derivative: 1).nextUp, 2.0.nextUp, 0)
  }

  @Test("Classification follows the value")
  func classification() {
    let x = Dual(1.0, derivative: .nan)
    #expect(x.isNormal && x.isFinite && !x.isNaN && !x.isZero && !x.isInfinite && !x.isSubnormal)
    #expect(x.isCanonical)
    #expect(Dual(Double.leastNonzeroMagnitude, derivative: 1).isSubnormal)
    #expect(Dual(-0.0, derivative: 1).isZero)
    #expect(Dual(-2.0, derivative: 1).sign == .minus)
    #expect(Dual(12.0, derivative: 1).exponent == 3)
  }

  @Test("significand moves with x at scale 2^−exponent")
  func significand() {
    expectDual(Dual(2.5, derivative: 1).significand, 1.25, 0.5)
    // |x| decreases as x increases below 0.
    expectDual(Dual(-3.0, derivative: 1).significand, 1.5, -0.5)
    expectDual(Dual(0.0, derivative: 1).significand, 0.0.significand, 0)
    #expect(Dual(Double.infinity, derivative: 1).significand.value == Double.infinity.significand)
  }

  @Test("significand of a subnormal is the Double's (1 for leastNonzeroMagnitude)")
  func significandOfSubnormal() {
    // For a subnormal, 2^−exponent is 2^1074 and overflows; the value must still be
    // exactly the primal's significand.
    let tiny = Double.leastNonzeroMagnitude
    #expect(Dual(tiny, derivative: 1).significand.value == tiny.significand)
    let subnormal = Double.leastNormalMagnitude / 8
    #expect(Dual(subnormal, derivative: 1).significand.value == subnormal.significand)
  }

  @Test("init(sign:exponent:significand:) is linear in the significand")
  func initSignExponentSignificand() {
    expectDual(Dual<Double>(sign: .minus, exponent: 2, significand: Dual(1.5, derivative: 1)), -6, -4)
    expectDual(Dual<Double>(sign: .plus, exponent: -1, significand: Dual(1.0, derivative: 3)), 0.5, 1.5)
    // Sign of the result is `sign` XOR the significand's sign, as for Double.
    let d = Dual<Double>(sign: .minus, exponent: 0, significand: Dual(-1.0, derivative: 1))
    #expect(d.value == Double(sign: .minus, exponent: 0, significand: -1))
  }

  @Test("init(sign:exponent:significand:) matches Double where 2^exponent alone overflows")
  func initSignExponentSignificandNearOverflow() {
    // 0.5·2^1024 = 2^1023 is finite, but the factor 2^1024 is not.
    let expected = Double(sign: .plus, exponent: 1024, significand: 0.5)
    #expect(expected.isFinite)
    let d = Dual<Double>(sign: .plus, exponent: 1024, significand: Dual(0.5, derivative: 1))
    #expect(d.value == expected)
  }

  @Test("init(signOf:magnitudeOf:) is ±magnitudeOf, constant in signOf")
  func initSignOfMagnitudeOf() {
    expectDual(Dual(signOf: Dual(-1.0, derivative: 5), magnitudeOf: Dual(3.0, derivative: 2)), -3, -2)
    expectDual(Dual(signOf: Dual(1.0, derivative: 5), magnitudeOf: Dual(3.0, derivative: 2)), 3, 2)
    expectDual(Dual(signOf: Dual(1.0, derivative: 5), magnitudeOf: Dual(-3.0, derivative: 2)), 3, -2)
    expectDual(Dual(signOf: Dual(-0.0), magnitudeOf: Dual(0.0, derivative: 1)), -0.0, -1)
  }

  @Test("remainder and truncatingRemainder: ∂/∂x = 1, ∂/∂y = −n")
  func remainders() {
    // 7 = 4·2 − 1 (round half to even) and 7 = 3·2 + 1 (toward zero).
    expectDual(Dual(7.0, derivative: 1).remainder(dividingBy: Dual(2.0)), -1, 1)
    expectDual(Dual(7.0).remainder(dividingBy: Dual(2.0, derivative: 1)), -1, -4)
    expectDual(Dual(7.0, derivative: 1).truncatingRemainder(dividingBy: Dual(2.0)), 1, 1)
    expectDual(Dual(7.0).truncatingRemainder(dividingBy: Dual(2.0, derivative: 1)), 1, -3)
    var x = Dual(-7.5, derivative: 1)
    x.formTruncatingRemainder(dividingBy: Dual(2.0, derivative: 1))
    expectDual(x, -1.5, 1 + 3)
    x = Dual(-7.5, derivative: 1)
    x.formRemainder(dividingBy: Dual(2.0, derivative: 1))
    expectDual(x, 0.5, 1 + 4)
  }

  @Test("addingProduct rounds the value once (fused) and follows the product rule")
  func addingProductIsFused() {
    // b·c = 1 − 2⁻⁵⁶ rounds to 1 unfused, so a + b·c is 0 unfused and −2⁻⁵⁶ fused.
    let b = 1 + 0x1p-28
    let c = 1 - 0x1p-28
    let a = -1.0
    let fused = a.addingProduct(b, c)
    #expect(fused != a + b * c)
    let seeds: [(Double, Double, Double)] = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    let expected = [1, c, b]
    for (seed, partial) in zip(seeds, expected) {
      let r = Dual(a, derivative: seed.0).addingProduct(Dual(b, derivative: seed.1), Dual(c, derivative: seed.2))
      #expect(r.value == fused)
      #expect(r.derivative == partial, "seed \(seed)")
    }
    var m = Dual(a, derivative: 1)
    m.addProduct(Dual(b), Dual(c))
    expectDual(m, fused, 1)
  }

  @Test("squareRoot, magnitude and abs")
  func squareRootAndMagnitude() {
    expectDual(Dual(4.0, derivative: 1).squareRoot(), 2, 0.25)
    var s = Dual(9.0, derivative: 2)
    s.formSquareRoot()
    expectDual(s, 3, 2.0 / 6)
    expectDual(Dual(-3.0, derivative: 1).magnitude, 3, -1)
    expectDual(Dual(3.0, derivative: 1).magnitude, 3, 1)
    expectDual(abs(Dual(-3.0, derivative: 2)), 3, -2)
  }

  @Test("Rounding gives derivative 0 for every rule")
  func rounding() {
    let rules: [FloatingPointRoundingRule] = [
      .down, .up, .towardZero, .awayFromZero, .toNearestOrEven, .toNearestOrAwayFromZero,
    ]
    for rule in rules {
      for x in [-2.5, -1.0, 0.3, 2.5, 7.0] {
        expectDual(Dual(x, derivative: 1).rounded(rule), x.rounded(rule), 0, "\(rule) at \(x)")
      }
    }
    expectDual(Dual(2.7, derivative: 1).rounded(), 3, 0)
    var r = Dual(2.2, derivative: 1)
    r.round(.up)
    expectDual(r, 3, 0)
  }

  @Test("T.minimum/T.maximum follow the derivative of the chosen side away from ties")
  func minimumMaximum() {
    let a = Dual(1.0, derivative: 2)
    let b = Dual(3.0, derivative: 5)
    expectDual(Dual.minimum(a, b), 1, 2)
    expectDual(Dual.maximum(a, b), 3, 5)
    expectDual(Dual.maximum(a, Dual(1.0, derivative: 4)), 1, 3)
    expectDual(Dual.minimum(a, Dual(1.0, derivative: 4)), 1, 3)
    // NaN is ignored, as by Double.minimum/maximum.
    expectDual(Dual.maximum(a, Dual(.nan, derivative: 7)), 1, 2)
  }

  @Test("Inherited RealModule defaults differentiate exactly: reciprocal, cosMinusOne, signGamma")
  func inheritedDefaults() {
    // reciprocal is 1/x, one division rule: d/dx = −1/x².
    let r = Dual(2.0, derivative: 1).reciprocal
    #expect(r.map { $0.value == 0.5 && $0.derivative == -0.25 } == true)
    // cosMinusOne is −2·sin²(x/2), whose derivative composes to −sin x.
    for x in [0.0, 1e-8, 1, -2.5] {
      let c = valueWithDerivative(of: { Dual.cosMinusOne($0) }, at: x)
      #expect(c.value == Double.cosMinusOne(x), "at \(x)")
      expectApproximatelyEqual(c.derivative, -Double.sin(x), relativeTolerance: 1e-15, absoluteTolerance: 1e-300, "at \(x)")
    }
    // signGamma reads the value only.
    #expect(Dual<Double>.signGamma(Dual(-0.5, derivative: 1)) == .minus)
    #expect(Dual<Double>.signGamma(Dual(-1.5, derivative: 1)) == .plus)
    #expect(Dual<Double>.signGamma(Dual(3.0, derivative: 1)) == .plus)
    // exp10 has its own rule: value bit for bit Double.exp10, derivative 10ˣ·ln 10.
    let e = valueWithDerivative(of: { Dual.exp10($0) }, at: 2.0)
    #expect(e.value == 100)
    expectApproximatelyEqual(e.derivative, 100 * Double.log(10), relativeTolerance: 1e-15)
  }

  @Test("withoutDerivative(at:) stops the derivative")
  func stopDerivative() {
    #expect(derivative(of: { x in x * withoutDerivative(at: x) }, at: 3.0) == 3)
    #expect(derivative(of: { x in x * x }, at: 3.0) == 6)
  }

  @Test("A user-declared rule runs through applying(_:)")
  func userDeclaredRule() {
    func softplusTimesX<T: Differentiable>(_ x: T) -> T { x.applying(Softplus()) * x }
    let x = 0.7
    let e = Double.exp(x)
    let expected = e / (1 + e) * x + Double.log(onePlus: e)
    // The same operations as the rule and the product rule, up to order: an ulp or two.
    expectApproximatelyEqual(derivative(of: softplusTimesX, at: x), expected, relativeTolerance: 1e-15)
    #expect(Softplus().name == "Softplus")
    #expect(UnaryPrimitive.sin.name == "sin")
    #expect(BinaryPrimitive.atan2.name == "atan2")
  }

  @Test("Dual is Sendable and its Magnitude is itself")
  func typeProperties() {
    // Sendable is a compile-time property: these calls compile only if each type conforms.
    func requireSendable<S: Sendable>(_: S.Type) {}
    requireSendable(Dual<Double>.self)
    requireSendable(Dual<Float>.self)
    requireSendable(Dual<Dual<Double>>.self)
    #expect(Dual<Double>.Magnitude.self == Dual<Double>.self)
    #expect(MemoryLayout<Dual<Double>>.size == 2 * MemoryLayout<Double>.size)
  }
}
