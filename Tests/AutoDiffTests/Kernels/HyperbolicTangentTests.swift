import AutoDiff
import RealModule
import Testing

// Float's tanh is evaluated in Double and Double's by its own vectorisable loop
// (Sources/CAutoDiffMath/CAutoDiffTanh.c, called from Kernels/HyperbolicTangent.swift): Float
// must stay within half an ulp of the exact value, Double within 2 ulp (against Float80),
// both keep the special values, and each is what every mode uses.

/// The distance from `value` to the exact tanh x (taken in Double), in units of Float's
/// last place at the exact value.
private func ulpError(_ value: Float, at x: Float) -> Double {
  let exact = Double.tanh(Double(x))
  let ulp = Double(Float(Swift.abs(exact)).ulp)
  return Swift.abs(Double(value) - exact) / ulp
}

@Suite("Float tanh through Double")
struct HyperbolicTangentTests {
  @Test("Within half an ulp (plus Double's own error) on a dense grid and across scales")
  func accuracy() {
    var worst = 0.0
    var worstAt: Float = 0
    var points: [Float] = stride(from: -10.0, through: 10.0, by: 1.0 / 4096).map { Float($0) }
    for exponent in -40...4 {
      for mantissa in [1.0, 1.17, 1.5, 1.93] {
        let x = Float(mantissa * Double.pow(2, Double(exponent)))
        points += [x, -x, x.nextUp, x.nextDown]
      }
    }
    for x in points {
      let y = Tensor<Float>.tanh(Tensor([x])).scalars[0]
      let error = ulpError(y, at: x)
      if error > worst { (worst, worstAt) = (error, x) }
    }
    #expect(worst <= 0.5 + 1e-6, "worst error \(worst) ulp at x = \(worstAt)")
  }

  @Test("Signed zeros, infinities, NaN and saturation")
  func specialValues() {
    func tanh(_ x: Float) -> Float { Tensor<Float>.tanh(Tensor([x])).scalars[0] }
    #expect(tanh(0).bitPattern == Float(0).bitPattern)
    #expect(tanh(-0.0).bitPattern == Float(-0.0).bitPattern)
    #expect(tanh(.infinity) == 1)
    #expect(tanh(-.infinity) == -1)
    #expect(tanh(.nan).isNaN)
    #expect(tanh(25) == 1 && tanh(-25) == -1)
    #expect(tanh(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
  }

  @Test("Forward, reverse and tensor modes give the same bits for value and derivative")
  func modesAgree() {
    var checked = 0
    for x in stride(from: Float(-4), through: 4, by: 0.173) {
      checked += 1
      let forward = valueWithDerivative(of: { Dual.tanh($0) }, at: x)
      let reverse = valueWithGradient(of: { (v: [Tracked<Float>]) in Tracked.tanh(v[0]) }, at: [x])
      var input = Tensor([x])
      input.requiresGradient = true
      let y = Tensor.tanh(input)
      y.backward()
      #expect(forward.value == reverse.value && forward.value == y.scalars[0])
      #expect(forward.derivative == reverse.gradient[0])
      #expect(forward.derivative == input.gradient?.scalars.first)
      #expect(forward.derivative == 1 - forward.value * forward.value)
    }
    // −4 to 4 in steps of 0.173: 47 points.
    #expect(checked == 47)
  }
}

#if arch(x86_64)
/// The distance from `value` to tanh x taken in Float80 (64-bit significand: 11 bits more
/// than Double, so its own error is under 1/1000 of a Double ulp), in units of Double's
/// last place at the exact value.
private func ulpError(_ value: Double, at x: Double) -> Double {
  let exact = Float80.tanh(Float80(x))
  let ulp = Float80(Double(Swift.abs(exact)).ulp)
  return Double(Swift.abs(Float80(value) - exact) / ulp)
}
#endif

@Suite("Double tanh")
struct DoubleHyperbolicTangentTests {
  func tanh(_ x: Double) -> Double { Tensor<Double>.tanh(Tensor([x])).scalars[0] }

