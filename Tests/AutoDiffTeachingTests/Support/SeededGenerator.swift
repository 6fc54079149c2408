import AutoDiff

/// The library's seeded SplitMix64: every random test checks the same cases and a failure
/// names the seed that reproduces it.
typealias SeededGenerator = SplitMix64
