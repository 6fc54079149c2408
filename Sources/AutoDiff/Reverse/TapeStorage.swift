/// The entries of a tape, as one stream of variable-size records, and the identity of the
/// computation recording them.
///
/// Each record is its partials, then its operand indices, then its one-byte
/// ``TapeOperation`` last, so the backward sweep can read the stream from the end:
///
/// | shape  | record                              | bytes (Double) |
/// |--------|-------------------------------------|----------------|
/// | input  | op                                  | 1              |
/// | unary  | ∂ · operand · op                    | 13             |
/// | binary | ∂x · ∂y · x · y · op                | 25             |
/// | linear | x · y · op (add, subtract: ∂ = ±1)  | 9              |
/// | linear | ∂y · x · y · op (x ± c·y: ∂x = 1)   | 17             |
///
/// One capacity check and one pointer bump per recorded operation; growth goes through
/// ``TapeMemory``, which moves large blocks by remapping pages rather than copying them.
/// ``Tape`` owns exactly one of these while it lives; ``Tracked`` values point at it
/// directly, which keeps reference counting and exclusivity checks off the recording
/// path. The storage itself is never freed (``TapeStoragePool``), so a value that
/// outlives its tape still reads a live identity and is refused.
///
/// The storage is not generic: its layout does not depend on the scalar type, which only
/// the recording methods and ``partialSize(of:)`` take. So creating and freeing a tape
/// needs no generic metadata at run time.
@usableFromInline
struct TapeStorage {
  @usableFromInline var base: UnsafeMutableRawPointer
  @usableFromInline var used: Int
  @usableFromInline var capacity: Int
  /// The end of the room a record may take without a check: `capacity`, or less once
  /// fewer entries than bytes of room are left to number with 32 bits. As every record
  /// is at least one byte, the entry count cannot overflow between two checks, which
  /// ``grow(toHold:)`` makes, and recording checks nothing per entry but the room.
  @usableFromInline var limit: Int
  @usableFromInline var count: Int
  /// The computation recording now, checked by every recording so that values of an
  /// ended or another computation are refused with a message rather than corrupting this
  /// one: a generation, counted up from 1 by each computation on this storage (see
  /// ``TapeStoragePool``). Zero once the computation has ended.
  @usableFromInline var identity: UInt32
  /// The identity of the last computation recorded here, kept after it ended to word the
  /// refusal and to sweep its entries; the next computation takes the one after it.
  @usableFromInline var recordedIdentity: UInt32
  /// An adjoint buffer left by the last tape on this storage for the next one, all bits
  /// zero (a kept sweep leaves it so), and its size in bytes; nil and 0 when there is none.
  /// A tape takes it for its kept sweeps (`Tape.reusableAdjointBuffer()`) and gives it
  /// back when freed, so a loop of one-shot gradients zeroes no buffer and faults in no
  /// page after the first.
  @usableFromInline var keptAdjoints: UnsafeMutableRawPointer?
  @usableFromInline var keptAdjointBytes: Int

  /// A new storage recording its first computation. Tapes take storages from
  /// ``TapeStoragePool``, which makes them with this.
  @usableFromInline
  init(capacity: Int) {
    (base, self.capacity) = Self.entryBlock(capacity: capacity)
    used = 0
    count = 0
    limit = 0
    identity = 0
    recordedIdentity = 0
    keptAdjoints = nil
    keptAdjointBytes = 0
    beginNextComputation()
  }

  /// Starts the next computation on a storage that ``release()`` emptied: new entries of
  /// `capacity` bytes, and the identity after the last one.
  @usableFromInline
  mutating func open(capacity: Int) {
    // A large block kept by `release(keepingLargeBlock:)` is used as it is when it is
    // large enough (it is then at least the requested capacity), replaced otherwise.
    if self.capacity < Swift.max(capacity, TapeMemory.largeBlock) {
      if self.capacity > 0 { TapeMemory.deallocate(base, bytes: self.capacity) }
      (base, self.capacity) = Self.entryBlock(capacity: capacity)
    }
    beginNextComputation()
  }

  /// A block for the entries, of `capacity` bytes or the smallest size, 64.
  static func entryBlock(capacity: Int) -> (base: UnsafeMutableRawPointer, capacity: Int) {
    let bytes = Swift.max(capacity, 64)
    guard let block = TapeMemory.allocate(bytes: bytes) else {
      stopMisuse("Tape: out of memory allocating \(bytes) bytes of tape")
    }
    return (block, bytes)
  }

  /// Forgets every entry and gives the storage the identity after the last one, so values
  /// recorded so far are refused. The caller makes sure there is one (a storage whose
  /// count reached `UInt32.max` is retired instead).
  @inlinable
  mutating func beginNextComputation() {
    used = 0
    count = 0
    identity = recordedIdentity + 1
    recordedIdentity = identity
    updateLimit()
  }

  /// Sets ``limit`` for the current `used`, `count` and `capacity`.
  @usableFromInline
  mutating func updateLimit() {
    limit = Swift.min(capacity, used + (Int(UInt32.max) - count))
  }

