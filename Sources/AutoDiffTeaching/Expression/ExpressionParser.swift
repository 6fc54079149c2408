import AutoDiff

/// A recursive-descent parser for arithmetic expressions over named variables.
///
/// The grammar, loosest binding first:
///
/// ```text
/// expression     = additive end
/// additive       = multiplicative { ("+" | "-") multiplicative }
/// multiplicative = unary { ("*" | "/") unary }
/// unary          = ("-" | "+") unary | power
/// power          = primary [ "^" unary ]            -- right-associative
/// primary        = number | name | name "(" arguments ")" | "(" additive ")"
/// ```
///
/// So `-a^2` is −(a²), `a^b^c` is a^(b^c), and `2^-1` is 0.5, as in mathematics.
/// Numbers are decimal with an optional exponent (`1e-3`); `pi` (or `π`) is a constant;
/// functions are those of ``ExpressionFunction``. Unicode `−`, `·`, `×`, `÷` and
/// Python's `**` are accepted too.
///
/// Every error is an ``InputError`` with the position of the offending text.
public struct ExpressionParser {
  private let source: String
  private let tokens: [Token]
  private var index = 0

  /// Parses `source` into an ``Expression``.
  public static func parse(_ source: String) throws(InputError) -> Expression {
    var parser = ExpressionParser(source: source, tokens: try ExpressionLexer.tokens(of: source))
    return try parser.parseExpression()
  }

  private init(source: String, tokens: [Token]) {
    self.source = source
    self.tokens = tokens
  }

  private var current: Token { tokens[index] }

  private mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  private func isSymbol(_ symbol: Character) -> Bool { current.kind == .symbol(symbol) }

  private func error(_ kind: InputError.Kind, _ message: String, at span: Range<Int>) -> InputError {
    // An empty span (the end of the text) still gets a caret, just past the last character.
    let shown = span.isEmpty ? span.lowerBound..<span.lowerBound + 1 : span
    return InputError(kind, message, at: InputError.Location(source: source, span: shown))
  }

  private func describe(_ token: Token) -> String {
    token.kind == .end ? "end of expression" : "'\(token.text)'"
  }

  private mutating func parseExpression() throws(InputError) -> Expression {
    if current.kind == .end {
      throw InputError(.syntax, "empty expression: give one such as \"a*(a+b)\"")
    }
    let expression = try parseAdditive()
    guard current.kind == .end else {
      let token = current
      let column = token.span.lowerBound + 1
      switch token.kind {
      case .symbol(")"):
        throw error(.syntax, "unmatched ')' at column \(column)", at: token.span)
      case .symbol(","):
        throw error(.syntax, "unexpected ',' at column \(column) outside a function call", at: token.span)
      default:
        throw error(
          .syntax, "unexpected \(describe(token)) at column \(column): expected an operator (+ - * / ^) before it",
          at: token.span)
      }
    }
    return expression
  }

  private mutating func parseAdditive() throws(InputError) -> Expression {
    var lhs = try parseMultiplicative()
    while isSymbol("+") || isSymbol("-") {
      let op = advance()
      let rhs = try parseMultiplicative()
      lhs = Expression(
        .binary(op.kind == .symbol("+") ? .add : .subtract, lhs, rhs),
        span: lhs.span.lowerBound..<rhs.span.upperBound, operatorPosition: op.span.lowerBound)
    }
    return lhs
  }

  private mutating func parseMultiplicative() throws(InputError) -> Expression {
    var lhs = try parseUnary()
    while isSymbol("*") || isSymbol("/") {
      let op = advance()
      let rhs = try parseUnary()
      lhs = Expression(
        .binary(op.kind == .symbol("*") ? .multiply : .divide, lhs, rhs),
        span: lhs.span.lowerBound..<rhs.span.upperBound, operatorPosition: op.span.lowerBound)
    }
    return lhs
  }

