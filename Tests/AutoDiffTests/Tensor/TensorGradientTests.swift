import AutoDiff
import RealModule
import Testing

@Suite("Tensor operations: both tensor modes against the scalar modes and finite differences")
struct TensorGradientTests {
  static func point(for c: TensorCase, seed: UInt64) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    let n = c.shape.reduce(1, *)
    return Tensor(shape: c.shape, scalars: (0..<n).map { _ in Double.random(in: c.domain, using: &generator) })
  }

  /// m×n rows of a Jacobian tensor of shape out + in.
  static func rows(_ j: Tensor<Double>, inputs n: Int) -> [[Double]] {
    // A count that is not a multiple of n is a wrong shape: no rows, so `close` fails.
    guard n > 0, j.count % n == 0 else { return [] }
    return stride(from: 0, to: j.count, by: n).map { Array(j.scalars[$0..<($0 + n)]) }
  }

  static func close(_ a: [[Double]], _ b: [[Double]], tolerance: Double) -> Bool {
    let scale = max(1, (a + b).flatMap { $0 }.map(\.magnitude).max() ?? 0)
    return a.count == b.count
      && zip(a, b).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy { ($0 - $1).magnitude <= tolerance * scale } }
  }

  // Tolerances, relative to the Jacobian's largest entry: the tensor and scalar versions
  // and the two modes compute the same partials through differently ordered sums of a few
  // terms, so they agree to about 1e-15; 1e-12 (1e-13 for values) bounds that. The
  // library's central differences err by about ε^(2/3) ≈ 4e-11 times the third
  // derivatives' scale, so 1e-6 there.
  @Test("value, forward and reverse Jacobians match the element-by-element scalar version", arguments: TensorCases.all)
  func matchesScalarModes(_ c: TensorCase) {
    for seed: UInt64 in [1, 2] {
      let x = Self.point(for: c, seed: seed)
      let value = c.tensor(x)
      let referenceValue = c.reference(x.scalars)
      #expect(Self.close([value.scalars], [referenceValue], tolerance: 1e-13), "\(c.name): value")
      let forward = Self.rows(jacobian(of: c.tensor, at: x, mode: .forward), inputs: x.count)
      let reverse = Self.rows(jacobian(of: c.tensor, at: x, mode: .reverse), inputs: x.count)
      let scalarReverse = jacobian(of: c.reference, at: x.scalars, mode: .reverse)
      let scalarForward = jacobian(of: c.reference, at: x.scalars, mode: .forward)
      #expect(Self.close(forward, reverse, tolerance: 1e-12), "\(c.name): tensor forward vs reverse")
      #expect(Self.close(reverse, scalarReverse, tolerance: 1e-12), "\(c.name): tensor vs scalar reverse")
      #expect(Self.close(forward, scalarForward, tolerance: 1e-12), "\(c.name): tensor vs scalar forward")
    }
  }

  @Test("reverse Jacobian matches central differences", arguments: TensorCases.all)
  func matchesCentralDifferences(_ c: TensorCase) {
    let x = Self.point(for: c, seed: 3)
    let reverse = Self.rows(jacobian(of: c.tensor, at: x, mode: .reverse), inputs: x.count)
    let estimate = centralDifferenceJacobian(
      of: { c.tensor(Tensor(shape: c.shape, scalars: $0)).scalars }, at: x.scalars)
    #expect(Self.close(reverse, estimate, tolerance: 1e-6), "\(c.name)")
  }
}