  /// The bytes of one stored partial of scalar type `T`.
  @inlinable @inline(__always)
  static func partialSize<T>(of _: T.Type) -> Int { MemoryLayout<T>.size }

  /// Returns the entries' memory and ends the computation; `recordedIdentity` stays, so
  /// the next computation on this storage takes a new identity. Nothing records or sweeps
  /// on a storage whose identity is 0, so `base` is not read until ``open(capacity:)``.
  ///
  /// A large block (``TapeMemory/largeBlock`` and more) is kept for the next computation
  /// when `keepingLargeBlock` (``TapeMemory/keepForReuse(_:bytes:)``: resident up to 512 MB):
  /// faulting in and zeroing a fresh mapping cost more than recording a large tape, and a
  /// one-shot gradient in a loop would pay it on every call.
  @usableFromInline
  mutating func release(keepingLargeBlock: Bool) {
    if keepingLargeBlock && capacity >= TapeMemory.largeBlock {
      TapeMemory.keepForReuse(base, bytes: used)
    } else {
      TapeMemory.deallocate(base, bytes: capacity)
      capacity = 0
    }
    if let keptAdjoints {
      if !keepingLargeBlock {
        TapeMemory.deallocate(keptAdjoints, bytes: keptAdjointBytes)
        self.keptAdjoints = nil
        keptAdjointBytes = 0
      } else if keptAdjointBytes >= TapeMemory.largeBlock {
        // All zero: pages the system takes back read as zero too.
        TapeMemory.keepForReuse(keptAdjoints, bytes: keptAdjointBytes)
      }
    }
    limit = 0
    used = 0
    count = 0
    identity = 0
  }

  /// Keeps `block`, an all-zero adjoint buffer of `bytes` bytes, for the next tape, or
  /// frees it when the one kept already is at least as large (the smaller one goes).
  @usableFromInline
  mutating func keepAdjoints(_ block: UnsafeMutableRawPointer, bytes: Int) {
    if let keptAdjoints {
      if keptAdjointBytes >= bytes {
        TapeMemory.deallocate(block, bytes: bytes)
        return
      }
      TapeMemory.deallocate(keptAdjoints, bytes: keptAdjointBytes)
    }
    keptAdjoints = block
    keptAdjointBytes = bytes
  }

  /// The kept adjoint buffer if it has room for `bytes` bytes, handed over (the storage
  /// no longer holds it); nil otherwise.
  @usableFromInline
  mutating func takeKeptAdjoints(bytes: Int) -> (block: UnsafeMutableRawPointer, bytes: Int)? {
    guard let keptAdjoints, keptAdjointBytes >= bytes else { return nil }
    self.keptAdjoints = nil
    defer { keptAdjointBytes = 0 }
    return (keptAdjoints, keptAdjointBytes)
  }

  // MARK: - Recording

  /// Room for a record of `bytes` bytes at the end of the stream.
  @inlinable @inline(__always)
  mutating func append(bytes: Int) -> UnsafeMutableRawPointer {
    if _slowPath(used &+ bytes > limit) { grow(toHold: bytes) }
    let record = base + used
    used &+= bytes
    return record
  }

  /// Makes room for one more record of `bytes` bytes, or stops when it would be
  /// numbered past 32 bits.
  @usableFromInline @inline(never)
  mutating func grow(toHold bytes: Int) {
    if count >= Int(UInt32.max) { Self.refuseOverflow() }
    if used + bytes > capacity {
      var newCapacity = capacity * 2
      while newCapacity < used + bytes { newCapacity *= 2 }
      guard let grown = TapeMemory.reallocate(base, from: capacity, to: newCapacity) else {
        stopMisuse(
          "Tape: out of memory growing the tape from \(capacity) to \(newCapacity) bytes "
            + "(\(count) entries recorded)")
      }
      base = grown
      capacity = newCapacity
    }
    updateLimit()
  }

  @inlinable @inline(__always)
  mutating func finish(_ record: UnsafeMutableRawPointer, at offset: Int, _ operation: TapeOperation)
    -> UInt32
  {
    record.storeBytes(of: operation.rawValue, toByteOffset: offset, as: UInt8.self)
    // No overflow check: `limit` leaves no room for more entries than 32 bits number.
    let index = count
    count = index &+ 1
    return UInt32(truncatingIfNeeded: index)
  }

  @inlinable @inline(__always)
  mutating func recordInput() -> UInt32 {
    let record = append(bytes: 1)
    return finish(record, at: 0, .input)
  }

  /// Records `n` inputs at once; returns the first one's index.
  @inlinable
  mutating func recordInputs(_ n: Int) -> UInt32 {
    let first = count
    if _slowPath(first &+ n >= Int(UInt32.max)) { Self.refuseOverflow() }
    let records = append(bytes: n)
    records.initializeMemory(as: UInt8.self, repeating: TapeOperation.input.rawValue, count: n)
    count = first &+ n
    return UInt32(truncatingIfNeeded: first)
  }

