import AutoDiff
import RealModule
import Testing

/// `logSoftmax` of finite elements is one recorded operation; with an infinite element it
/// is the composition of max, exp, sum and log. Both are checked against the composition
/// written out here with public operations (the value to the last bit where both sum in
/// order, derivatives to rounding, in every mode with several lanes), and the fused
/// operation is the one recorded.
@Suite("logSoftmax: the fused operation against its composition")
struct LogSoftmaxTests {
  /// The composition the fused operation replaces, from public operations only.
  static func composed(_ x: Tensor<Double>, axis: Int) -> Tensor<Double> {
    let m = withoutGradient { x.detached().max(alongAxes: [axis], keepingDimensions: true) }
    let shifted = x - m
    return shifted - Tensor.log(Tensor.exp(shifted).sum(alongAxes: [axis], keepingDimensions: true))
  }

  @Test("Finite input, every axis of a 3×4×5 tensor: value, gradient, JVP, Hessian–vector product, 4-lane Jacobian, tensor Hessian")
  func finite() {
    var generator = SeededGenerator(stream: 77)
    let values = (0..<60).map { _ in Double.random(in: -4...4, using: &generator) }
    let x = Tensor(shape: [3, 4, 5], scalars: values)
    let v = Tensor(shape: [3, 4, 5], scalars: (0..<60).map { _ in Double.random(in: -1...1, using: &generator) })
    let weights = Tensor(shape: [3, 4, 5], scalars: (0..<60).map { _ in Double.random(in: -2...2, using: &generator) })
    var checked = 0
    for axis in 0..<3 {
      let context = "axis \(axis), \(generator.seedDescription)"
      // The same arithmetic step for step: equal to the last bit.
      #expect(x.logSoftmax(alongAxis: axis).scalars == Self.composed(x, axis: axis).scalars, "\(context)")
      let fused = { (t: Tensor<Double>) in (t.logSoftmax(alongAxis: axis) * weights).sum() }
      let reference = { (t: Tensor<Double>) in (Self.composed(t, axis: axis) * weights).sum() }
      // Derivatives: the same formulas, summed in a different order in places; the
      // entries are O(1), so 1e-13 is a few hundred ulps, far below any formula error.
      let pairs = [
        (gradient(of: fused, at: x), gradient(of: reference, at: x)),
        (jvp(of: { $0.logSoftmax(alongAxis: axis) }, at: x, along: v).tangent,
         jvp(of: { Self.composed($0, axis: axis) }, at: x, along: v).tangent),
        (hessianVectorProduct(of: fused, at: x, along: v), hessianVectorProduct(of: reference, at: x, along: v)),
      ]
      for (ours, theirs) in pairs {
        #expect(ours.shape == theirs.shape, "\(context)")
        #expect(ours.scalars.count == 60, "\(context)")
        #expect(zip(ours.scalars, theirs.scalars).allSatisfy { abs($0 - $1) <= 1e-13 }, "\(context)")
        checked += 1
      }
      // Several lanes at once, the row offsets within each lane included: a forward
      // Jacobian 4 directions a pass against the composition's reverse one, and the tensor
      // Hessian (forward over reverse, the 60 directions in two passes) against the
      // composition's. Same bound: entries O(1) (the Hessian's ≤ 4 in size).
      let lanePairs = [
        (jacobian(of: { $0.logSoftmax(alongAxis: axis) }, at: x, mode: ForwardMode<4>()),
         jacobian(of: { Self.composed($0, axis: axis) }, at: x, mode: ReverseMode())),
        (hessian(of: fused, at: x), hessian(of: reference, at: x)),
      ]
      for (ours, theirs) in lanePairs {
        #expect(ours.shape == [3, 4, 5, 3, 4, 5] && theirs.shape == ours.shape, "\(context)")
        #expect(zip(ours.scalars, theirs.scalars).allSatisfy { abs($0 - $1) <= 1e-13 }, "\(context)")
        checked += 1
      }
    }
    #expect(checked == 15)
  }

  @Test("One row along the axis (a vector of 10): the sum's order differs, the value by ulps only")
  func singleRow() {
    var generator = SeededGenerator(stream: 78)
    let x = Tensor((0..<10).map { _ in Double.random(in: -4...4, using: &generator) })
    let ours = x.logSoftmax(alongAxis: 0).scalars
    let theirs = Self.composed(x, axis: 0).scalars
    #expect(ours.count == 10 && theirs.count == 10)
    // The composition adds a single row's exponentials in eight interleaved partial sums,
    // the fused operation in order: log S differs by a rounding or two of S (≈ 1e-16
    // relative), and each |y| ≤ 9 here, so 1e-14 is a few ulps of the largest.
    #expect(zip(ours, theirs).allSatisfy { abs($0 - $1) <= 1e-14 }, "\(generator.seedDescription)")
    let g = gradient(of: { ($0.logSoftmax(alongAxis: 0) * Tensor(Array(1...10).map(Double.init))).sum() }, at: x)
    let gComposed = gradient(of: { (Self.composed($0, axis: 0) * Tensor(Array(1...10).map(Double.init))).sum() }, at: x)
    #expect(g.scalars.count == 10 && zip(g.scalars, gComposed.scalars).allSatisfy { abs($0 - $1) <= 1e-13 })
  }

  @Test("The fused operation is what gets recorded; an infinite element takes the composition")
  func recordedOperation() {
    var x = Tensor<Double>([[1, 2, 3], [0, -1, 5]])
    x.requiresGradient = true
    #expect(x.logSoftmax(alongAxis: 1).gradientFunction == "LogSoftmaxBackward")
    // A masked entry (−∞, as in attention masks): probability 0, gradient 0 there, the
    // other entries those of the row without it.
    let masked = Tensor<Double>([[1, -.infinity, 3]])
    let y = masked.logSoftmax(alongAxis: 1)
    let unmasked = Tensor<Double>([[1, 3]]).logSoftmax(alongAxis: 1)
    #expect(y.scalars[1] == -.infinity)
    #expect(y.scalars[0] == unmasked.scalars[0] && y.scalars[2] == unmasked.scalars[1])
    let g = gradient(of: { $0.logSoftmax(alongAxis: 1).slice(0..<1, alongAxis: 1).sum() }, at: masked)
    let gUnmasked = gradient(of: { $0.logSoftmax(alongAxis: 1).slice(0..<1, alongAxis: 1).sum() }, at: Tensor<Double>([[1, 3]]))
    #expect(g.scalars.count == 3 && gUnmasked.scalars.count == 2)
    #expect(g.scalars[1] == 0)
    #expect(abs(g.scalars[0] - gUnmasked.scalars[0]) <= 1e-15 && abs(g.scalars[2] - gUnmasked.scalars[1]) <= 1e-15)
  }
}
