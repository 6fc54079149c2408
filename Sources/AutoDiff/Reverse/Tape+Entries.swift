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

/// One entry of a tape read in place while ``Tape/walkEntries(_:)`` passes over it: the
/// index and operation at once, operands and partials decoded only when asked for.
///
/// This and the walk are the one place outside the recording and the sweep that knows the
/// layout of a record (see `TapeStorage`); traces and checkers read entries through them.
@usableFromInline
struct TapeEntryReader<T: Differentiable> {
  /// i, the entry's position; it defines variable vᵢ.
  @usableFromInline let index: Int
  /// The primitive that produced it.
  @usableFromInline let operation: TapeOperation
  /// The entry's first byte in the tape's storage, valid during the walk only.
  let record: UnsafeRawPointer

  init(index: Int, operation: TapeOperation, record: UnsafeRawPointer) {
    self.index = index
    self.operation = operation
    self.record = record
  }

  /// The indices of its tracked operands.
  @usableFromInline
  var operands: [Int] {
    let p = MemoryLayout<T>.size
    func operand(at offset: Int) -> Int {
      Int(record.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    switch operation.shape {
    case .input: return []
    case .unary: return [operand(at: p)]
    case .binary: return [operand(at: 2 * p), operand(at: 2 * p + 4)]
    case .linear:
      let start = operation.storesSecondPartial ? p : 0
      return [operand(at: start), operand(at: start + 4)]
    }
  }

  /// The local partial for each operand: the stored ones, and ±1 for add and subtract,
  /// which store none (or only the second).
  @usableFromInline
  var partials: [T] {
    let p = MemoryLayout<T>.size
    func partial(_ k: Int) -> T { record.loadUnaligned(fromByteOffset: k * p, as: T.self) }
    switch operation.shape {
    case .input: return []
    case .unary: return [partial(0)]
    case .binary: return [partial(0), partial(1)]
    case .linear:
      if operation.storesSecondPartial { return [1, partial(0)] }
      let subtract = TapeOperation.binaryBase + BinaryPrimitive.subtract.rawValue
      return [1, operation.code == subtract ? -1 : 1]
    }
  }

  /// The entry decoded for display.
  @usableFromInline
  var entry: TapeEntry<T> {
    TapeEntry(index: index, operation: operation, operands: operands, partials: partials)
  }
}

extension Tape {
  /// Calls `body` on every entry in recording order until it returns a result, and returns
  /// that result (nil when it never does). The reader is valid inside `body` only.
  ///
  /// - Complexity: O(entries), plus what `body` decodes.
  @usableFromInline
  func walkEntries<R>(_ body: (TapeEntryReader<T>) throws -> R?) rethrows -> R? {
    let s = storage.pointee
    let base = UnsafeRawPointer(s.base)
    for (index, record) in s.records(partialSize: MemoryLayout<T>.size).enumerated() {
      let reader = TapeEntryReader<T>(
        index: index, operation: record.operation, record: base + record.offset)
      if let result = try body(reader) { return result }
    }
    return nil
  }

  /// Every entry in recording order, decoded for display (traces, teaching, debugging).
  ///
  /// - Complexity: O(entries); it allocates, so keep it off hot paths.
  public var entries: [TapeEntry<T>] {
    var entries: [TapeEntry<T>] = []
    entries.reserveCapacity(count)
    let _: Never? = walkEntries { reader in
      entries.append(reader.entry)
      return nil
    }
    return entries
  }

  /// The adjoint v̄ᵢ = ∂output/∂vᵢ of every entry after one backward sweep seeded with
  /// 1 at `output`: the whole reverse sweep, for display.
  @inlinable
  public func adjoints(of output: Tracked<T>) -> [T] {
    sweep(from: output, in: "adjoints", .readingAll) { adjoint in (0..<count).map { adjoint[$0][0] } }
      ?? [T](repeating: 0, count: count)
  }
}
