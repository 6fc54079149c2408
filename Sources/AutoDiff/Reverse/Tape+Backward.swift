// The backward sweep: the transpose of the recorded linearisation.
extension Tape {
  /// Sweeps the tape once in reverse, carrying `k` cotangents at a time.
  ///
  /// `adjoint` holds one lane-vector per entry, seeded by the caller at the outputs; on
  /// return it holds ∂(seeded outputs)/∂(entry) for every entry, inputs included.
  /// There is no graph to sort: entry order is already topological.
  @inlinable
  func sweep<let k: Int>(_ adjoint: UnsafeMutablePointer<InlineArray<k, T>>) {
    let operations = self.operations.base
    let operands = self.operands.base
    let partials = self.partials.base
    let subtract = TapeOperation.binaryBase + BinaryPrimitive.subtract.rawValue
    var o = self.operands.count
    var p = self.partials.count
    var i = self.operations.count
    while i > 0 {
      i -= 1
      let operation = TapeOperation(rawValue: operations[i])
      switch operation.shape {
      case .input:
        continue
      case .unary:
        o -= 1
        p -= 1
        let target = Int(operands[o])
        let partial = partials[p]
        for lane in 0..<k {
          adjoint[target][lane] += chainProduct(partial, adjoint[i][lane])
        }
      case .binary:
        o -= 2
        p -= 2
        let first = Int(operands[o])
        let second = Int(operands[o + 1])
        let dFirst = partials[p]
        let dSecond = partials[p + 1]
        for lane in 0..<k {
          let a = adjoint[i][lane]
          adjoint[first][lane] += chainProduct(dFirst, a)
          adjoint[second][lane] += chainProduct(dSecond, a)
        }
      case .linear:
        o -= 2
        let first = Int(operands[o])
        let second = Int(operands[o + 1])
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
