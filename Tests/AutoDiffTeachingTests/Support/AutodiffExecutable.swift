import Foundation
import Synchronization

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

    var description: String {
      "the autodiff executable is not next to the test bundle (arguments: \(CommandLine.arguments)); "
        + "swift build builds it"
    }
  }

  /// Runs `autodiff` with `arguments` in `directory`, optionally with a replaced `PATH`.
  static func run(
    _ arguments: [String], in directory: URL? = nil, path searchPath: String? = nil
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
