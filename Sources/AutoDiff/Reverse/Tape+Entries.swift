/// One entry of a tape, as a teacher would write it on the board:
/// vᵢ = operation(vⱼ, vₖ) with the local partials ∂vᵢ/∂vⱼ, ∂vᵢ/∂vₖ.
public struct TapeEntry<T: Differentiable> {
  /// i, the entry's position; it defines variable vᵢ.
  public var index: Int
  /// The primitive that produced it.
  public var operation: TapeOperation
  /// The indices j, k of its tracked operands (constants are folded into the partials).
  public var operands: [Int]
  /// ∂vᵢ/∂vⱼ for each operand (±1 for add and subtract, which store none).
  public var partials: [T]
}

extension Tape {
  /// Every entry in recording order, decoded for display (traces, teaching, debugging).
  ///
  /// - Complexity: O(entries); it allocates, so keep it off hot paths.
  public var entries: [TapeEntry<T>] {
    let s = storage.pointee
    let size = MemoryLayout<T>.size
    let subtract = TapeOperation.binaryBase + BinaryPrimitive.subtract.rawValue
    return s.records(partialSize: MemoryLayout<T>.size).enumerated().map { index, record in
      let base = UnsafeRawPointer(s.base) + record.offset
      func partial(_ k: Int) -> T { base.loadUnaligned(fromByteOffset: k * size, as: T.self) }
      func operand(at offset: Int) -> Int {
        Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
      }
      let op = record.operation
      switch op.shape {
      case .input:
        return TapeEntry(index: index, operation: op, operands: [], partials: [])
      case .unary:
        return TapeEntry(index: index, operation: op, operands: [operand(at: size)], partials: [partial(0)])
      case .binary:
        return TapeEntry(
          index: index, operation: op, operands: [operand(at: 2 * size), operand(at: 2 * size + 4)],
          partials: [partial(0), partial(1)])
      case .linear:
        return TapeEntry(
          index: index, operation: op, operands: [operand(at: 0), operand(at: 4)],
          partials: [1, op.code == subtract ? -1 : 1])
      }
    }
  }

  /// The adjoint v̄ᵢ = ∂output/∂vᵢ of every entry after one backward sweep seeded with
  /// 1 at `output`: the whole reverse sweep, for display.
  @inlinable
  public func adjoints(of output: Tracked<T>) -> [T] {
    guard let outputEntry = entry(of: output, in: "adjoints") else {
      return [T](repeating: 0, count: count)
    }
    return withAdjoints { (adjoint: UnsafeMutablePointer<InlineArray<1, T>>) in
      adjoint[outputEntry.index][0] = outputEntry.scale
      sweep(adjoint)
      return (0..<count).map { adjoint[$0][0] }
    }
  }
}
