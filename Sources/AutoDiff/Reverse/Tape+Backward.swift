#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The backward sweep: the transpose of the recorded linearisation.
extension Tape {
  /// Sweeps the tape once in reverse, carrying `k` cotangents at a time.
  ///
  /// `adjoint` holds one lane-vector per entry, seeded by the caller at the outputs; on
  /// return it holds ∂(seeded outputs)/∂(entry) for every entry, inputs included.
  /// There is no graph to sort: entry order is already topological.
  ///
  /// With `clearingFrom` set, the adjoints of entries from that one on are left zero
  /// rather than stored (the sweep has no further use for them), so that a buffer reused
  /// for the next sweep needs zeroing only below it.
  @inlinable
  func sweep<let k: Int>(
    _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>, clearingFrom firstCleared: Int = .max
  ) {
    sweep(adjoint, clearingFrom: firstCleared, nanSafe: true)
  }

  /// ``sweep(_:clearingFrom:)`` with plain products, for ``sweep(_:seededBy:readingFirst:clearingFrom:)``.
  @inlinable
  func plainSweep<let k: Int>(
    _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>, clearingFrom firstCleared: Int = .max
  ) {
    sweep(adjoint, clearingFrom: firstCleared, nanSafe: false)
  }

  /// Sweeps a zeroed `adjoint` that `seed` seeds, for a caller that then reads the
  /// adjoints of the first `read` entries (the inputs) only.
  ///
  /// The sweep first multiplies plainly, which is faster: the NaN-safe product tests every
  /// product for NaN. The two differ only where a product is NaN (0 · ∞), and a NaN
  /// spreads to every adjoint it reaches (NaN + x and NaN · 0 are NaN). So an adjoint
  /// that comes out free of NaN was reached by no NaN product, and has the NaN-safe
  /// sweep's value bit for bit; only when an adjoint read is NaN is the buffer cleared
  /// and swept again NaN-safely.
  @inlinable
  func sweep<let k: Int>(
    _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>,
    seededBy seed: (UnsafeMutablePointer<InlineArray<k, T>>) -> Void,
    readingFirst read: Int, clearingFrom firstCleared: Int = .max
  ) {
    sweep(adjoint, seededBy: seed, clearingFrom: firstCleared) { adjoint in
      // A NaN makes the sum NaN. The sum is taken in four independent parts, without a
      // branch per adjoint; it can also be NaN from ∞ − ∞ with no NaN among the
      // adjoints, which costs a second sweep but gives the same result.
      let scalars = UnsafeRawPointer(adjoint).assumingMemoryBound(to: T.self)
      let n = read &* k
      var parts = (T(0), T(0), T(0), T(0))
      var i = 0
      while i &+ 4 <= n {
        parts.0 += scalars[i]
        parts.1 += scalars[i &+ 1]
        parts.2 += scalars[i &+ 2]
        parts.3 += scalars[i &+ 3]
        i &+= 4
      }
      while i < n {
        parts.0 += scalars[i]
        i &+= 1
      }
      return ((parts.0 + parts.1) + (parts.2 + parts.3))._containsNaN
    }
  }

  /// ``sweep(_:seededBy:readingFirst:clearingFrom:)`` for a caller that reads the
  /// adjoints of `entries`.
  @inlinable
  func sweep<let k: Int>(
    _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>,
    seededBy seed: (UnsafeMutablePointer<InlineArray<k, T>>) -> Void, reading entries: [Int]
  ) {
    sweep(adjoint, seededBy: seed, clearingFrom: .max) { adjoint in
      entries.contains { entry in (0..<k).contains { adjoint[entry][$0]._containsNaN } }
    }
  }

  /// The plain sweep, checked by `readsNaN` (whether an adjoint the caller reads is NaN)
  /// and repeated NaN-safely when it is.
  @inlinable
  func sweep<let k: Int>(
    _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>,
    seededBy seed: (UnsafeMutablePointer<InlineArray<k, T>>) -> Void,
    clearingFrom firstCleared: Int,
    readsNaN: (UnsafeMutablePointer<InlineArray<k, T>>) -> Bool
  ) {
    seed(adjoint)
    guard T._sweepsWithPlainProducts else {
      return sweep(adjoint, clearingFrom: firstCleared)
    }
    plainSweep(adjoint, clearingFrom: firstCleared)
    guard readsNaN(adjoint) else { return }
    // Entries from `firstCleared` on were left zero; the ones below it are cleared here.
    adjoint.update(
      repeating: InlineArray(repeating: 0), count: Swift.min(Swift.max(count, 1), firstCleared))
    seed(adjoint)
    sweep(adjoint, clearingFrom: firstCleared)
  }

