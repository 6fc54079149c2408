#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Flags written from several threads, behind a pthread mutex.
///
/// Not `Synchronization.Mutex`: on Linux it locks with futexes inside a module the thread
/// sanitizer does not instrument, so the sanitizer cannot see that the lock orders the
/// writes and reports a race that is not there (seen in CI's thread-sanitizer step, now
/// and then); it does understand `pthread_mutex_lock`. `@unchecked Sendable` because the
/// compiler cannot see a pthread mutex: `flags` is read and written only between
/// `pthread_mutex_lock` and `pthread_mutex_unlock` on `lock`, set once in `init`.
final class LockedFlags: @unchecked Sendable {
  private let lock: UnsafeMutablePointer<pthread_mutex_t>
  private var flags: [Bool]

  init(count: Int) {
    flags = [Bool](repeating: false, count: count)
    lock = .allocate(capacity: 1)
    lock.initialize(to: pthread_mutex_t())
    pthread_mutex_init(lock, nil)
  }

  deinit {
    pthread_mutex_destroy(lock)
    lock.deallocate()
  }

  /// Sets flag `index` to `value`.
  func set(_ index: Int, to value: Bool) {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    flags[index] = value
  }

  /// Every flag, read under the lock.
  var values: [Bool] {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    return flags
  }
}
