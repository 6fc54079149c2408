import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress message on standard error that appears only once the work has taken more
/// than a second, so quick runs stay quiet. On a terminal it rewrites one line; otherwise
/// it prints a line at most every few seconds.
struct ProgressLine {
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private var lastShown: ContinuousClock.Instant?
  private var showing = false
  private let isTerminal = isatty(STDERR_FILENO) != 0

  init() { start = clock.now }

  mutating func update(_ message: String, finished: Bool) {
    let now = clock.now
    if finished {
      if showing && isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
      return
    }
    guard now - start > .seconds(1) else { return }
    if isTerminal {
      FileHandle.standardError.write(Data("\r\u{1B}[K\(message)".utf8))
      showing = true
    } else if lastShown.map({ now - $0 > .seconds(5) }) ?? true {
      FileHandle.standardError.write(Data("\(message)\n".utf8))
      lastShown = now
    }
  }
}
