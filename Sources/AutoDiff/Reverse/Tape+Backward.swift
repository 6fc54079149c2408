// The backward sweep: the transpose of the recorded linearisation.
extension Tape {
  /// Sweeps the tape once in reverse, carrying `k` cotangents at a time.
  ///
  /// `adjoint` holds one lane-vector per entry, seeded by the caller at the outputs; on
  /// return it holds ∂(seeded outputs)/∂(entry) for every entry, inputs included.
  /// There is no graph to sort: entry order is already topological.
  @inlinable
  func sweep<let k: Int>(_ adjoint: UnsafeMutablePointer<InlineArray<k, T>>) {
    let s = storage.pointee
    let base = UnsafeRawPointer(s.base)
    let p = TapeStorage<T>.partialSize
    let subtract = TapeOperation.binaryBase + BinaryPrimitive.subtract.rawValue
    var position = s.used
    var i = s.count
    while i > 0 {
      i -= 1
      position -= 1
      let operation = TapeOperation(rawValue: base.load(fromByteOffset: position, as: UInt8.self))
      switch operation.shape {
      case .input:
        continue
      case .unary:
        position -= p + 4
        let partial = base.loadUnaligned(fromByteOffset: position, as: T.self)
        let target = Int(base.loadUnaligned(fromByteOffset: position + p, as: UInt32.self))
        for lane in 0..<k {
          adjoint[target][lane] += chainProduct(partial, adjoint[i][lane])
        }
      case .binary:
        position -= 2 * p + 8
        let dFirst = base.loadUnaligned(fromByteOffset: position, as: T.self)
        let dSecond = base.loadUnaligned(fromByteOffset: position + p, as: T.self)
        let first = Int(base.loadUnaligned(fromByteOffset: position + 2 * p, as: UInt32.self))
        let second = Int(base.loadUnaligned(fromByteOffset: position + 2 * p + 4, as: UInt32.self))
        for lane in 0..<k {
          let a = adjoint[i][lane]
          adjoint[first][lane] += chainProduct(dFirst, a)
          adjoint[second][lane] += chainProduct(dSecond, a)
        }
      case .linear:
        position -= 8
        let first = Int(base.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        let second = Int(base.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self))
        let negate = operation.code == subtract
        for lane in 0..<k {
          let a = adjoint[i][lane]
          adjoint[first][lane] += a
          adjoint[second][lane] += negate ? -a : a
        }
      }
    }
  }

  /// Runs `body` with a zeroed adjoint buffer of `k` lanes per entry.
  @inlinable
  func withAdjoints<let k: Int, R>(
    _ body: (UnsafeMutablePointer<InlineArray<k, T>>) throws -> R
  ) rethrows -> R {
    let count = storage.pointee.count
    let buffer = UnsafeMutablePointer<InlineArray<k, T>>.allocate(capacity: Swift.max(count, 1))
    buffer.initialize(repeating: InlineArray(repeating: 0), count: count)
    defer {
      buffer.deinitialize(count: count)
      buffer.deallocate()
    }
    return try body(buffer)
  }
}

/// A lane count as a type, for calling code that is generic over it.
@usableFromInline
struct Lanes<let count: Int> {
  @inlinable init() {}
}
