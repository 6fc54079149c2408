import AutoDiff
import PropertyBased
import Testing

// PropertyBased draws from a fresh random seed on every run, and its `.fixedSeed` trait
// is a one-case debugging aid. These helpers run its generators from our seeded
// SplitMix64 instead, so every run checks the same cases and a failure names its seed.

extension SplitMix64: SeededRandomNumberGenerator {
  public var currentSeed: UInt64 { seed }
}

/// Runs `body` on `count` inputs drawn from `input` with a fixed seed.
func seededPropertyCheck<Value, Source: Sequence>(
  count: Int = 200, seed: UInt64 = SeededGenerator.defaultSeed,
  input: Generator<Value, Source>, perform body: (Value) throws -> Void
) rethrows {
  var generator = SeededGenerator(seed: seed)
  for _ in 0..<count { try body(input.run(using: &generator)) }
}

/// Runs `body` on `count` pairs drawn from two generators with a fixed seed.
func seededPropertyCheck<A, B, SourceA: Sequence, SourceB: Sequence>(
  count: Int = 200, seed: UInt64 = SeededGenerator.defaultSeed,
  input first: Generator<A, SourceA>, _ second: Generator<B, SourceB>,
  perform body: (A, B) throws -> Void
) rethrows {
  var generator = SeededGenerator(seed: seed)
  for _ in 0..<count {
    let a = first.run(using: &generator)
    let b = second.run(using: &generator)
    try body(a, b)
  }
}

/// Runs `body` on `count` triples drawn from three generators with a fixed seed.
func seededPropertyCheck<A, B, C, SourceA: Sequence, SourceB: Sequence, SourceC: Sequence>(
  count: Int = 200, seed: UInt64 = SeededGenerator.defaultSeed,
  input first: Generator<A, SourceA>, _ second: Generator<B, SourceB>, _ third: Generator<C, SourceC>,
  perform body: (A, B, C) throws -> Void
) rethrows {
  var generator = SeededGenerator(seed: seed)
  for _ in 0..<count {
    let a = first.run(using: &generator)
    let b = second.run(using: &generator)
    let c = third.run(using: &generator)
    try body(a, b, c)
  }
}
