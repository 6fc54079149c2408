import ArgumentParser
import AutoDiffTeaching
import Foundation

/// How a command prints its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  /// Aligned tables for people.
  case text
  /// One JSON document for tools.
  case json
}

/// Writes one line (or a diagnostic block) to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs `body`, turning the library's errors into one clear message on standard error
/// and a non-zero exit: 2 for bad input, 1 for a file that could not be written.
func reportingErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as InputError {
    printError(error.diagnostic)
    throw ExitCode(2)
  } catch let error as OutputError {
    printError("error: " + error.message)
    throw ExitCode(1)
  }
}
