import AutoDiff
import Foundation

/// Two interleaved spirals in the plane, one per class: the classic data set that a
/// linear classifier cannot separate and a small MLP can.
///
/// Point i of n per class sits at radius r = t and angle θ = 3π·t + πc (class c),
/// t = 0.05 + 0.95·i/(n − 1), plus Gaussian noise of standard deviation `noise` in each
/// coordinate. Every random number comes from `SplitMix64(seed:)` through
/// `Double.random(in:using:)`, so `Benchmarks/peers/train_reference.py` regenerates the
/// same points bit for bit.
public struct SpiralData: Sendable {
  /// The points, one `[x, y]` row each, class 0's first then class 1's.
  public let points: [(x: Double, y: Double)]
  /// The class of each point, 0 or 1.
  public let labels: [Int]

  /// The allowed total number of points (even, so both classes have as many).
  public static let pointCounts = 4...100_000

  /// `count` points (half per class) from `generator`, with noise of standard deviation
  /// `noise`.
  ///
  /// - Precondition: `count` is even and in ``pointCounts``; `noise ≥ 0`.
  public init(count: Int, noise: Double = 0.03, using generator: inout SplitMix64) {
    require(
      Self.pointCounts.contains(count) && count % 2 == 0,
      "SpiralData: count must be even and in \(Self.pointCounts), got \(count)")
    require(noise >= 0 && noise.isFinite, "SpiralData: noise must be finite and ≥ 0, got \(noise)")
    let perClass = count / 2
    var points: [(x: Double, y: Double)] = []
    var labels: [Int] = []
    for label in 0..<2 {
      for i in 0..<perClass {
        let t = 0.05 + 0.95 * Double(i) / Double(perClass - 1)
        let angle = 3 * Double.pi * t + Double.pi * Double(label)
        let (nx, ny) = Self.gaussianPair(using: &generator)
        points.append((t * cos(angle) + noise * nx, t * sin(angle) + noise * ny))
        labels.append(label)
      }
    }
    self.points = points
    self.labels = labels
  }

  /// The inputs as a `[count, 2]` tensor.
  public var inputs: Tensor<Double> {
    Tensor(shape: [points.count, 2], scalars: points.flatMap { [$0.x, $0.y] })
  }

  /// Two independent standard normal numbers (Box–Muller); 1 − u keeps log's argument in
  /// (0, 1].
  static func gaussianPair(using generator: inout SplitMix64) -> (Double, Double) {
    let u1 = 1 - Double.random(in: 0..<1, using: &generator)
    let u2 = Double.random(in: 0..<1, using: &generator)
    let radius = (-2 * log(u1)).squareRoot()
    return (radius * cos(2 * Double.pi * u2), radius * sin(2 * Double.pi * u2))
  }
}
