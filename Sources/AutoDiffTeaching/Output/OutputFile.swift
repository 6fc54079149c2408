import Foundation

/// A file a command was asked to write could not be written.
public struct OutputError: Error, Sendable, CustomStringConvertible {
  /// One line saying what failed and why.
  public var message: String

  /// An error with the given one-line message.
  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

/// Writes the files the teaching commands produce (SVG plots, DOT graphs).
public enum OutputFile {
  /// Writes `text` to `path` as UTF-8, replacing any existing file.
  public static func write(_ text: String, to path: String) throws(OutputError) {
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      let directory = (path as NSString).deletingLastPathComponent
      var isDirectory: ObjCBool = false
      if !directory.isEmpty && !(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) {
        throw OutputError("cannot write \(path): the directory \(directory) does not exist")
      }
      throw OutputError("cannot write \(path): \(error.localizedDescription)")
    }
  }
}