  private mutating func parseUnary() throws(InputError) -> Expression {
    if isSymbol("-") || isSymbol("+") {
      let op = advance()
      var operand = try parseUnary()
      let span = op.span.lowerBound..<operand.span.upperBound
      if op.kind == .symbol("+") {
        operand.span = span
        return operand
      }
      return Expression(.unary(.negate, operand), span: span, operatorPosition: op.span.lowerBound)
    }
    return try parsePower()
  }

  private mutating func parsePower() throws(InputError) -> Expression {
    let base = try parsePrimary()
    guard isSymbol("^") else { return base }
    let op = advance()
    let exponent = try parseUnary()
    return Expression(
      .binary(.pow, base, exponent), span: base.span.lowerBound..<exponent.span.upperBound,
      operatorPosition: op.span.lowerBound)
  }

  private mutating func parsePrimary() throws(InputError) -> Expression {
    let token = current
    let column = token.span.lowerBound + 1
    switch token.kind {
    case .number(let value):
      _ = advance()
      return Expression(.number(value), span: token.span)
    case .identifier(let name):
      _ = advance()
      if isSymbol("(") { return try parseCall(name: name, nameToken: token) }
      if let value = ExpressionFunction.constants[name] {
        return Expression(.number(value), span: token.span)
      }
      return Expression(.variable(name), span: token.span)
    case .symbol("("):
      _ = advance()
      let inner = try parseAdditive()
      guard isSymbol(")") else { throw missingClosingParenthesis(openedAt: token) }
      let close = advance()
      var grouped = inner
      grouped.span = token.span.lowerBound..<close.span.upperBound
      return grouped
    case .end:
      let after = index > 0 ? " after '\(tokens[index - 1].text)'" : ""
      throw error(
        .syntax, "unexpected end of expression\(after): expected a number, a variable or '('",
        at: token.span)
    default:
      throw error(
        .syntax, "unexpected \(describe(token)) at column \(column): expected a number, a variable or '('",
        at: token.span)
    }
  }

  private mutating func parseCall(name: String, nameToken: Token) throws(InputError) -> Expression {
    let open = advance()
    var arguments: [Expression] = []
    if !isSymbol(")") {
      arguments.append(try parseAdditive())
      while isSymbol(",") {
        _ = advance()
        arguments.append(try parseAdditive())
      }
    }
    guard isSymbol(")") else { throw missingClosingParenthesis(openedAt: open) }
    let close = advance()
    let span = nameToken.span.lowerBound..<close.span.upperBound
    let column = nameToken.span.lowerBound + 1
    guard let function = ExpressionFunction.named(name) else {
      var message = "unknown function '\(name)' at column \(column)"
      if let suggestion = ExpressionFunction.suggestion(for: name) {
        message += ": did you mean '\(suggestion)'?"
      } else {
        message += " (autodiff trace --help lists the functions)"
      }
      throw error(.unknownFunction, message, at: nameToken.span)
    }
    guard arguments.count == function.arity else {
      let plural = function.arity == 1 ? "argument" : "arguments"
      throw error(
        .wrongArity,
        "\(name) takes \(function.arity) \(plural), as in \(ExpressionFunction.usage(of: name, arity: function.arity)), "
          + "but got \(arguments.count) at column \(column)",
        at: span)
    }
    switch function {
    case .unary(let primitive):
      return Expression(.unary(primitive, arguments[0]), span: span, operatorPosition: nameToken.span.lowerBound)
    case .binary(let primitive):
      return Expression(
        .binary(primitive, arguments[0], arguments[1]), span: span, operatorPosition: nameToken.span.lowerBound)
    }
  }

  private func missingClosingParenthesis(openedAt open: Token) -> InputError {
    let token = current
    let found = token.kind == .end ? "" : ", found \(describe(token))"
    return error(
      .syntax,
      "expected ')' at column \(token.span.lowerBound + 1) to close the '(' at column \(open.span.lowerBound + 1)\(found)",
      at: token.span)
  }
}
