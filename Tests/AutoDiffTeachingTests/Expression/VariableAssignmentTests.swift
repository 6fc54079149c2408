import AutoDiffTeaching
import Testing

private func assignment(_ expression: String, _ words: [String]) throws -> VariableAssignment {
  try VariableAssignment(parsing: words, for: try ExpressionParser.parse(expression))
}

private func assignmentError(_ expression: String, _ words: [String]) -> InputError? {
  do {
    _ = try assignment(expression, words)
    return nil
  } catch let error as InputError {
    return error
  } catch {
    return nil
  }
}

@Suite("Variable values from name=value words")
struct VariableAssignmentTests {
  @Test("values follow the expression's order, whatever order they are given in")
  func order() throws {
    let point = try assignment("a*(a+b)", ["b=3", "a=2"])
    #expect(point.names == ["a", "b"])
    #expect(point.values == [2, 3])
  }

  @Test("a value may be a negative number, an exponent or a constant expression")
  func values() throws {
    let point = try assignment("x + y + z", ["x=-1.5", "y=1e-3", "z=pi/4"])
    #expect(point.values == [-1.5, 1e-3, Double.pi / 4])
  }

  @Test(
    "bad words are refused with one line naming the problem",
    arguments: [
      ("a*b", ["a=1"], InputError.Kind.missingValue, "missing value for variable 'b': add b=VALUE"),
      ("a*b", ["a=1", "b=2", "c=3"], .unknownVariable, "unknown variable 'c' in 'c=3': the expression uses only a, b"),
      ("a*b", ["a=1", "b=x"], .badNumber, "bad number 'x' for variable b in 'b=x'"),
      ("a*b", ["a=1", "b=1e"], .badNumber, "bad number '1e'"),
      ("a*b", ["a=1", "b="], .badNumber, "missing number for variable b"),
      ("a*b", ["a=1", "b=1/0"], .badNumber, "bad number '1/0'"),
      ("a*b", ["a=1", "b2"], .badAssignment, "expected NAME=VALUE such as a=2, got 'b2'"),
      ("a*b", ["a=1", "a=2", "b=3"], .badAssignment, "variable a is given twice"),
      ("a*b", ["=1"], .badAssignment, "is not a name"),
      ("sin*x", ["x=1"], .missingValue, "to call the function sin, write sin(x)"),
    ])
  func errors(expression: String, words: [String], kind: InputError.Kind, message: String) {
    let error = assignmentError(expression, words)
    #expect(error?.kind == kind)
    #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    #expect(error?.diagnostic.contains("\n") == false)
  }
}
