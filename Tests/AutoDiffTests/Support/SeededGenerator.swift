/// SplitMix64 (Steele, Lea & Flood, 2014): a small, fast generator whose whole state is
/// one 64-bit word, so a failing case is reproduced from the seed alone.
///
/// The standard library's `SystemRandomNumberGenerator` cannot be seeded; every random
/// test draws from one of these instead and names its seed in failure messages.
struct SeededGenerator: RandomNumberGenerator, Hashable, Sendable {
  /// The seed the suite uses unless a test derives its own from it.
  static let defaultSeed: UInt64 = 0x5EED_AD1F_2025_0001

  /// The seed this generator started from.
  let seed: UInt64
  private var state: UInt64

  init(seed: UInt64 = SeededGenerator.defaultSeed) {
    self.seed = seed
    self.state = seed
  }

  /// A generator for one case of a parameterised test: the default seed offset by
  /// `stream`, so each case draws its own reproducible sequence.
  init(stream: Int) {
    self.init(seed: SeededGenerator.defaultSeed &+ UInt64(truncatingIfNeeded: stream))
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// `seed 0x…`, for failure messages.
  var seedDescription: String { "seed 0x" + String(seed, radix: 16, uppercase: true) }

  /// A uniform sample from one of `intervals`, each interval equally likely.
  mutating func sample(from intervals: [ClosedRange<Double>]) -> Double {
    let interval = intervals[Int.random(in: 0..<intervals.count, using: &self)]
    return Double.random(in: interval, using: &self)
  }
}
