/// A problem with what the user typed: a syntax error, a bad number, an unknown or
/// missing variable, or an evaluation that has no real answer (such as division by zero).
///
/// ``message`` is one line that says what is wrong and how to fix it. When the problem
/// is at a place in the expression, ``location`` says where, and ``diagnostic`` adds the
/// expression with a caret under that place, as a compiler does:
///
/// ```text
/// error: expected ')' to close the '(' at column 3
///   a*(a+b
///         ^
/// ```
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of problem it is.
  public enum Kind: String, Sendable, Equatable, Codable {
    case syntax
    case badNumber
    case unknownFunction
    case wrongArity
    case unknownVariable
    case missingValue
    case badAssignment
    case divisionByZero
    case notARealNumber
    case noVariables
  }

  /// Where in a source text a problem is.
  public struct Location: Sendable, Equatable {
    /// The whole text (the expression as typed).
    public var source: String
    /// The characters concerned, as offsets in `Character`s from the start.
    public var span: Range<Int>

    /// The characters `span` of `source`.
    public init(source: String, span: Range<Int>) {
      self.source = source
      self.span = span
    }

    /// The 1-based column of the first character concerned.
    public var column: Int { span.lowerBound + 1 }
  }

  /// What kind of problem it is, for code that reacts to it.
  public var kind: Kind
  /// One line saying what is wrong.
  public var message: String
  /// Where in the expression the problem is, if at a place.
  public var location: Location?

  /// An error of `kind` with a one-line `message`.
  public init(_ kind: Kind, _ message: String, at location: Location? = nil) {
    self.kind = kind
    self.message = message
    self.location = location
  }

  public var description: String { message }

  /// `error: ` and the message, then, when there is a location, the source text and a
  /// caret line under it (`^` at the start, `~` under the rest of the span).
  public var diagnostic: String {
    // One line, whatever the input: messages quote the user's text, which may hold
    // newlines or other control characters.
    let oneLine = message.map { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true ? " " : String($0) }.joined()
    var lines = ["error: " + oneLine]
    if let location {
      let source = location.source.map { $0.isNewline ? " " : String($0) }.joined()
      lines.append("  " + source)
      let start = min(location.span.lowerBound, source.count)
      let length = max(1, min(location.span.count, source.count - start))
      lines.append(
        "  " + String(repeating: " ", count: start) + "^" + String(repeating: "~", count: length - 1))
    }
    return lines.joined(separator: "\n")
  }
}
