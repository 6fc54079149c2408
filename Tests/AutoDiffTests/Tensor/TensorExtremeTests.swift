import AutoDiff
import Testing

/// `max` and `min` over every axis (one loop over the buffer) and along some axes (the
/// broadcasting loops), with ties and NaN: values and derivatives in both modes against
/// hand-worked results. All expected numbers are exact (shares 1/2 and 1/3 of a tie are
/// compared with the quotients Swift rounds), so the comparisons are exact.
@Suite("Tensor max and min: ties share the derivative, NaN wins, in every mode")
struct TensorExtremeTests {
  /// Each element of `actual` against `expected`, bit for bit, after comparing counts.
  func expectExact(_ actual: [Double], _ expected: [Double], _ what: String) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) elements, expected \(expected.count)")
    guard actual.count == expected.count else { return }
    for (a, e) in zip(actual, expected) {
      #expect(a.bitPattern == e.bitPattern, "\(what): \(actual) vs \(expected)")
    }
  }

  @Test("max over every axis with a tie of two: value, gradient, forward and reverse Jacobians")
  func maxTieOfTwo() {
    let x = Tensor<Double>([1, 3, 3, 2])
    let expected: [Double] = [0, 0.5, 0.5, 0]
    #expect(x.max().scalars == [3])
    expectExact(gradient(of: { $0.max() }, at: x).scalars, expected, "gradient")
    // Four lanes in one pass: the JVP runs once per lane, on the same selection weights.
    let forward = jacobian(of: { $0.max(alongAxes: nil, keepingDimensions: true) }, at: x, mode: ForwardMode<4>())
    #expect(forward.shape == [1, 4])
    expectExact(forward.scalars, expected, "forward Jacobian")
    let reverse = jacobian(of: { $0.max(alongAxes: nil, keepingDimensions: true) }, at: x, mode: ReverseMode())
    #expect(reverse.shape == [1, 4])
    expectExact(reverse.scalars, expected, "reverse Jacobian")
  }

  @Test("min over every axis of a matrix with a tie of three, dimensions dropped and kept")
  func minTieOfThree() {
    let x = Tensor<Double>([[2, -1, 4], [-1, 5, -1]])
    let third = 1.0 / 3
    let expected: [Double] = [0, third, 0, third, 0, third]
    #expect(x.min().shape == [])
    #expect(x.min().scalars == [-1])
    #expect(x.min(alongAxes: [0, 1], keepingDimensions: true).shape == [1, 1])
    let g = gradient(of: { $0.min() }, at: x)
    #expect(g.shape == [2, 3])
    expectExact(g.scalars, expected, "gradient")
    let forward = jacobian(of: { $0.min(alongAxes: [0, 1], keepingDimensions: true) }, at: x, mode: ForwardMode<2>())
    #expect(forward.shape == [1, 1, 2, 3])
    expectExact(forward.scalars, expected, "forward Jacobian, 3 passes of 2 lanes")
  }

  @Test("a NaN is the maximum of every slice it is in, and the slice passes no derivative")
  func nanWins() {
    let x = Tensor<Double>([[1, .nan], [3, 4]])
    #expect(x.max().scalars.count == 1)
    #expect(x.max().scalars[0].isNaN)
    expectExact(gradient(of: { $0.max() }, at: x).scalars, [0, 0, 0, 0], "gradient, every axis")
    // Along the rows: the first row's maximum is NaN, the second's is 4.
    let rows = x.max(alongAxes: [1])
    #expect(rows.scalars.count == 2)
    #expect(rows.scalars[0].isNaN && rows.scalars[1] == 4)
    expectExact(
      gradient(of: { $0.max(alongAxes: [1]).sum() }, at: x).scalars, [0, 0, 0, 1], "gradient along 1")
  }

  @Test("over every axis equals reducing one axis after the other, on 60 generated elements")
  func everyAxisEqualsOneAfterTheOther() {
    // A fixed sequence with no ties (distinct multiples of a step, permuted by 7 mod 60).
    let scalars = (0..<60).map { Double(($0 * 7) % 60) * 0.25 - 5 }
    let x = Tensor(shape: [3, 4, 5], scalars: scalars)
    var checked = 0
    for (name, all, stepwise) in [
      ("max", x.max(), x.max(alongAxes: [2]).max(alongAxes: [1]).max(alongAxes: [0])),
      ("min", x.min(), x.min(alongAxes: [2]).min(alongAxes: [1]).min(alongAxes: [0])),
    ] {
      #expect(all.shape == stepwise.shape, "\(name)")
      expectExact(all.scalars, stepwise.scalars, name)
      checked += 1
    }
    #expect(checked == 2)
    // The gradient is one-hot at the extreme's position.
    let largest = scalars.indices.max { scalars[$0] < scalars[$1] }!
    let g = gradient(of: { $0.max() }, at: x)
    expectExact(g.scalars, scalars.indices.map { $0 == largest ? 1 : 0 }, "one-hot gradient")
  }
}
