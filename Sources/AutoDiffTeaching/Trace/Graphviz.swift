import Foundation

/// Renders DOT graphs with Graphviz's `dot` program, when it is installed.
///
/// Graphviz is optional: without it, `--dot` still writes the graph and ``installHint``
/// says how to get `dot` for `--svg`.
public enum Graphviz {
  /// How to install Graphviz, in one line.
  public static let installHint =
    "--svg needs Graphviz's dot program, which is not installed: install it with "
    + "'sudo apt-get install graphviz' (Debian, Ubuntu) or 'brew install graphviz' (macOS), "
    + "or write the graph with --dot FILE and render it elsewhere"

  /// The path of the `dot` executable found on `PATH`, or nil.
  public static func dotExecutable(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
    guard let searchPath else { return nil }
    for directory in searchPath.split(separator: ":") where !directory.isEmpty {
      let candidate = "\(directory)/dot"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Renders `dot` source to an SVG file at `path` with the executable at `executable`.
  public static func renderSVG(_ source: String, to path: String, using executable: String) throws(OutputError) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["-Tsvg", "-o", path]
    let input = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw OutputError("cannot run \(executable): \(error.localizedDescription)")
    }
    input.fileHandleForWriting.write(Data(source.utf8))
    try? input.fileHandleForWriting.close()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let firstLine = String(decoding: message, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
      throw OutputError("dot failed to write \(path) (exit \(process.terminationStatus)): \(firstLine)")
    }
  }
}
