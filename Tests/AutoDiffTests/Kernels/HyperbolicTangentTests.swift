import AutoDiff
import RealModule
import Testing

// Float's tanh is evaluated in Double (Sources/CAutoDiffMath/CAutoDiffTanh.c, called from
// Kernels/HyperbolicTangent.swift): it must stay within half an ulp of the exact value, keep
// the special values, and be what every mode uses.

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
