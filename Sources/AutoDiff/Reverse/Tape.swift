/// A Wengert list: every primitive operation of one computation, in the order it ran,
/// with its operands and its local partials.
///
/// Recording an operation appends one entry: a one-byte ``TapeOperation``, the 32-bit
/// indices of its tracked operands and the local partials from the rule table (none for
/// add and subtract, whose partials are ±1). Entry *i* defines variable *i*, so the list
/// is already in topological order and the backward sweep is a single pass over it in
/// reverse: for each entry, `adjoint[operand] += partial · adjoint[i]`.
///
/// A tape belongs to one computation: ``gradient(of:at:)`` and friends make one, record,
/// sweep and free it. Values from different tapes never mix (that is an error), so many
/// computations can run at once on different threads or tasks. `Tape` is not `Sendable`.
///
/// - Complexity: recording is O(1) amortised per operation; a sweep is O(entries).
public final class Tape<T: Differentiable> {
  @usableFromInline var operations: TapeBuffer<UInt8>
  @usableFromInline var operands: TapeBuffer<UInt32>
  @usableFromInline var partials: TapeBuffer<T>
  /// A random identity, checked by every recording so that values of an ended or another
  /// computation are refused with a message rather than corrupting this one.
  @usableFromInline var identity: UInt64
  @usableFromInline var isRecording: Bool

  /// An empty tape with room for `capacity` operations before it grows.
  public init(capacity: Int = 1024) {
    operations = TapeBuffer(capacity: capacity)
    operands = TapeBuffer(capacity: capacity * 2)
    partials = TapeBuffer(capacity: capacity)
    var generator = SystemRandomNumberGenerator()
    identity = generator.next() | 1
    isRecording = true
  }

  deinit {
    operations.release()
    operands.release()
    partials.release()
    identity = 0
  }

  /// The number of recorded entries (inputs included).
  public var count: Int { operations.count }

  /// Bytes of tape storage per recorded entry, counting what the entries use (not spare
  /// capacity): one operation byte, four bytes per operand, one scalar per stored partial.
  public var bytesPerEntry: Double {
    guard count > 0 else { return 0 }
    let used =
      operations.count + operands.count * MemoryLayout<UInt32>.stride
      + partials.count * MemoryLayout<T>.stride
    return Double(used) / Double(count)
  }

  /// Bytes currently allocated for the tape's storage.
  public var allocatedBytes: Int {
    operations.allocatedBytes + operands.allocatedBytes + partials.allocatedBytes
  }

  /// A new input of the computation: a tracked leaf with value `value`.
  public func input(_ value: T) -> Tracked<T> {
    Tracked(value, index: record(.input), tape: self)
  }

  /// Forgets every entry and keeps the storage, so the next computation reuses it.
  /// Values recorded before the reset are refused afterwards.
  public func reset() {
    operations.removeAll()
    operands.removeAll()
    partials.removeAll()
    var generator = SystemRandomNumberGenerator()
    identity = generator.next() | 1
    isRecording = true
  }

  /// Ends the computation: later use of its values is refused with a message. The
  /// storage is kept until the tape is freed or reset.
  public func end() { isRecording = false }

  // MARK: - Recording

  @inlinable @inline(__always)
  func record(_ operation: TapeOperation) -> UInt32 {
    let index = operations.count
    precondition(
      index < Int(UInt32.max),
      "Tape: more than \(UInt32.max - 1) recorded operations; a tape indexes entries with 32 bits")
    operations.append(operation.rawValue)
    return UInt32(truncatingIfNeeded: index)
  }

  @inlinable @inline(__always)
  func recordUnary(_ operation: TapeOperation, _ operand: UInt32, _ partial: T) -> UInt32 {
    operands.append(operand)
    partials.append(partial)
    return record(operation)
  }

  @inlinable @inline(__always)
  func recordBinary(
    _ operation: TapeOperation, _ x: UInt32, _ dx: T, _ y: UInt32, _ dy: T
  ) -> UInt32 {
    operands.append(x)
    operands.append(y)
    partials.append(dx)
    partials.append(dy)
    return record(operation)
  }

  @inlinable @inline(__always)
  func recordLinear(_ operation: TapeOperation, _ x: UInt32, _ y: UInt32) -> UInt32 {
    operands.append(x)
    operands.append(y)
    return record(operation)
  }

  /// Checks that a value recorded under `identity` may be used on this tape now.
  @inlinable @inline(__always)
  func admit(_ identity: UInt64, operation: @autoclosure () -> String) {
    if _slowPath(identity != self.identity || !isRecording) {
      refuse(identity, operation: operation())
    }
  }

  @usableFromInline @inline(never)
  static func refuseMixing(operation: String) -> Never {
    preconditionFailure(
      "Tracked values of two different computations were mixed (in \(operation)): each "
        + "gradient, vjp or jacobian call records its own tape, and its values cannot leave it")
  }

  @usableFromInline @inline(never)
  func refuse(_ identity: UInt64, operation: String) -> Never {
    if identity == self.identity {
      preconditionFailure(
        "Tracked value used after its computation has ended (in \(operation)): "
          + "a tracked value is valid only inside the function being differentiated")
    }
    preconditionFailure(
      "Tracked values of two different computations were mixed (in \(operation)), or a "
        + "tracked value was used after its computation had ended: each gradient, vjp or "
        + "jacobian call records its own tape, and its values cannot leave it")
  }
}
