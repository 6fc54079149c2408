/// Values for an expression's variables, read from `name=value` words such as `a=2`,
/// `b=-1e-3` or `theta=pi/4` (a value may be any expression without variables).
public struct VariableAssignment: Sendable, Equatable {
  /// The variables in the expression's order (first appearance) and their values.
  public var names: [String]
  /// The value of each of ``names``.
  public var values: [Double]

  /// Reads `words` as values for every variable of `expression`.
  ///
  /// - Throws: ``InputError`` for a word that is not `name=value`, a bad number, a
  ///   variable the expression does not use, a variable given twice, or a variable of the
  ///   expression with no value.
  public init(parsing words: [String], for expression: Expression) throws(InputError) {
    let variables = expression.variables
    var given: [String: (value: Double, word: String)] = [:]
    for word in words {
      guard let equals = word.firstIndex(of: "=") else {
        throw InputError(.badAssignment, "expected NAME=VALUE such as a=2, got '\(word)'")
      }
      let name = String(word[..<equals]).trimmingWhitespace()
      let text = String(word[word.index(after: equals)...]).trimmingWhitespace()
      guard let first = name.first, first.isLetter || first == "_",
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
      else {
        throw InputError(.badAssignment, "expected NAME=VALUE such as a=2, got '\(word)': '\(name)' is not a name")
      }
      guard variables.contains(name) else {
        let uses =
          variables.isEmpty
          ? "the expression has no variables"
          : "the expression uses only \(variables.joined(separator: ", "))"
        throw InputError(.unknownVariable, "unknown variable '\(name)' in '\(word)': \(uses)")
      }
      if let earlier = given[name] {
        throw InputError(.badAssignment, "variable \(name) is given twice ('\(earlier.word)' and '\(word)')")
      }
      given[name] = (try Self.number(text, for: name, in: word), word)
    }
    for name in variables where given[name] == nil {
      var message = "missing value for variable '\(name)': add \(name)=VALUE"
      if ExpressionFunction.named(name) != nil {
        message += " (or, to call the function \(name), write \(name)(x))"
      }
      throw InputError(.missingValue, message)
    }
    names = variables
    values = variables.map { given[$0]!.value }
  }

  /// The value text as a number: any finite expression without variables.
  static func number(_ text: String, for name: String, in word: String) throws(InputError) -> Double {
    let bad = InputError(.badNumber, "bad number '\(text)' for variable \(name) in '\(word)'")
    guard !text.isEmpty else {
      throw InputError(.badNumber, "missing number for variable \(name) in '\(word)': write \(name)=2, for example")
    }
    guard let expression = try? ExpressionParser.parse(text), expression.isConstant else { throw bad }
    let value = expression.constantValue
    guard value.isFinite else { throw bad }
    return value
  }
}

extension String {
  func trimmingWhitespace() -> String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}

/// Reads a number given to an option, such as `--at 1.5`: any finite expression without
/// variables (`-2`, `1e-3`, `pi/4`).
public enum PointValue {
  /// `text` as a number, or an ``InputError`` naming `option`.
  public static func parse(_ text: String, option: String) throws(InputError) -> Double {
    let trimmed = text.trimmingWhitespace()
    guard let expression = try? ExpressionParser.parse(trimmed), expression.isConstant,
      expression.constantValue.isFinite
    else {
      throw InputError(.badNumber, "bad number '\(trimmed)' for \(option): expected a number such as 1.5")
    }
    return expression.constantValue
  }
}
