import AutoDiff
import RealModule
import Testing

// The binary rule table: values, both partials against closed forms and central
// differences, and second partials through nested duals. As for the unary table the
// functions are reached through the public API.

/// `p` applied through the public API. For `atan2` the first argument is y, as in the
/// rule table.
func callPublicAPI<T: Real>(_ p: BinaryPrimitive, _ x: T, _ y: T) -> T {
  switch p {
  case .add: x + y
  case .subtract: x - y
  case .multiply: x * y
  case .divide: x / y
  case .pow: .pow(x, y)
  case .atan2: .atan2(y: x, x: y)
  case .hypot: .hypot(x, y)
  case .minimum: .minimum(x, y)
  case .maximum: .maximum(x, y)
  case .remainder: x.remainder(dividingBy: y)
  case .truncatingRemainder: x.truncatingRemainder(dividingBy: y)
  }
}

/// ∂f/∂x and ∂f/∂y of one binary case by forward mode, one `Dual` pass each.
func forwardPartials<T: Differentiable>(_ p: BinaryPrimitive, at x: T, _ y: T) -> (dx: T, dy: T) {
  let dx = callPublicAPI(p, Dual(x, derivative: 1), Dual(y)).derivative
  let dy = callPublicAPI(p, Dual(x), Dual(y, derivative: 1)).derivative
  return (dx, dy)
}

/// ∂²f/∂x², ∂²f/∂x∂y and ∂²f/∂y² of one binary case through `Dual<Dual<Double>>`: the
/// outer level seeds one variable and the inner level the other.
func forwardSecondPartials(_ p: BinaryPrimitive, at x: Double, _ y: Double) -> (xx: Double, xy: Double, yy: Double) {
  let xx = callPublicAPI(
    p, Dual(Dual(x, derivative: 1), derivative: Dual(1)), Dual(Dual(y), derivative: Dual(0))
  ).derivative.derivative
  let xy = callPublicAPI(
    p, Dual(Dual(x), derivative: Dual(1)), Dual(Dual(y, derivative: 1), derivative: Dual(0))
  ).derivative.derivative
  let yy = callPublicAPI(
    p, Dual(Dual(x), derivative: Dual(0)), Dual(Dual(y, derivative: 1), derivative: Dual(1))
  ).derivative.derivative
  return (xx, xy, yy)
}

