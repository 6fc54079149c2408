// Support: the lowest layer of the library. It depends on nothing in AutoDiff, and every
// other folder may use it.
//
// Misuse stops with a message in every build configuration. `precondition` drops its
// message in optimised builds (the process traps with no text), so the library's checks
// go through these two functions, which call `fatalError`, whose message always prints.

/// Stops with `message` when `condition` is false, in debug and release builds alike.
@inlinable @inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
  if _slowPath(!condition()) { stopMisuse(message()) }
}

/// Stops with `message`, in debug and release builds alike.
@usableFromInline @inline(never)
func stopMisuse(_ message: String) -> Never {
  fatalError(message)
}