  @inlinable @inline(__always)
  func sweep<let k: Int>(
    _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>, clearingFrom firstCleared: Int,
    nanSafe: Bool
  ) {
    let s = storage.pointee
    // Most entries feed the one recorded just before them (a chain of operations). Their
    // contribution to that entry's adjoint is carried in registers to the next step
    // instead of being stored and reloaded at once, which would put a store-to-load
    // forwarding delay on the sweep's critical path. A contribution becomes the carry
    // as it is, not added to a zero, which would lengthen that path by an addition.
    var carry = InlineArray<k, T>(repeating: 0)
    // The end of the record being read; records are read from the last one back.
    var end = UnsafeRawPointer(s.base) + s.used
    var i = s.count
    if nanSafe {
      while i != 0 {
        i &-= 1
        step(i, clearing: i >= firstCleared, nanSafe: true, &end, &carry, adjoint)
      }
    } else {
      // Two loops rather than a choice per entry: the entries that are cleared, then the
      // rest. (The NaN-safe sweep keeps one loop, to stay small enough to inline.)
      let firstKept = Swift.min(Swift.max(firstCleared, 0), i)
      if i > firstKept {
        repeat {
          i &-= 1
          step(i, clearing: true, nanSafe: false, &end, &carry, adjoint)
        } while i > firstKept
      }
      if i > 0 {
        repeat {
          i &-= 1
          step(i, clearing: false, nanSafe: false, &end, &carry, adjoint)
        } while i > 0
      }
    }
  }