extension BinaryPrimitive {
  /// A point where the function is smooth, away from every kink and jump by more
  /// than a five-point stencil's reach.
  func smoothPoint(using rng: inout SeededGenerator) -> (x: Double, y: Double) {
    func awayFromZero(_ r: ClosedRange<Double>) -> Double {
      Double.random(in: r, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
    }
    switch self {
    case .add, .subtract, .multiply:
      return (Double.random(in: -10...10, using: &rng), Double.random(in: -10...10, using: &rng))
    case .divide:
      return (Double.random(in: -10...10, using: &rng), awayFromZero(0.2...5))
    case .pow:
      return (Double.random(in: 0.1...5, using: &rng), Double.random(in: -3...3, using: &rng))
    case .atan2, .hypot:
      // An annulus around the origin, all four quadrants.
      let r = Double.random(in: 0.2...5, using: &rng)
      let t = Double.random(in: -Double.pi...Double.pi, using: &rng)
      return (r * .sin(t), r * .cos(t))
    case .minimum, .maximum:
      let x = Double.random(in: -5...5, using: &rng)
      return (x, x + awayFromZero(0.1...3))
    case .remainder, .truncatingRemainder:
      // x = (n + f)·y with the fraction f well inside a piece of the sawtooth:
      // remainder jumps where x/y is a half-integer, the truncating one at integers.
      let y = awayFromZero(0.5...3)
      let n = Double(Int.random(in: -4...4, using: &rng))
      let f =
        self == .remainder
        ? Double.random(in: -0.4...0.4, using: &rng) : Double.random(in: 0.1...0.9, using: &rng)
      return ((n + f) * y, y)
    }
  }

  /// Points with the value and both partials written out independently of the table.
  var closedForms: [(x: Double, y: Double, value: Double, dx: Double, dy: Double)] {
    switch self {
    case .add: [(2, 3, 5, 1, 1), (-1.5, 0.25, -1.25, 1, 1)]
    case .subtract: [(2, 3, -1, 1, -1), (-1.5, 0.25, -1.75, 1, -1)]
    case .multiply: [(2, 3, 6, 3, 2), (-1.5, 0.25, -0.375, 0.25, -1.5)]
    case .divide: [(3, 2, 1.5, 0.5, -0.75), (-1, 4, -0.25, 0.25, 1.0 / 16)]
    case .pow:
      // ∂/∂x = y·x^(y−1), ∂/∂y = xʸ·ln x.
      [(2, 3, 8, 12, 8 * .log(2)), (4, 0.5, 2, 0.25, 2 * .log(4)), (9, -1, 1.0 / 9, -1.0 / 81, .log(9) / 9)]
    case .atan2:
      // atan2(y: a, x: b): ∂/∂a = b/(a² + b²), ∂/∂b = −a/(a² + b²).
      [(1, 1, .pi / 4, 0.5, -0.5), (1, -1, 3 * .pi / 4, -0.5, -0.5), (-2, 0, -.pi / 2, 0, 0.5)]
    case .hypot: [(3, 4, 5, 0.6, 0.8), (-5, 12, 13, -5.0 / 13, 12.0 / 13)]
    case .minimum: [(1, 2, 1, 1, 0), (3, -2, -2, 0, 1)]
    case .maximum: [(1, 2, 2, 0, 1), (3, -2, 3, 1, 0)]
    case .remainder:
      // 7 = 4·2 − 1 (ties to even), 5.5 = 2·2.5 + 0.5.
      [(7, 2, -1, 1, -4), (5.5, 2.5, 0.5, 1, -2), (-7.5, 2, 0.5, 1, 4)]
    case .truncatingRemainder: [(7, 2, 1, 1, -3), (5.5, 2.5, 0.5, 1, -2), (-7.5, 2, -1.5, 1, 3)]
    }
  }
}

@Suite("Binary rule table")
struct BinaryPrimitiveTests {
  @Test("The public API applies the case's own rule", arguments: BinaryPrimitive.allCases)
  func publicAPIAppliesTheRule(_ p: BinaryPrimitive) {
    for point in p.closedForms {
      let x = Dual(point.x, derivative: 1)
      let y = Dual(point.y, derivative: -2)
      let viaAPI = callPublicAPI(p, x, y)
      let viaRule = x.applying(p, y)
      #expect(viaAPI.value == viaRule.value && viaAPI.derivative == viaRule.derivative, "\(p) at \(point)")
    }
  }

  @Test("Value, ∂/∂x and ∂/∂y match closed forms", arguments: BinaryPrimitive.allCases)
  func closedFormsAtFixedPoints(_ p: BinaryPrimitive) {
    for point in p.closedForms {
      let context = "\(p) at (\(point.x), \(point.y))"
      let value = callPublicAPI(p, Dual(point.x, derivative: 1), Dual(point.y)).value
      expectApproximatelyEqual(value, point.value, relativeTolerance: 1e-15, context)
      #expect(value == callPublicAPI(p, point.x, point.y), "\(context)")
      let d = forwardPartials(p, at: point.x, point.y)
      expectApproximatelyEqual(d.dx, point.dx, relativeTolerance: 1e-14, absoluteTolerance: 1e-300, "∂/∂x " + context)
      expectApproximatelyEqual(d.dy, point.dy, relativeTolerance: 1e-14, absoluteTolerance: 1e-300, "∂/∂y " + context)
      let f = forwardPartials(p, at: Float(point.x), Float(point.y))
      expectApproximatelyEqual(Double(f.dx), point.dx, relativeTolerance: 1e-6, absoluteTolerance: 1e-7, "Float ∂/∂x " + context)
      expectApproximatelyEqual(Double(f.dy), point.dy, relativeTolerance: 1e-6, absoluteTolerance: 1e-7, "Float ∂/∂y " + context)
    }
  }

