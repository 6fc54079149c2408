#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where every tape's ``TapeStorage`` lives: storage that is reused, never returned to the
/// system, so a ``Tracked`` value can always read the identity of the tape it points at.
///
/// A tracked value holds a raw pointer to its tape's storage (reference counting on every
/// operation would cost more than recording it), and nothing stops a user from keeping a
/// value after its computation has ended, by appending an intermediate to an outer array
/// for logging, say. Every operation on such a value reads the storage's `identity`
/// first. That read must be of live memory, so a freed tape's storage goes back to this
/// pool, not to `free`: its entries are released, and the storage is handed to the next
/// tape that is made.
///
/// Identities are generations: a storage counts up from 1 through every computation that
/// records on it (a new tape, each ``Tape/reset()``), so the pair (storage address,
/// identity) names one computation for the life of the process. A value of an ended
/// computation can never pass for a value of a live one: there is no collision to be
/// unlucky with. A storage whose count reaches `UInt32.max` is retired (kept, never handed
/// out again), which costs one storage, 80 bytes, per four billion computations.
///
/// The pool is the one process-wide structure of the library: a free list behind a lock,
/// touched once when a tape is made and once when it is freed, never while recording. It
/// holds as many storages as tapes were alive at once at the most.
@usableFromInline
enum TapeStoragePool {
  /// The storages no tape holds.
  private static let idle = IdleStorages()

  /// A storage ready to record, with room for `capacity` bytes and the next identity of
  /// its count.
  @usableFromInline
  static func take(capacity: Int) -> UnsafeMutablePointer<TapeStorage> {
    if let address = idle.pop(), let storage = UnsafeMutablePointer<TapeStorage>(bitPattern: address) {
      storage.pointee.open(capacity: capacity)
      return storage
    }
    let storage = UnsafeMutablePointer<TapeStorage>.allocate(capacity: 1)
    storage.initialize(to: TapeStorage(capacity: capacity))
    return storage
  }

  /// Releases `storage`'s entries and keeps the storage for another tape. Values recorded
  /// on it are refused from now on: its identity is 0 until it is taken again, and then
  /// one it never had.
  @usableFromInline
  static func give(back storage: UnsafeMutablePointer<TapeStorage>) {
    // A retired storage is never handed out again: its block would never be reused.
    let reusable = storage.pointee.recordedIdentity < UInt32.max
    storage.pointee.release(keepingLargeBlock: reusable)
    guard reusable else { return }
    idle.push(UInt(bitPattern: storage))
  }
}

/// The addresses of the storages no tape holds (as integers; each is an
/// `UnsafeMutablePointer<TapeStorage>` that only the pool hands out), behind a
/// ``PthreadLock`` (which the thread sanitizer understands; see there).
///
/// `@unchecked Sendable` because the compiler cannot see the lock: `addresses` is read and
/// written only inside `lock.withLock`; CI's thread-sanitizer step checks it.
private final class IdleStorages: @unchecked Sendable {
  private let lock = PthreadLock()
  private var addresses: [UInt] = []

  func pop() -> UInt? {
    lock.withLock { addresses.popLast() }
  }

  func push(_ address: UInt) {
    lock.withLock { addresses.append(address) }
  }
}
