import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `autodiff` executable, run as a user would run it.
///
/// SwiftPM puts executables and the test bundle in the same build products directory
/// (`.build/debug`, or `<scratch path>/debug`). The test runner's arguments name the
/// bundle (`…/debug/AutoDiffPackageTests.xctest` on Linux as the program itself, on
/// macOS as an argument of the runner), so the executable is found next to it.
enum AutodiffExecutable {
  /// The path of `autodiff`, or nil if it is not next to the test bundle.
  static let path: String? = {
    for argument in CommandLine.arguments {
      var url = URL(fileURLWithPath: argument)
      // Walk up from inside a bundle (macOS: …/X.xctest/Contents/MacOS/X) to its directory.
      while url.pathComponents.count > 1 {
        if url.pathExtension == "xctest" {
          let candidate = url.deletingLastPathComponent().appendingPathComponent("autodiff").path
          if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
          break
        }
        url.deleteLastPathComponent()
      }
    }
    return nil
  }()

  /// What one run printed and how it ended.
  struct Result {
    var status: Int32
    var standardOutput: String
    var standardError: String

    var errorLines: [String] { standardError.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
  }

  enum Failure: Error, CustomStringConvertible {
    case notBuilt
    case timedOut(arguments: [String], seconds: Int)

    var description: String {
      switch self {
      case .notBuilt:
        return "the autodiff executable is not next to the test bundle (arguments: \(CommandLine.arguments)); "
          + "swift build builds it"
      case .timedOut(let arguments, let seconds):
        return "autodiff \(arguments) did not finish within \(seconds) s and was killed"
      }
    }
  }

  /// How long one run may take before it is killed and the test fails. The slowest run
  /// in these tests (the demo, or `compare` on its small grid in a debug build) takes
  /// a few seconds alone; 120 s leaves room for a machine shared with parallel tests and
  /// other builds, and still stops a hung child long before CI's own job timeout.
  static let timeoutSeconds = 120

  /// Runs `autodiff` with `arguments` in `directory`, optionally with a replaced `PATH`.
  ///
  /// - Throws: ``Failure/timedOut(arguments:seconds:)`` if the run takes longer than
  ///   `timeoutSeconds` (the child is killed with SIGKILL first).
  static func run(
    _ arguments: [String], in directory: URL? = nil, path searchPath: String? = nil,
    timeoutSeconds: Int = AutodiffExecutable.timeoutSeconds
  ) throws -> Result {
    guard let path else { throw Failure.notBuilt }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let searchPath {
      var environment = ProcessInfo.processInfo.environment
      environment["PATH"] = searchPath
      process.environment = environment
    }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // The watchdog: kill the child if it outlives the bound. `finished` is set under the
    // same lock as soon as the child has been waited for, so a watchdog firing after the
    // run does not signal the (by then possibly reused) process id.
    let pid = process.processIdentifier
    let state = Mutex((finished: false, killed: false))
    DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeoutSeconds)) {
      state.withLock {
        guard !$0.finished else { return }
        $0.killed = true
        kill(pid, SIGKILL)
      }
    }
    // Read both pipes before waiting, so a chatty child never blocks on a full pipe.
    let group = DispatchGroup()
    let errorData = Mutex(Data())
    group.enter()
    DispatchQueue.global().async {
      let data = errors.fileHandleForReading.readDataToEndOfFile()
      errorData.withLock { $0 = data }
      group.leave()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let killed = state.withLock {
      $0.finished = true
      return $0.killed
    }
    if killed { throw Failure.timedOut(arguments: arguments, seconds: timeoutSeconds) }
    return Result(
      status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
  }

  /// A fresh empty directory for files a run writes.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("autodiff-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