  // Tolerances: the reference is a five-point stencil of the Double function, exact to
  // about ε^(4/5) ≈ 3e-13 of the partials' scale, so Double gets 1e-6, a wide margin that
  // still fails any wrong rule. Float's rules round to 2⁻²⁴ ≈ 6e-8 per operation (pow's
  // xʸ·ln x a few times that): 1e-5 bounds it. (It was 1e-2, which passed a partial 1 % off.)
  @Test("Double: partials match central differences at 24 seeded points", arguments: BinaryPrimitive.allCases)
  func doublePartialsMatchCentralDifferences(_ p: BinaryPrimitive) {
    checkAgainstCentralDifferences(p, as: Double.self, tolerance: 1e-6)
  }

  @Test("Float: partials match central differences at 24 seeded points", arguments: BinaryPrimitive.allCases)
  func floatPartialsMatchCentralDifferences(_ p: BinaryPrimitive) {
    checkAgainstCentralDifferences(p, as: Float.self, tolerance: 1e-5)
  }

  func checkAgainstCentralDifferences<T: Differentiable & BinaryFloatingPoint>(
    _ p: BinaryPrimitive, as _: T.Type, tolerance: Double
  ) {
    var rng = SeededGenerator(stream: 200 + Int(p.rawValue))
    for _ in 0..<24 {
      let point = p.smoothPoint(using: &rng)
      let (x, y) = (T(point.x), T(point.y))
      let ad = forwardPartials(p, at: x, y)
      let reference = fivePointPartials(of: { callPublicAPI(p, $0, $1) }, at: Double(x), Double(y))
      let context = "\(T.self) \(p) at (\(x), \(y)), \(rng.seedDescription)"
      expectApproximatelyEqual(
        Double(ad.dx), reference.dx, relativeTolerance: tolerance, absoluteTolerance: tolerance, "∂/∂x " + context)
      expectApproximatelyEqual(
        Double(ad.dy), reference.dy, relativeTolerance: tolerance, absoluteTolerance: tolerance, "∂/∂y " + context)
    }
  }

  @Test("Second partials through Dual<Dual<Double>> match central differences", arguments: BinaryPrimitive.allCases)
  func secondPartialsMatchCentralDifferences(_ p: BinaryPrimitive) {
    var rng = SeededGenerator(stream: 300 + Int(p.rawValue))
    for _ in 0..<20 {
      let (x, y) = p.smoothPoint(using: &rng)
      let context = "\(p) at (\(x), \(y)), \(rng.seedDescription)"
      let (xx, xy, yy) = forwardSecondPartials(p, at: x, y)
      let dxx = fivePointDifference(of: { forwardPartials(p, at: $0, y).dx }, at: x)
      let dxy = fivePointDifference(of: { forwardPartials(p, at: x, $0).dx }, at: y)
      let dyy = fivePointDifference(of: { forwardPartials(p, at: x, $0).dy }, at: y)
      expectApproximatelyEqual(xx, dxx, relativeTolerance: 1e-6, absoluteTolerance: 1e-6, "∂²/∂x² " + context)
      expectApproximatelyEqual(xy, dxy, relativeTolerance: 1e-6, absoluteTolerance: 1e-6, "∂²/∂x∂y " + context)
      expectApproximatelyEqual(yy, dyy, relativeTolerance: 1e-6, absoluteTolerance: 1e-6, "∂²/∂y² " + context)
    }
  }

  // Points where the function is smooth but a partial is computed through an
  // intermediate that is not: these pin the partial to its mathematical value.