  #if arch(x86_64)
  @Test("Within 2 ulp of the exact value on a dense grid, across scales and at random points")
  func accuracy() {
    var points: [Double] = Array(stride(from: -20.0, through: 20.0, by: 1.0 / 2048))
    for exponent in -1074...5 {
      for mantissa in [1.0, 1.17, 1.5, 1.93] {
        let x = mantissa * Double.pow(2, Double(exponent))
        points += [x, -x, x.nextUp, x.nextDown]
      }
    }
    var rng = SeededGenerator(stream: 9)
    for _ in 0..<20_000 { points.append(Double.random(in: -1...1, using: &rng)) }
    // The whole grid at once, as a tensor operation runs it (the vectorised loop), and
    // again one element at a time, as the scalar rule runs it: the same bits.
    let batch = Tensor<Double>.tanh(Tensor(points)).scalars
    #expect(batch.count == points.count)
    var worst = 0.0
    var worstAt = 0.0
    var checked = 0
    for (x, y) in zip(points, batch) where x.isFinite {
      checked += 1
      let error = ulpError(y, at: x)
      if error > worst { (worst, worstAt) = (error, x) }
      #expect(y.bitPattern == UnaryPrimitive.tanh.evaluate(at: x).value.bitPattern, "at \(x)")
    }
    // 40 · 2048 + 1 = 81,921 grid points, 1080 exponents · 4 mantissas · 4 neighbours =
    // 17,280 scaled points and 20,000 random ones, all finite.
    #expect(checked == 119_201)
    // The bound the kernel's comment states (glibc's own for `tanh`): the polynomial's
    // truncation is below 2e-17, the sums add only non-negative terms and the rounding of
    // t + 2 is corrected, leaving p's rounding and the quotient's; 4 million points in
    // [−20, 20] and across scales measured 1.89 ulp at worst while the kernel was written
    // (Horner's scheme), 1.92 on 2 million points with Estrin's.
    #expect(worst <= 2, "worst error \(worst) ulp at x = \(worstAt)")
  }
  #endif

  @Test("Signed zeros, infinities, NaN, saturation and subnormals")
  func specialValues() {
    #expect(tanh(0).bitPattern == Double(0).bitPattern)
    #expect(tanh(-0.0).bitPattern == Double(-0.0).bitPattern)
    #expect(tanh(.infinity) == 1)
    #expect(tanh(-.infinity) == -1)
    #expect(tanh(.nan).isNaN)
    #expect(tanh(20) == 1 && tanh(-25) == -1 && tanh(1e300) == 1)
    // tanh x = x − x³/3 + …: x itself for |x| below 2⁻²⁷.
    #expect(tanh(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
    #expect(tanh(1e-10) == 1e-10 && tanh(-1e-200) == -1e-200)
  }

  @Test("Forward, reverse and tensor modes give the same bits for value and derivative")
  func modesAgree() {
    var checked = 0
    for x in stride(from: -4.0, through: 4, by: 0.173) {
      checked += 1
      let forward = valueWithDerivative(of: { Dual.tanh($0) }, at: x)
      let reverse = valueWithGradient(of: { (v: [Tracked<Double>]) in Tracked.tanh(v[0]) }, at: [x])
      var input = Tensor([x])
      input.requiresGradient = true
      let y = Tensor.tanh(input)
      y.backward()
      #expect(forward.value == reverse.value && forward.value == y.scalars[0])
      #expect(forward.derivative == reverse.gradient[0])
      #expect(forward.derivative == input.gradient?.scalars.first)
      #expect(forward.derivative == 1 - forward.value * forward.value)
      // Within 2 ulp of glibc's tanh, itself within about 1 ulp of exact: 3 ulp apart at most.
      #expect(Swift.abs(forward.value - Double.tanh(x)) <= 3 * Double.tanh(x).ulp)
    }
    // −4 to 4 in steps of 0.173: 47 points.
    #expect(checked == 47)
  }
}
