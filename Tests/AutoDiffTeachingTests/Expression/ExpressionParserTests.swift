import AutoDiff
import AutoDiffTeaching
import RealModule
import Testing

/// The value of `text` with x = 0.7, y = −1.3, z = 2.5.
private func value(_ text: String) throws -> Double {
  let expression = try ExpressionParser.parse(text)
  let point: [String: Double] = ["x": 0.7, "y": -1.3, "z": 2.5]
  return expression.evaluate { point[$0]! }
}

/// The error `text` raises, or nil if it parses.
private func parseError(_ text: String) -> InputError? {
  do {
    _ = try ExpressionParser.parse(text)
    return nil
  } catch {
    return error
  }
}

@Suite("Expression parser")
struct ExpressionParserTests {
  @Test(
    "precedence and associativity follow mathematics",
    arguments: [
      ("1 + 2 * 3", 7.0),
      ("(1 + 2) * 3", 9),
      ("2 ^ 3 ^ 2", 512),
      ("-2 ^ 2", -4),
      ("2 ^ -1", 0.5),
      ("8 / 4 / 2", 1),
      ("8 - 4 - 2", 2),
      ("--3", 3),
      ("+3 - -3", 6),
      ("2 * -3", -6),
      ("1e-3 * 1E3", 1),
      (".5 + 5.", 5.5),
      ("2 ** 3", 8),
      ("6 ÷ 3 × 2 − 1", 3),
      ("2·pi", 2 * .pi),
      ("π", .pi),
    ])
  func precedence(text: String, expected: Double) throws {
    #expect(try value(text) == expected)
  }

  @Test("functions call AutoDiff's primitives, with the C spellings as aliases")
  func functions() throws {
    #expect(try value("sin(x)") == Double.sin(0.7))
    #expect(try value("sqrt(z)") == Double.sqrt(2.5))
    #expect(try value("squareRoot(z)") == Double.sqrt(2.5))
    #expect(try value("log1p(x)") == Double.log(onePlus: 0.7))
    #expect(try value("atan2(y, x)") == Double.atan2(y: -1.3, x: 0.7))
    #expect(try value("pow(z, x)") == Double.pow(2.5, 0.7))
    #expect(try value("hypot(x, y)") == Double.hypot(0.7, -1.3))
    #expect(try value("max(x, y) + min(x, y)") == 0.7 + -1.3)
    #expect(try value("erf(x)") == Double.erf(0.7))
    #expect(try value("abs(y)") == 1.3)
  }

  @Test("every unary primitive but negate is callable by its own name")
  func everyUnaryPrimitive() throws {
    for primitive in UnaryPrimitive.allCases where primitive != .negate {
      let expression = try ExpressionParser.parse("\(primitive.name)(x)")
      guard case .unary(let parsed, _) = expression.kind else {
        Issue.record("\(primitive.name)(x) did not parse to a unary node")
        continue
      }
      #expect(parsed == primitive)
    }
  }

  @Test("a function name not followed by ( is a variable")
  func functionNameAsVariable() throws {
    let expression = try ExpressionParser.parse("gamma * x")
    #expect(expression.variables == ["gamma", "x"])
  }

  @Test("variables are listed once, in order of first appearance")
  func variables() throws {
    #expect(try ExpressionParser.parse("b*a + a*c - b").variables == ["b", "a", "c"])
    #expect(try ExpressionParser.parse("α + β_2").variables == ["α", "β_2"])
    #expect(try ExpressionParser.parse("2 + pi").variables == [])
  }

  @Test("a constant integer exponent uses the exact integer power")
  func integerExponent() throws {
    #expect(try ExpressionParser.parse("x^3").integerExponent == 3)
    #expect(try ExpressionParser.parse("x^(1+1)").integerExponent == 2)
    #expect(try ExpressionParser.parse("x^-2").integerExponent == -2)
    #expect(try ExpressionParser.parse("x^0.5").integerExponent == nil)
    #expect(try ExpressionParser.parse("x^y").integerExponent == nil)
  }