  @Test("pow: ∂/∂x of x¹ at x = 0 is 1 (not NaN from RealModule's pow(0, 0))")
  func powUnitExponentAtZeroBase() {
    let d = forwardPartials(BinaryPrimitive.pow, at: 0.0, 1.0)
    #expect(d.dx == 1)
    // ∂/∂y pass: ∂/∂y = 0 at x == 0, y > 0, and the x tangent 0 meets the finite ∂/∂x = 1,
    // so this is 1·0 + 0·1 = 0 with or without the NaN-safe chain rule.
    #expect(d.dy.bitPattern == (0.0).bitPattern)
  }

  @Test("pow: (x^2.0)″ at x = 0 is 2, through nested duals")
  func powSecondDerivativeAtZeroBase() {
    let second = derivative(
      of: { (x: Dual<Double>) in derivative(of: { Dual.pow($0, 2) }, at: x) }, at: 0.0)
    #expect(second == 2)
    let realPower = derivative(
      of: { (x: Dual<Double>) in derivative(of: { Dual.pow($0, Dual(Dual(2.0))) }, at: x) }, at: 0.0)
    #expect(realPower == 2)
  }

  @Test("atan2: partials at (1e-200, 1e-200) are ±5e199, not 0 (x² + y² underflows there)")
  func atan2PartialsDoNotUnderflow() {
    let d = forwardPartials(BinaryPrimitive.atan2, at: 1e-200, 1e-200)
    expectApproximatelyEqual(d.dx, 5e199, relativeTolerance: 1e-15)
    expectApproximatelyEqual(d.dy, -5e199, relativeTolerance: 1e-15)
    // Large arguments: x² + y² overflows, the partials are 5e-201 and must not flush to 0.
    let large = forwardPartials(BinaryPrimitive.atan2, at: 1e200, 1e200)
    expectApproximatelyEqual(large.dx, 5e-201, relativeTolerance: 1e-15)
    expectApproximatelyEqual(large.dy, -5e-201, relativeTolerance: 1e-15)
  }

  @Test("pow: second partials at y = 0 and y = 1 with x > 0, where xʸ is smooth but the rule special-cases ∂/∂x")
  func powSecondPartialsAtSpecialExponents() throws {
    let ln2 = Double.log(2)
    // ∂²xʸ/∂x² = y(y − 1)x^(y−2), ∂²xʸ/∂x∂y = x^(y−1)(1 + y·ln x), ∂²xʸ/∂y² = xʸ·ln²x.
    let atZero = forwardSecondPartials(.pow, at: 2, 0)
    #expect(atZero.xx == 0)
    expectApproximatelyEqual(atZero.xy, 0.5, relativeTolerance: 1e-15, "∂²/∂x∂y at (2, 0)")
    expectApproximatelyEqual(atZero.yy, ln2 * ln2, relativeTolerance: 1e-15, "∂²/∂y² at (2, 0)")
    let atOne = forwardSecondPartials(.pow, at: 2, 1)
    #expect(atOne.xx == 0)
    expectApproximatelyEqual(atOne.xy, 1 + ln2, relativeTolerance: 1e-15, "∂²/∂x∂y at (2, 1)")
    expectApproximatelyEqual(atOne.yy, 2 * ln2 * ln2, relativeTolerance: 1e-15, "∂²/∂y² at (2, 1)")
    // The same through the forward-over-forward Hessian of f(x, y) = xʸ.
    let h = hessian(of: { (v: [ChunkedDual<ChunkedDual<Double, 2>, 2>]) in .pow(v[0], v[1]) }, at: [2.0, 0], mode: ForwardMode<2>())
    // Indexed below: a wrong shape must fail here, not trap.
    try #require(h.count == 2 && h.allSatisfy { $0.count == 2 })
    expectApproximatelyEqual(h[0][1], 0.5, relativeTolerance: 1e-15, "Hessian[0][1] at (2, 0)")
    expectApproximatelyEqual(h[1][0], 0.5, relativeTolerance: 1e-15, "Hessian[1][0] at (2, 0)")
  }
}
