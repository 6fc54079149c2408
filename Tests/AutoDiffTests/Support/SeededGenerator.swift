import AutoDiff

/// The library's seeded SplitMix64: a failing case is reproduced from the seed alone.
///
/// The standard library's `SystemRandomNumberGenerator` cannot be seeded; every random
/// test draws from one of these instead and names its seed in failure messages.
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
  /// The seed the suite uses unless a test derives its own from it.
  static let defaultSeed: UInt64 = 0x5EED_AD1F_2025_0001

  /// A generator from the suite's default seed.
  public init() { self.init(seed: Self.defaultSeed) }

  /// A generator for one case of a parameterised test: the default seed offset by
  /// `stream`, so each case draws its own reproducible sequence.
  init(stream: Int) {
    self.init(seed: Self.defaultSeed &+ UInt64(truncatingIfNeeded: stream))
  }

  /// `seed 0x…`, for failure messages.
  var seedDescription: String { "seed 0x" + String(seed, radix: 16, uppercase: true) }

  /// A uniform sample from one of `intervals`, each interval equally likely.
  mutating func sample(from intervals: [ClosedRange<Double>]) -> Double {
    let interval = intervals[Int.random(in: 0..<intervals.count, using: &self)]
    return Double.random(in: interval, using: &self)
  }
}
