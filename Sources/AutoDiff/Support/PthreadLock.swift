#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutual-exclusion lock over a pthread mutex, for the library's few shared structures
/// (the tape storage pool's free list, a tensor anomaly search's log).
///
/// Not `Synchronization.Mutex`: on Linux it locks with futexes inside a module the thread
/// sanitizer does not instrument, so the sanitizer cannot see that it orders the accesses
/// and reports races that are not there; it does understand `pthread_mutex_lock`. A class
/// holding a pthread mutex is `@unchecked Sendable` because the compiler cannot see the
/// mutex; its owner keeps its own state behind ``withLock(_:)`` and says so.
final class PthreadLock: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` holding the lock.
  func withLock<R>(_ body: () throws -> R) rethrows -> R {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
  }
}