  /// One step of the backward sweep: entry `i`, whose record ends at `end`, which moves
  /// to the record's start.
  @inlinable @inline(__always)
  func step<let k: Int>(
    _ i: Int, clearing: Bool, nanSafe: Bool, _ end: inout UnsafeRawPointer,
    _ carry: inout InlineArray<k, T>, _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>
  ) {
    let p = MemoryLayout<T>.size
    let subtract = TapeOperation.binaryBase + BinaryPrimitive.subtract.rawValue
    var a = adjoint[i]
    for lane in 0..<k { a[lane] = sum(a[lane], carry[lane], nanSafe) }
    adjoint[i] = clearing ? InlineArray(repeating: 0) : a
    let previous = i &- 1
    let raw = end.load(fromByteOffset: -1, as: UInt8.self)
    // The shape is the tag's top two bits; comparing the whole byte against the shapes'
    // first tags tells them apart in two comparisons, most frequent shapes first.
    if raw >= TapeOperation.Shape.binary.rawValue << 6 {
      if raw >= TapeOperation.Shape.linear.rawValue << 6 {
        // Linear records: the accumulation x ± c·y (codes from `scaledSumCode` on) stores
        // its second partial; add and subtract store none. Checked inside the linear
        // shape, so a binary record pays no extra comparison.
        if TapeOperation(rawValue: raw).storesSecondPartial {
          // x ± c·y: the first partial is 1, the second (±c) is stored.
          let record = end - (p &+ 9)
          end = record
          let dSecond = record.loadUnaligned(as: T.self)
          let first = Int(record.loadUnaligned(fromByteOffset: p, as: UInt32.self))
          let second = Int(record.loadUnaligned(fromByteOffset: p &+ 4, as: UInt32.self))
          var toSecond = InlineArray<k, T>(repeating: 0)
          for lane in 0..<k { toSecond[lane] = product(dSecond, a[lane], nanSafe) }
          carry = propagate(
            a, to: first, toSecond, to: second, previous: previous, nanSafe: nanSafe, adjoint)
        } else {
          let record = end - 9
          end = record
          let first = Int(record.loadUnaligned(as: UInt32.self))
          let second = Int(record.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
          var toSecond = a
          // Linear entries are add or subtract, told apart by the code's low bit.
          if raw & 1 == subtract & 1 {
            for lane in 0..<k {
              toSecond[lane] = T._carriesDerivatives ? negated(a[lane]) : -a[lane]
            }
          }
          carry = propagate(
            a, to: first, toSecond, to: second, previous: previous, nanSafe: nanSafe, adjoint)
        }
      } else {
        let record = end - (2 &* p &+ 9)
        end = record
        let dFirst = record.loadUnaligned(as: T.self)
        let dSecond = record.loadUnaligned(fromByteOffset: p, as: T.self)
        let first = Int(record.loadUnaligned(fromByteOffset: 2 &* p, as: UInt32.self))
        let second = Int(record.loadUnaligned(fromByteOffset: 2 &* p &+ 4, as: UInt32.self))
        var toFirst = InlineArray<k, T>(repeating: 0)
        var toSecond = InlineArray<k, T>(repeating: 0)
        for lane in 0..<k {
          toFirst[lane] = product(dFirst, a[lane], nanSafe)
          toSecond[lane] = product(dSecond, a[lane], nanSafe)
        }
        carry = propagate(
          toFirst, to: first, toSecond, to: second, previous: previous, nanSafe: nanSafe, adjoint)
      }
    } else if raw >= TapeOperation.Shape.unary.rawValue << 6 {
      let record = end - (p &+ 5)
      end = record
      let partial = record.loadUnaligned(as: T.self)
      let target = Int(record.loadUnaligned(fromByteOffset: p, as: UInt32.self))
      if target == previous {
        for lane in 0..<k { carry[lane] = product(partial, a[lane], nanSafe) }
      } else {
        carry = InlineArray(repeating: 0)
        for lane in 0..<k {
          adjoint[target][lane] = sum(
            adjoint[target][lane], product(partial, a[lane], nanSafe), nanSafe)
        }
      }
    } else {
      end -= 1
      carry = InlineArray(repeating: 0)
    }
  }

  /// −a for a carrier, out of line: inlined, the negation of a dual's components was
  /// computed (and discarded) for every add as well, the branch made a select.
  @inlinable @inline(never)
  func negated(_ a: T) -> T { -a }

  /// `partial · a`, NaN-safe or plain.
  @inlinable @inline(__always)
  func product(_ partial: T, _ a: T, _ nanSafe: Bool) -> T {
    nanSafe ? accumulatedChainProduct(partial, a) : T._plainProduct(partial, a)
  }

  /// `x + y`, NaN-safe (a dual's `+`) or plain: an adjoint is never −0, so the two agree
  /// (``Differentiable/_plainSum(_:_:)``).
  @inlinable @inline(__always)
  func sum(_ x: T, _ y: T, _ nanSafe: Bool) -> T {
    nanSafe ? x + y : T._plainSum(x, y)
  }

  /// Adds the contributions of a two-operand entry to its operands' adjoints, except that
  /// the contribution to the entry recorded just before (`previous`) is returned as the
  /// next step's carry.
  @inlinable @inline(__always)
  func propagate<let k: Int>(
    _ toFirst: InlineArray<k, T>, to first: Int, _ toSecond: InlineArray<k, T>, to second: Int,
    previous: Int, nanSafe: Bool, _ adjoint: UnsafeMutablePointer<InlineArray<k, T>>
  ) -> InlineArray<k, T> {
    if second == previous {
      if first == previous {
        var both = toFirst
        for lane in 0..<k { both[lane] = sum(both[lane], toSecond[lane], nanSafe) }
        return both
      }
      for lane in 0..<k { adjoint[first][lane] = sum(adjoint[first][lane], toFirst[lane], nanSafe) }
      return toSecond
    }
    for lane in 0..<k { adjoint[second][lane] = sum(adjoint[second][lane], toSecond[lane], nanSafe) }
    if first == previous { return toFirst }
    for lane in 0..<k { adjoint[first][lane] = sum(adjoint[first][lane], toFirst[lane], nanSafe) }
    return InlineArray(repeating: 0)
  }

  /// The adjoints of the first `n` entries of a one-lane buffer, copied as one block.
  @inlinable
  func firstAdjoints(_ n: Int, of adjoint: UnsafeMutablePointer<InlineArray<1, T>>) -> [T] {
    Array(
      UnsafeBufferPointer(start: UnsafeRawPointer(adjoint).assumingMemoryBound(to: T.self), count: n))
  }

  /// Runs `body` with a zeroed adjoint buffer of `k` lanes per entry.
  @inlinable
  func withAdjoints<let k: Int, R>(
    _ body: (UnsafeMutablePointer<InlineArray<k, T>>) throws -> R
  ) rethrows -> R {
    let count = Swift.max(storage.pointee.count, 1)
    // When T's zero is all-zero bits (IEEE numbers and duals of them), zero-filled memory
    // from TapeMemory: a memset for small buffers, fresh pages for large ones.
    let zeroIsAllBitsZero = Self.zeroIsAllBitsZero
    let zero = InlineArray<k, T>(repeating: 0)
    let bytes = count * MemoryLayout<InlineArray<k, T>>.stride
    let buffer: UnsafeMutablePointer<InlineArray<k, T>>
    let fromTapeMemory: Bool
    if zeroIsAllBitsZero, let raw = TapeMemory.allocateZeroed(bytes: bytes) {
      buffer = raw.bindMemory(to: InlineArray<k, T>.self, capacity: count)
      fromTapeMemory = true
    } else {
      buffer = .allocate(capacity: count)
      buffer.initialize(repeating: zero, count: count)
      fromTapeMemory = false
    }
    defer {
      if fromTapeMemory {
        TapeMemory.deallocate(UnsafeMutableRawPointer(buffer), bytes: bytes)
      } else {
        buffer.deallocate()
      }
    }
    return try body(buffer)
  }
}

/// A lane count as a type, for calling code that is generic over it.
@usableFromInline
struct Lanes<let count: Int> {
  @inlinable init() {}
}
