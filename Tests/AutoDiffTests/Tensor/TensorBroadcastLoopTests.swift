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
}
