import AutoDiff
import Testing

/// The broadcasting loops' special cases along the last axis (a sum whose rows are
/// accumulated in a register, a copy that fills each value along the row) against sums
/// and copies written out here, element by element, in the same order: bit for bit.
@Suite("Broadcast and sum along the last axis: the fast loops equal a written-out reference")
struct TensorBroadcastLoopTests {
  static let rows = 3
  static let columns = 5
  static func matrix(offset: Double) -> [Double] {
    (0..<(rows * columns)).map { (i: Int) -> Double in
      let t = Double(i)
      return 0.1 * t + offset + 1 / (t + 3)
    }
  }

  @Test("the cotangent of a [3, 1] operand broadcast over [3, 5] is each row's sum, in order")
  func sumAlongLastAxis() {
    let a = Tensor(shape: [Self.rows, Self.columns], scalars: Self.matrix(offset: 0.5))
    let w = Tensor(shape: [Self.rows, Self.columns], scalars: Self.matrix(offset: -0.7))
    let b = Tensor(shape: [Self.rows, 1], scalars: [0.25, -1.5, 2])
    let g = gradient(of: { b in ((a + b) * w).sum() }, at: b)
    // ∂/∂bᵢ = Σⱼ wᵢⱼ, added left to right from 0 as the loop does.
    let expected = (0..<Self.rows).map { i in
      (0..<Self.columns).reduce(0.0) { $0 + w.scalars[i * Self.columns + $1] }
    }
    #expect(g.shape == [Self.rows, 1])
    #expect(g.scalars.count == expected.count)
    #expect(zip(g.scalars, expected).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(g.scalars) vs \(expected)")
  }

  @Test("the cotangent of a sum along the last axis is each row's weight, copied along the row")
  func broadcastAlongLastAxis() {
    let x = Tensor(shape: [Self.rows, Self.columns], scalars: Self.matrix(offset: 1))
    let w = Tensor(shape: [Self.rows, 1], scalars: [3, -0.5, 7.25])
    let g = gradient(of: { x in (x.sum(alongAxes: [1], keepingDimensions: true) * w).sum() }, at: x)
    let expected = (0..<(Self.rows * Self.columns)).map { w.scalars[$0 / Self.columns] }
    #expect(g.shape == [Self.rows, Self.columns])
    #expect(g.scalars.count == expected.count)
    #expect(g.scalars == expected, "\(g.scalars)")
  }

  /// Operand `shape`'s element at output index `index` (right-aligned, size-1 axes read
  /// at 0), by the definition of broadcasting rather than by strides.
  static func element(_ x: Tensor<Double>, at index: [Int]) -> Double {
    let offset = index.count - x.shape.count
    var flat = 0
    for (axis, size) in x.shape.enumerated() { flat = flat * size + (size == 1 ? 0 : index[offset + axis]) }
    return x.scalars[flat]
  }

  @Test("rank-3 broadcasts (each axis stretched on one side or the other) equal the definition")
  func rankThreeBroadcasts() {
    let shapes: [([Int], [Int])] = [
      ([1, 4, 3], [5, 1, 3]), ([5, 4, 1], [1, 4, 3]), ([5, 1, 1], [4, 3]), ([3], [5, 4, 1]),
      ([5, 4, 3], [5, 1, 3]), ([1, 1, 3], [5, 4, 1]), ([5, 4, 3], [4, 1]),
    ]
    var checked = 0
    for (aShape, bShape) in shapes {
      let a = Tensor(shape: aShape, scalars: (0..<aShape.reduce(1, *)).map { 0.5 + Double($0) })
      let b = Tensor(shape: bShape, scalars: (0..<bShape.reduce(1, *)).map { 1000 * Double($0 + 1) })
      let y = a - b
      #expect(y.shape == [5, 4, 3], "\(aShape) − \(bShape)")
      guard y.shape == [5, 4, 3] else { continue }
      for i in 0..<5 {
        for j in 0..<4 {
          for k in 0..<3 {
            let expected = Self.element(a, at: [i, j, k]) - Self.element(b, at: [i, j, k])
            #expect(y.scalars[(i * 4 + j) * 3 + k] == expected, "\(aShape) − \(bShape) at [\(i), \(j), \(k)]")
            checked += 1
          }
        }
      }
      // The pullback sums the cotangent back over the stretched axes: with all-ones
      // weights, each element of b receives minus the number of outputs that read it.
      let g = gradient(of: { (a - $0).sum() }, at: b)
      let reads = Double(60 / bShape.reduce(1, *))
      #expect(g.shape == bShape && g.scalars.allSatisfy { $0 == -reads }, "\(bShape): \(g.scalars)")
    }
    #expect(checked == shapes.count * 60)
  }

  @Test("max and min along a leading axis: infinite slices, ties and a NaN as along the last")
  func extremesAlongLeadingAxis() {
    let inf = Double.infinity
    // Columns: all −∞, all +∞, a tie of two, a NaN, distinct values.
    let x = Tensor<Double>([[-inf, inf, 2, 1, -1], [-inf, inf, 2, .nan, 3], [-inf, inf, 1, 5, 0]])
    let t = x.transposed()
    var checked = 0
    for largest in [true, false] {
      let alongLeading = largest ? x.max(alongAxes: [0]) : x.min(alongAxes: [0])
      let alongLast = largest ? t.max(alongAxes: [1]) : t.min(alongAxes: [1])
      #expect(alongLeading.scalars.count == 5 && alongLast.scalars.count == 5)
      for (a, b) in zip(alongLeading.scalars, alongLast.scalars) {
        #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "\(alongLeading.scalars) vs \(alongLast.scalars)")
        checked += 1
      }
    }
    #expect(checked == 10)
    #expect(x.max(alongAxes: [0]).scalars[0] == -inf && x.min(alongAxes: [0]).scalars[1] == inf)
  }
}
