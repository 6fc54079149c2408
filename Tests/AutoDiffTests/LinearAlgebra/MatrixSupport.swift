import AutoDiff
import RealModule

// Seeded random matrices for the linear-algebra tests, and Jacobian comparisons.
enum RandomMatrix {
  /// Entries drawn from N(0, 1).
  static func normal(_ rows: Int, _ columns: Int, seed: UInt64) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return Tensor.randomNormal([rows, columns], using: &generator)
  }

  /// A random vector with entries from N(0, 1).
  static func vector(_ count: Int, seed: UInt64) -> Tensor<Double> {
    var generator = SeededGenerator(seed: seed)
    return Tensor.randomNormal([count], using: &generator)
  }

  /// N(0, 1) entries plus n on the diagonal: invertible, condition number of order 10.
  static func invertible(_ n: Int, seed: UInt64) -> Tensor<Double> {
    normal(n, n, seed: seed) + Tensor.identity(n) * Tensor(Double(n))
  }

  /// B·Bᵀ + n·I for a random B: symmetric positive definite.
  static func positiveDefinite(_ n: Int, seed: UInt64) -> Tensor<Double> {
    let b = normal(n, n, seed: seed)
    return matmul(b, b.transposed()) + Tensor.identity(n) * Tensor(Double(n))
  }

  /// B + Bᵀ for a random B.
  static func symmetric(_ n: Int, seed: UInt64) -> Tensor<Double> {
    let b = normal(n, n, seed: seed)
    return b + b.transposed()
  }
}

enum JacobianComparison {
  /// The largest |aᵢ − bᵢ| relative to max(1, largest |entry|); infinite when the
  /// lengths differ or there is nothing to compare, so such a comparison fails its bound.
  static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !a.isEmpty else { return .infinity }
    let scale = max(1, (a + b).map(\.magnitude).max() ?? 0)
    return zip(a, b).map { ($0 - $1).magnitude }.max().map { $0 / scale } ?? .infinity
  }

  /// The Jacobian of `f` at `x` by central differences, flattened like a Jacobian tensor.
  static func centralDifferences(
    of f: (Tensor<Double>) -> Tensor<Double>, at x: Tensor<Double>
  ) -> [Double] {
    centralDifferenceJacobian(of: { f(Tensor(shape: x.shape, scalars: $0)).scalars }, at: x.scalars)
      .flatMap { $0 }
  }
}
