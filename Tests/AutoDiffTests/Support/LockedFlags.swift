@testable import AutoDiff

/// Flags written from several threads, behind the library's ``PthreadLock`` — not
/// `Synchronization.Mutex`, whose ordering the thread sanitizer cannot see on Linux (it
/// reported a race that was not there in CI's thread-sanitizer step). `@unchecked Sendable`
/// because the compiler cannot see the lock: `flags` is read and written only inside
/// `lock.withLock`.
final class LockedFlags: @unchecked Sendable {
  private let lock = PthreadLock()
  private var flags: [Bool]

  init(count: Int) {
    flags = [Bool](repeating: false, count: count)
  }

  /// Sets flag `index` to `value`.
  func set(_ index: Int, to value: Bool) {
    lock.withLock { flags[index] = value }
  }

  /// Every flag, read under the lock.
  var values: [Bool] { lock.withLock { flags } }
}
