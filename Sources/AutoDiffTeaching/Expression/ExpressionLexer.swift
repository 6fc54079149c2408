/// One token of an expression's text.
struct Token: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case number(Double)
    case identifier(String)
    /// One of `+ - * / ^ ( ) ,`, with the Unicode spellings `− · × ÷` and Python's `**`
    /// already mapped onto them.
    case symbol(Character)
    case end
  }

  var kind: Kind
  /// Offsets in `Character`s.
  var span: Range<Int>
  /// The text as typed.
  var text: String
}

/// Splits an expression into tokens, reporting bad numbers and stray characters.
struct ExpressionLexer {
  private let characters: [Character]
  private let source: String
  private var position = 0

  init(_ source: String) {
    self.source = source
    self.characters = Array(source)
  }

  /// All tokens, ending with `.end`.
  static func tokens(of source: String) throws(InputError) -> [Token] {
    var lexer = ExpressionLexer(source)
    var tokens: [Token] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private func peek(_ offset: Int = 0) -> Character? {
    position + offset < characters.count ? characters[position + offset] : nil
  }

  private func text(_ span: Range<Int>) -> String { String(characters[span]) }

  private func location(_ span: Range<Int>) -> InputError.Location {
    InputError.Location(source: source, span: span)
  }

  mutating func next() throws(InputError) -> Token {
    while let c = peek(), c.isWhitespace { position += 1 }
    let start = position
    guard let c = peek() else { return Token(kind: .end, span: start..<start, text: "") }
    if c.isASCII && c.isNumber || c == "." { return try number() }
    if c.isLetter || c == "_" {
      while let d = peek(), d.isLetter || d.isNumber || d == "_" { position += 1 }
      return Token(kind: .identifier(text(start..<position)), span: start..<position, text: text(start..<position))
    }
    position += 1
    let symbol: Character
    switch c {
    case "+", "(", ")", ",", "^", "/": symbol = c
    case "-", "−": symbol = "-"
    case "·", "×", "⋅": symbol = "*"
    case "÷": symbol = "/"
    case "*":
      if peek() == "*" {
        position += 1
        symbol = "^"
      } else {
        symbol = "*"
      }
    default:
      throw InputError(
        .syntax, "unexpected character '\(c)' at column \(start + 1)", at: location(start..<position))
    }
    return Token(kind: .symbol(symbol), span: start..<position, text: text(start..<position))
  }

  /// Digits with an optional point and exponent: `2`, `0.5`, `.5`, `1e-3`, `6.02E23`.
  private mutating func number() throws(InputError) -> Token {
    let start = position
    while let c = peek(), c.isASCII && c.isNumber || c == "." { position += 1 }
    var exponentLacksDigits = false
    if let e = peek(), e == "e" || e == "E" {
      let signed = peek(1) == "+" || peek(1) == "-"
      let digit = peek(signed ? 2 : 1)
      if let digit, digit.isASCII && digit.isNumber {
        position += signed ? 2 : 1
        while let c = peek(), c.isASCII && c.isNumber { position += 1 }
      } else if signed || digit == nil || !(digit!.isLetter || digit == "_") {
        position += signed ? 2 : 1
        exponentLacksDigits = true
      }
    }
    let numeric = text(start..<position)
    // A number run straight into letters or more digits (`2x`, `1.2.3`, `3e5e2`) is one
    // bad token, not two good ones: "2x" most likely meant 2*x.
    while let c = peek(), c.isLetter || c.isNumber || c == "_" || c == "." { position += 1 }
    let span = start..<position
    let whole = text(span)
    let column = start + 1
    if exponentLacksDigits && whole == numeric {
      throw InputError(
        .badNumber, "bad number '\(whole)' at column \(column): an exponent needs digits, as in 1e-3",
        at: location(span))
    }
    if whole != numeric {
      if let _ = Double(numeric), let first = whole.dropFirst(numeric.count).first, first.isLetter || first == "_" {
        let name = whole.dropFirst(numeric.count)
        throw InputError(
          .badNumber,
          "bad number '\(whole)' at column \(column): write \(numeric)*\(name) for a product",
          at: location(span))
      }
      throw InputError(.badNumber, "bad number '\(whole)' at column \(column)", at: location(span))
    }
    guard numeric != ".", let value = Double(numeric) else {
      throw InputError(.badNumber, "bad number '\(whole)' at column \(column)", at: location(span))
    }
    return Token(kind: .number(value), span: span, text: whole)
  }
}
