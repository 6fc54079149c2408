/// A small, fast, seeded random number generator (SplitMix64, Steele, Lea & Flood 2014):
/// the same seed gives the same numbers on every run and machine, so random tensors,
/// demos and tests are reproducible.
///
/// ```swift
/// var generator = SplitMix64(seed: 42)
/// let w = Tensor<Double>.randomNormal([3, 4], using: &generator)
/// ```
///
/// Its whole state is one 64-bit word; it is not suitable for cryptography.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
  /// The seed this generator started from.
  public let seed: UInt64
  private var state: UInt64

  /// A generator starting from `seed`.
  public init(seed: UInt64) {
    self.seed = seed
    state = seed
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