  @inlinable @inline(__always)
  mutating func recordUnary<T>(_ operation: TapeOperation, _ operand: UInt32, _ partial: T) -> UInt32 {
    let p = Self.partialSize(of: T.self)
    let record = append(bytes: p + 5)
    record.storeBytes(of: partial, as: T.self)
    record.storeBytes(of: operand, toByteOffset: p, as: UInt32.self)
    return finish(record, at: p + 4, operation)
  }

  @inlinable @inline(__always)
  mutating func recordBinary<T>(
    _ operation: TapeOperation, _ x: UInt32, _ dx: T, _ y: UInt32, _ dy: T
  ) -> UInt32 {
    let p = Self.partialSize(of: T.self)
    let record = append(bytes: 2 * p + 9)
    record.storeBytes(of: dx, as: T.self)
    record.storeBytes(of: dy, toByteOffset: p, as: T.self)
    record.storeBytes(of: x, toByteOffset: 2 * p, as: UInt32.self)
    record.storeBytes(of: y, toByteOffset: 2 * p + 4, as: UInt32.self)
    return finish(record, at: 2 * p + 8, operation)
  }

  @inlinable @inline(__always)
  mutating func recordLinear(_ operation: TapeOperation, _ x: UInt32, _ y: UInt32) -> UInt32 {
    let record = append(bytes: 9)
    record.storeBytes(of: x, as: UInt32.self)
    record.storeBytes(of: y, toByteOffset: 4, as: UInt32.self)
    return finish(record, at: 8, operation)
  }

  /// x ± c·y: the second partial (±c), then both operands.
  @inlinable @inline(__always)
  mutating func recordScaledLinear<T>(
    _ operation: TapeOperation, _ x: UInt32, _ y: UInt32, _ dy: T
  ) -> UInt32 {
    let p = Self.partialSize(of: T.self)
    let record = append(bytes: p + 9)
    record.storeBytes(of: dy, as: T.self)
    record.storeBytes(of: x, toByteOffset: p, as: UInt32.self)
    record.storeBytes(of: y, toByteOffset: p + 4, as: UInt32.self)
    return finish(record, at: p + 8, operation)
  }

  /// The size in bytes of a record of `operation`, with partials of `p` bytes.
  @inlinable @inline(__always)
  static func recordSize(_ operation: TapeOperation, partialSize p: Int) -> Int {
    switch operation.shape {
    case .input: 1
    case .unary: p + 5
    case .binary: 2 * p + 9
    case .linear: operation.storesSecondPartial ? p + 9 : 9
    }
  }

  /// The byte offset of every record, in recording order (for traces and diagnostics,
  /// which read the stream forwards).
  @usableFromInline
  func records(partialSize p: Int) -> [(offset: Int, operation: TapeOperation)] {
    var records = [(offset: Int, operation: TapeOperation)](
      repeating: (0, .input), count: count)
    var position = used
    var i = count
    while i > 0 {
      i -= 1
      let op = TapeOperation(rawValue: base.load(fromByteOffset: position - 1, as: UInt8.self))
      position -= Self.recordSize(op, partialSize: p)
      records[i] = (position, op)
    }
    return records
  }

  // MARK: - Checks

  /// Checks that a value recorded under `identity` may be used on this tape now.
  ///
  /// `mutating` only so that it reads the one field in place: a non-mutating call
  /// through `pointee` would copy the whole struct on the hot path.
  @inlinable @inline(__always)
  mutating func admit(_ identity: UInt32, operation: @autoclosure () -> String) {
    if _slowPath(identity != self.identity) {
      refuse(identity, operation: operation())
    }
  }

  /// Stops for a value recorded under `identity`, which is not this storage's computation
  /// now. A value only ever reads its own tape's storage, and identities only count up,
  /// so its computation has ended: the tape ended, was reset or was freed. `0` stands for
  /// a new input on an ended tape.
  @usableFromInline @inline(never)
  func refuse(_ identity: UInt32, operation: String) -> Never {
    if identity == 0 {
      stopMisuse(
        "Tape.\(operation): the tape's computation has ended (end() was called, or the "
          + "gradient, vjp or jacobian that recorded it returned); call reset() to record "
          + "a new computation")
    }
    stopMisuse(
      "Tracked value used after its computation has ended (in \(operation)): a tracked "
        + "value is valid only inside the function being differentiated, or on a tape "
        + "until it is reset, ended or freed")
  }

  @usableFromInline @inline(never)
  static func refuseMixing(operation: String) -> Never {
    stopMisuse(
      "Tracked values of two different computations were mixed (in \(operation)): one of "
        + "them belongs to another tape, or to a computation that has ended. Each gradient, "
        + "vjp or jacobian call records its own tape, and its values cannot leave it")
  }

  @usableFromInline @inline(never)
  static func refuseOverflow() -> Never {
    stopMisuse(
      "Tape: more than \(UInt32.max - 1) recorded operations; a tape numbers its entries "
        + "with 32 bits")
  }
}
