/// A Wengert list: every primitive operation of one computation, in the order it ran,
/// with its operands and its local partials.
///
/// Recording an operation on two tracked values appends one entry: a one-byte
/// ``TapeOperation``, the 32-bit indices of its operands and the local partials from the
/// rule table, times the operands' folded scales (none for add and subtract of unscaled
/// values, whose partials are ±1). An operation with one tracked operand folds its partial
/// into the value's scale and records nothing (see ``Tracked``). Entry *i* defines variable *i*, so the list
/// is already in topological order and the backward sweep is a single pass over it in
/// reverse: for each entry, `adjoint[operand] += partial · adjoint[i]`.
///
/// A tape belongs to one computation: ``gradient(of:at:)`` and friends make one, record,
/// sweep and free it. Values from different tapes never mix (that is an error), so many
/// computations can run at once on different threads or tasks. `Tape` is not `Sendable`.
///
/// You can also drive a tape by hand, PyTorch-style:
///
/// ```swift
/// let tape = Tape<Double>()
/// let a = tape.input(2), b = tape.input(3)
/// let d = a * (a + b)
/// tape.gradient(of: d, withRespectTo: [a, b])  // [7, 2]
/// ```
///
/// For a loop of gradients, keep one tape and call its ``gradient(of:at:)`` or
/// ``valueWithGradient(of:at:)``: each call resets the tape and reuses its memory.
///
/// - Complexity: recording is O(1) amortised per operation; a sweep is O(entries).
public final class Tape<T: Differentiable> {
  /// Taken from ``TapeStoragePool`` and given back when the tape is freed; replaced only
  /// by a ``reset()`` after four billion computations (unchecked exclusivity: see below).
  @exclusivity(unchecked) @usableFromInline var storage: UnsafeMutablePointer<TapeStorage>
  /// One adjoint per entry, kept between the gradients this tape computes and zero
  /// between them (see ``gradient(of:at:)``); nil until the first.
  /// (Unchecked exclusivity: only this tape's own methods touch it, never reentrantly, and
  /// a tape is not `Sendable`.)
  @exclusivity(unchecked) @usableFromInline var reusableAdjoints: UnsafeMutablePointer<InlineArray<1, T>>?
  /// The number of adjoints `reusableAdjoints` has room for.
  @exclusivity(unchecked) @usableFromInline var reusableAdjointCapacity = 0
  /// Their size in bytes (kept so that `deinit` needs no layout of `InlineArray<1, T>`).
  @exclusivity(unchecked) @usableFromInline var reusableAdjointBytes = 0
  /// Whether a zero adjoint is all bits zero, so that the buffer, zero after every kept
  /// sweep, can serve the next tape on this storage as it is (decided where T is known:
  /// `deinit` is not specialised, and asking there would cost a generic call per tape).
  @exclusivity(unchecked) @usableFromInline var reusableAdjointsAreZeroBits = false
  /// The input array passed to the function by the last kept-tape gradient, overwritten in
  /// place by the next when nothing else holds it (copy-on-write protects one that does);
  /// nil until the first. Boxed behind a pointer so that tapes that never keep inputs free
  /// no array (destroying a generic array field looks up its metadata at run time).
  @exclusivity(unchecked) @usableFromInline var reusableInputs: UnsafeMutablePointer<[Tracked<T>]>?

  /// An empty tape with room for `capacity` bytes of records before it grows (a
  /// two-operand entry on `Double` takes 25 bytes; see `TapeStorage`).
  public init(capacity: Int = 1024) {
    require(_isPOD(T.self), "Tape: the scalar type \(T.self) must be trivially copyable")
    storage = TapeStoragePool.take(capacity: capacity)
  }

  deinit {
    if let reusableInputs {
      reusableInputs.deinitialize(count: 1)
      reusableInputs.deallocate()
    }
    if let reusableAdjoints {
      // Zero after every kept sweep: the next tape on this storage takes it as it is.
      if reusableAdjointsAreZeroBits {
        storage.pointee.keepAdjoints(
          UnsafeMutableRawPointer(reusableAdjoints), bytes: reusableAdjointBytes)
      } else {
        TapeMemory.deallocate(
          UnsafeMutableRawPointer(reusableAdjoints), bytes: reusableAdjointBytes)
      }
    }
    TapeStoragePool.give(back: storage)
  }

  /// The number of recorded entries (inputs included).
  @inlinable
  public var count: Int { storage.pointee.count }

  /// Bytes of tape storage per recorded entry, counting what the entries use (not spare
  /// capacity): one operation byte, four bytes per operand, one scalar per stored partial.
  public var bytesPerEntry: Double {
    let s = storage.pointee
    return s.count == 0 ? 0 : Double(s.used) / Double(s.count)
  }

  /// Bytes of tape storage the recorded entries use (not counting spare capacity).
  public var recordedBytes: Int { storage.pointee.used }

  /// Bytes currently allocated for the tape's entries.
  public var allocatedBytes: Int { storage.pointee.capacity }

  /// A new input of the computation: a tracked leaf with value `value`.
  @inlinable
  public func input(_ value: T) -> Tracked<T> {
    let s = storage
    if s.pointee.identity == 0 { s.pointee.refuse(0, operation: "input") }
    let index = s.pointee.recordInput()
    return Tracked(value: value, index: index, identity: s.pointee.identity, tape: s)
  }

  /// Forgets every entry and keeps the storage, so the next computation reuses it.
  /// Values recorded before the reset are refused afterwards.
  public func reset() {
    if _slowPath(storage.pointee.recordedIdentity == UInt32.max) {
      // This storage has named all the computations it can: retire it for a fresh one.
      let retired = storage
      storage = TapeStoragePool.take(capacity: retired.pointee.capacity)
      TapeStoragePool.give(back: retired)
      return
    }
    storage.pointee.beginNextComputation()
  }

  /// Ends the computation: later use of its values is refused with a message. The
  /// entries stay, so the tape can still be swept.
  public func end() { storage.pointee.identity = 0 }

  /// The operation that defined each entry, in recording order.
  public var operations: [TapeOperation] {
    storage.pointee.records(partialSize: MemoryLayout<T>.size).map { $0.operation }
  }
}
