// A misuse of this target's API stops with a message in every build configuration.
// `precondition` and `assert` drop their message in optimised builds (`-c release`: the
// process traps with no text, or the check is gone), so the checks here go through these
// two functions, which call `fatalError`, whose message always prints. The library has
// the same pair for itself (Sources/AutoDiff/Support/Requirement.swift); it is internal
// there, hence this copy.
//
// What a user types never reaches these: the CLI's input goes through the throwing
// parsers (`CountList`, `PointValue`, `ExpressionParser`, …), whose `InputError` the CLI
// prints before exiting with status 2. These catch a program that calls the API wrongly.

/// Stops with `message` when `condition` is false, in debug and release builds alike.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
  if _slowPath(!condition()) { stopMisuse(message()) }
}

/// Stops with `message`, in debug and release builds alike.
@inline(never)
func stopMisuse(_ message: String) -> Never {
  fatalError(message)
}
