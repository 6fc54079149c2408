import AutoDiff
import RealModule
import Testing

/// Hessians through the new operations (forward over reverse, eight lanes a pass) against
/// the same function written over scalars and differentiated on the scalar path.
@Suite("New tensor operations: tensor Hessian = scalar Hessian")
struct TensorAPIHessianTests {
  typealias S = Tracked<ChunkedDual<Double, 8>>

  static func constant(_ value: Double) -> S { S(constant: ChunkedDual(constant: value)) }

  /// The largest difference relative to the largest entry (at least 1); ∞ when the
  /// counts differ.
  static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    let scale = Swift.max(1, (a + b).map(\.magnitude).max()!)
    return zip(a, b).map { ($0 - $1).magnitude }.max()! / scale
  }

  // 1e-10 relative, as TensorHessianTests: both paths form the same second derivatives
  // from sums of at most k = 3 products in different orders (agreeing to ~1e-15); a wrong
  // or missing curvature term is off by O(1).
  static let tolerance = 1e-10

  @Test("batchedMatmul: Hessian of Σ w·(A·B)(x) equals the scalar batched product's")
  func batchedMatmulHessian() {
    let x = TensorAPICase.point([24])
    let w = TensorAPICase.weights(8)
    let tensorHessian = hessian(
      of: { x in (TensorAPICases.batched(x) * Tensor(shape: [2, 2, 2], scalars: w)).sum() }, at: x)
    // The same products element by element: a[bt, i, l] = v[6bt + 3i + l],
    // b[bt, l, j] = v[12 + 6bt + 2l + j].
    let scalarHessian = hessian(
      of: { (v: [S]) in
        var total = S(0)
        for bt in 0..<2 {
          for i in 0..<2 {
            for j in 0..<2 {
              var entry = S(0)
              for l in 0..<3 { entry = entry + v[6 * bt + 3 * i + l] * v[12 + 6 * bt + 2 * l + j] }
              total = total + entry * Self.constant(w[4 * bt + 2 * i + j])
            }
          }
        }
        return total
      }, at: x.scalars)
    #expect(tensorHessian.shape == [24, 24])
    #expect(scalarHessian.count == 24)
    let error = Self.relativeDifference(tensorHessian.scalars, scalarHessian.flatMap { $0 })
    #expect(error <= Self.tolerance, "relative difference \(error)")
    // A bilinear form: the Hessian is not zero (a missing curvature would make it so).
    #expect(tensorHessian.scalars.contains { $0 != 0 })
  }

  @Test("batchedMatmul of tanh: curvature of the product and of the rule together")
  func batchedMatmulOfNonlinear() {
    let x = TensorAPICase.point([24])
    let w = TensorAPICase.weights(8)
    let tensorHessian = hessian(
      of: { x in (TensorAPICases.batched(Tensor.tanh(x)) * Tensor(shape: [2, 2, 2], scalars: w)).sum() }, at: x)
    let scalarHessian = hessian(
      of: { (u: [S]) in
        let v = u.map { S.tanh($0) }
        var total = S(0)
        for bt in 0..<2 {
          for i in 0..<2 {
            for j in 0..<2 {
              var entry = S(0)
              for l in 0..<3 { entry = entry + v[6 * bt + 3 * i + l] * v[12 + 6 * bt + 2 * l + j] }
              total = total + entry * Self.constant(w[4 * bt + 2 * i + j])
            }
          }
        }
        return total
      }, at: x.scalars)
    let error = Self.relativeDifference(tensorHessian.scalars, scalarHessian.flatMap { $0 })
    #expect(error <= Self.tolerance, "relative difference \(error)")
  }

  @Test("expand, diagonal, strided slice and scalar arithmetic inside a quadratic")
  func linearOperationsInsideQuadratic() {
    // f(x) = Σ w·(g(x))², g linear: H = 2·Gᵀ·diag(w)·G. Checked against the scalar path.
    let x = TensorAPICase.point([3, 3])
    let g: (Tensor<Double>) -> Tensor<Double> = { x in
      let lr = 0.25
      return concatenate([
        x.diagonal() * lr,
        x.slice(from: -1, step: -2, alongAxis: 1).reshaped(to: [-1]),
        x.slice(0..<1).expanded(to: [2, 3]).reshaped(to: [-1]) - lr,
      ])
    }
    let outputs = g(x).count
    let w = TensorAPICase.weights(outputs)
    let tensorHessian = hessian(of: { x in (g(x) * g(x) * Tensor(w)).sum() }, at: x)
    let scalarHessian = hessian(
      of: { (v: [S]) in
        let lr = Self.constant(0.25)
        var entries: [S] = [0, 4, 8].map { v[$0] * lr }
        for row in 0..<3 { entries += [v[3 * row + 2], v[3 * row]] }
        entries += (0..<2).flatMap { _ in (0..<3).map { v[$0] - lr } }
        return zip(entries, w).reduce(S(0)) { $0 + $1.0 * $1.0 * Self.constant($1.1) }
      }, at: x.scalars)
    #expect(outputs == 15)
    let error = Self.relativeDifference(tensorHessian.scalars, scalarHessian.flatMap { $0 })
    #expect(error <= Self.tolerance, "relative difference \(error)")
  }
}