  @Test("spans cover the text each node came from")
  func spans() throws {
    let expression = try ExpressionParser.parse("a*(a+b)")
    #expect(expression.span == 0..<7)
    #expect(expression.operatorPosition == 1)
    guard case .binary(.multiply, _, let sum) = expression.kind else {
      Issue.record("expected a product")
      return
    }
    #expect(sum.span == 2..<7)
    #expect(sum.operatorPosition == 4)
  }

  @Test("random expressions parse back to what they say", arguments: 0..<4)
  func roundTrip(stream: Int) throws {
    var generator = SeededGenerator(seed: 0xADD1_7E57 &+ UInt64(stream))
    for _ in 0..<50 {
      let sample = RandomExpression.make(depth: 4, using: &generator)
      let point = (0..<3).map { _ in Double.random(in: -1...1, using: &generator) }
      let expression = try ExpressionParser.parse(sample.text)
      let names = RandomExpression.variables
      let parsed = expression.evaluate { point[names.firstIndex(of: $0)!] }
      #expect(isClose(parsed, sample.evaluate(point)), "\(sample.text) at \(point), seed \(generator.seed)")
    }
  }

  @Test(
    "syntax errors name the problem and its column",
    arguments: [
      ("a*(a+b", InputError.Kind.syntax, 7, "expected ')' at column 7 to close the '(' at column 3"),
      ("a+", .syntax, 3, "unexpected end of expression after '+'"),
      ("a+*b", .syntax, 3, "unexpected '*' at column 3"),
      ("a b", .syntax, 3, "expected an operator"),
      ("(a))", .syntax, 4, "unmatched ')' at column 4"),
      ("a $ b", .syntax, 3, "unexpected character '$' at column 3"),
      ("a, b", .syntax, 2, "outside a function call"),
      ("()", .syntax, 2, "unexpected ')' at column 2"),
      ("2x", .badNumber, 1, "write 2*x for a product"),
      ("x + 1e", .badNumber, 5, "an exponent needs digits"),
      ("1e+", .badNumber, 1, "bad number '1e+'"),
      ("1.2.3", .badNumber, 1, "bad number '1.2.3'"),
      (".", .badNumber, 1, "bad number '.'"),
      ("sine(x)", .unknownFunction, 1, "did you mean 'sin'?"),
      ("frobnicate(x)", .unknownFunction, 1, "unknown function 'frobnicate'"),
      ("pow(x)", .wrongArity, 1, "pow takes 2 arguments"),
      ("sin(x, y)", .wrongArity, 1, "sin takes 1 argument"),
      ("x + atan2()", .wrongArity, 5, "but got 0"),
    ])
  func syntaxErrors(text: String, kind: InputError.Kind, column: Int, message: String) {
    let error = parseError(text)
    #expect(error?.kind == kind, "\(text)")
    #expect(error?.location?.column == column, "\(text): \(error?.message ?? "parsed")")
    #expect(error?.message.contains(message) == true, "\(text): \(error?.message ?? "parsed")")
    #expect(error?.message.contains("\n") == false)
  }

  @Test("an empty expression is an error without a position")
  func empty() {
    let error = parseError("   ")
    #expect(error?.kind == .syntax)
    #expect(error?.message.contains("empty expression") == true)
    #expect(error?.location == nil)
  }

  @Test("the diagnostic puts a caret under the error's column")
  func caret() throws {
    let error = try #require(parseError("a*(a+b"))
    let lines = error.diagnostic.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 3)
    #expect(lines[0] == "error: expected ')' at column 7 to close the '(' at column 3")
    #expect(lines[1] == "  a*(a+b")
    #expect(lines[2] == "        ^")
    let function = try #require(parseError("1 + sine(x)"))
    #expect(function.diagnostic.hasSuffix("\n      ^~~~"))
  }
}
