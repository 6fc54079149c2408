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

  @Test("along the last axis (contiguous rows) equals along the first of the transpose (the general loop)")
  func rowsEqualColumnsOfTheTranspose() {
    // Rows with a tie of two, a tie of three, a NaN and distinct values.
    let rows: [[Double]] = [[1, 4, 4, 2], [-3, -3, 0, -3], [5, .nan, 7, 1], [0.5, -0.25, 2, 1.5]]
    let x = Tensor<Double>(rows)
    let t = x.transposed()
    var checked = 0
    for largest in [true, false] {
      let byRow = { (x: Tensor<Double>) in largest ? x.max(alongAxes: [1]) : x.min(alongAxes: [1]) }
      let byColumn = { (t: Tensor<Double>) in largest ? t.max(alongAxes: [0]) : t.min(alongAxes: [0]) }
      let rowValues = byRow(x).scalars
      let columnValues = byColumn(t).scalars
      #expect(rowValues.count == 4 && columnValues.count == 4)
      for (a, b) in zip(rowValues, columnValues) {
        #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "values \(rowValues) vs \(columnValues)")
      }
      // A weighted sum makes each row's share visible in the gradient.
      let w = Tensor<Double>([1, 2, 3, 4])
      let gRows = gradient(of: { (byRow($0) * w).sum() }, at: x)
      let gColumns = gradient(of: { (byColumn($0) * w).sum() }, at: t).transposed()
      expectExact(gRows.scalars, gColumns.scalars, largest ? "max gradient" : "min gradient")
      checked += 1
    }
    #expect(checked == 2)
    // The hand-worked gradient of Σᵢ wᵢ·maxⱼ xᵢⱼ: halves in row 0, nothing through the NaN
    // row, one-hot in row 3.
    let g = gradient(of: { ($0.max(alongAxes: [1]) * Tensor([1, 2, 3, 4])).sum() }, at: x)
    expectExact(g.scalars, [0, 0.5, 0.5, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 4, 0], "hand-worked")
  }

  @Test("an outer sum [r, 1] + [1, c] (or [c]) reads each operand at its row and column")
  func outerSum() {
    let column = Tensor<Double>(shape: [3, 1], scalars: [1, 20, 300])
    let row = Tensor<Double>(shape: [1, 4], scalars: [0.5, 0.25, 0.125, 0.0625])
    let expected = [1.5, 1.25, 1.125, 1.0625, 20.5, 20.25, 20.125, 20.0625, 300.5, 300.25, 300.125, 300.0625]
    expectExact((column + row).scalars, expected, "[3, 1] + [1, 4]")
    expectExact((row + column).scalars, expected, "[1, 4] + [3, 1]")
    expectExact((column + row.reshaped(to: [4])).scalars, expected, "[3, 1] + [4]")
    expectExact((column - row).scalars, expected.enumerated().map { column.scalars[$0.offset / 4] - row.scalars[$0.offset % 4] }, "[3, 1] − [1, 4]")
    expectExact((row - column).scalars, expected.enumerated().map { row.scalars[$0.offset % 4] - column.scalars[$0.offset / 4] }, "[1, 4] − [3, 1]")
    // The cotangents sum back over the broadcast axes: each column element gets its row's
    // weights, each row element its column's.
    let w = Tensor<Double>(shape: [3, 4], scalars: (0..<12).map { Double($0 + 1) })
    let gColumn = gradient(of: { (($0 + row) * w).sum() }, at: column)
    expectExact(gColumn.scalars, [1 + 2 + 3 + 4, 5 + 6 + 7 + 8, 9 + 10 + 11 + 12], "column cotangent")
    let gRow = gradient(of: { ((column - $0) * w).sum() }, at: row)
    expectExact(gRow.scalars, [-(1 + 5 + 9), -(2 + 6 + 10), -(3 + 7 + 11), -(4 + 8 + 12)], "row cotangent")
  }
}
