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
    let s = storage.pointee
    let base = UnsafeRawPointer(s.base)
    let p = MemoryLayout<T>.size
    let subtract = TapeOperation.binaryBase + BinaryPrimitive.subtract.rawValue
    // Most entries feed the one recorded just before them (a chain of operations). Their
    // contribution to that entry's adjoint is carried in registers to the next step
    // instead of being stored and reloaded at once, which would put a store-to-load
    // forwarding delay on the sweep's critical path.
    var carry = InlineArray<k, T>(repeating: 0)
    var position = s.used
    var i = s.count
    while i > 0 {
      i &-= 1
      position &-= 1
      var a = adjoint[i]
      for lane in 0..<k { a[lane] += carry[lane] }
      adjoint[i] = i >= firstCleared ? InlineArray(repeating: 0) : a
      let previous = i &- 1
      let operation = TapeOperation(rawValue: base.load(fromByteOffset: position, as: UInt8.self))
      switch operation.shape {
      case .input:
        carry = InlineArray(repeating: 0)
      case .unary:
        position &-= p &+ 4
        let partial = base.loadUnaligned(fromByteOffset: position, as: T.self)
        let target = Int(base.loadUnaligned(fromByteOffset: position &+ p, as: UInt32.self))
        if target == previous {
          for lane in 0..<k { carry[lane] = accumulatedChainProduct(partial, a[lane]) }
        } else {
          carry = InlineArray(repeating: 0)
          for lane in 0..<k { adjoint[target][lane] += accumulatedChainProduct(partial, a[lane]) }
        }
      case .binary:
        position &-= 2 &* p &+ 8
        let dFirst = base.loadUnaligned(fromByteOffset: position, as: T.self)
        let dSecond = base.loadUnaligned(fromByteOffset: position &+ p, as: T.self)
        let first = Int(base.loadUnaligned(fromByteOffset: position &+ 2 &* p, as: UInt32.self))
        let second = Int(base.loadUnaligned(fromByteOffset: position &+ 2 &* p &+ 4, as: UInt32.self))
        carry = InlineArray(repeating: 0)
        for lane in 0..<k {
          let toFirst = accumulatedChainProduct(dFirst, a[lane])
          let toSecond = accumulatedChainProduct(dSecond, a[lane])
          if first == previous { carry[lane] += toFirst } else { adjoint[first][lane] += toFirst }
          if second == previous { carry[lane] += toSecond } else { adjoint[second][lane] += toSecond }
        }
      case .linear:
        position &-= 8
        let first = Int(base.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        let second = Int(base.loadUnaligned(fromByteOffset: position &+ 4, as: UInt32.self))
        let negate = operation.code == subtract
        carry = InlineArray(repeating: 0)
        for lane in 0..<k {
          let toSecond = negate ? -a[lane] : a[lane]
          if first == previous { carry[lane] += a[lane] } else { adjoint[first][lane] += a[lane] }
          if second == previous { carry[lane] += toSecond } else { adjoint[second][lane] += toSecond }
        }
      }
    }
  }

  /// Runs `body` with a zeroed adjoint buffer of `k` lanes per entry.
  @inlinable
  func withAdjoints<let k: Int, R>(
    _ body: (UnsafeMutablePointer<InlineArray<k, T>>) throws -> R
  ) rethrows -> R {
    let count = Swift.max(storage.pointee.count, 1)
    // When T's zero is all-zero bits (IEEE numbers and duals of them), zero-filled memory
    // from TapeMemory: a memset for small buffers, fresh (huge) pages for large ones.
    var zero = InlineArray<k, T>(repeating: 0)
    let zeroIsAllBitsZero = withUnsafeBytes(of: &zero) { $0.allSatisfy { $0 == 0 } }
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
