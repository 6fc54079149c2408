import AutoDiff
import AutoDiffTeaching
import Testing

private func list(_ source: String, _ words: [String]) throws -> WengertList {
  let expression = try ExpressionParser.parse(source)
  return try WengertList(
    recording: expression, source: source, at: try VariableAssignment(parsing: words, for: expression))
}

private func recordingError(_ source: String, _ words: [String]) -> InputError? {
  do {
    _ = try list(source, words)
    return nil
  } catch let error as InputError {
    return error
  } catch {
    return nil
  }
}

@Suite("Wengert list")
struct WengertListTests {
  @Test("d = a·(a + b): two inputs, then add and multiply with their values and partials")
  func productOfSum() throws {
    let list = try list("a*(a+b)", ["a=2", "b=3"])
    #expect(list.inputCount == 2)
    #expect(list.operationCount == 2)
    #expect(list.entries.map(\.definition) == ["a", "b", "add(v0, v1)", "multiply(v0, v2)"])
    #expect(list.entries.map(\.value) == [2, 3, 5, 10])
    #expect(list.entries[2].partials == [1, 1])
    #expect(list.entries[3].partials == [5, 2])
    #expect(list.entries[3].source == "a*(a+b)")
    #expect(list.output == .entry(3))
    #expect(list.value == 10)
  }

  @Test("constants are folded into the lines that use them")
  func constantFolding() throws {
    let list = try list("x * (2 + 3) + sin(0)", ["x=4"])
    #expect(list.entries.map(\.definition) == ["x", "multiply(v0, 5)", "add(v1, 0)"])
    #expect(list.value == 20)
  }

  @Test("a constant integer power is one line with the exact rule")
  func integerPower() throws {
    let list = try list("3*x^3 - 5*x^2", ["x=1.5"])
    #expect(
      list.entries.map(\.definition) == [
        "x", "pow(v0, 3)", "multiply(3, v1)", "pow(v0, 2)", "multiply(5, v3)", "subtract(v2, v4)",
      ])
    #expect(list.value == -1.125)
    #expect(list.entries[1].dependencies.map(\.partial) == [3 * 1.5 * 1.5])
  }

  @Test("an operand used twice gives two dependencies on the same entry")
  func repeatedOperand() throws {
    let list = try list("x*x", ["x=3"])
    #expect(list.entries[1].dependencies.map(\.entry) == [0, 0])
    #expect(TangentSweep(over: list, seed: 0).derivative(of: list) == 6)
    #expect(AdjointSweep(over: list).gradient(of: list) == [6])
  }

  @Test("division by zero is an error pointing at the /")
  func divisionByZero() throws {
    let error = try #require(recordingError("a/(b-3)", ["a=2", "b=3"]))
    #expect(error.kind == .divisionByZero)
    #expect(error.location?.column == 2)
    #expect(error.message == "division by zero at column 2: the divisor (b-3) is 0 here")
    #expect(recordingError("x + 1/0", ["x=1"])?.kind == .divisionByZero)
  }

  @Test("an operation without a real value is an error pointing at it")
  func notReal() throws {
    let error = try #require(recordingError("1 + sqrt(x)", ["x=-1"]))
    #expect(error.kind == .notARealNumber)
    #expect(error.location?.column == 5)
    #expect(error.message.contains("sqrt(x) has no real value"))
    #expect(recordingError("log(x - 3)", ["x=1"])?.kind == .notARealNumber)
    #expect(recordingError("log(x)", ["x=0"]) == nil, "log(0) = −∞ is a value, not an error")
  }
}

@Suite("Wengert list sources")
struct WengertSourceTests {
  @Test("a line's source drops parentheses that enclose all of it, and only those")
  func parentheses() throws {
    let expression = try ExpressionParser.parse("((a+b))*(a) + (a)*(b)")
    let list = try WengertList(
      recording: expression, source: "((a+b))*(a) + (a)*(b)",
      at: try VariableAssignment(parsing: ["a=1", "b=2"], for: expression))
    #expect(list.entries.map(\.source) == ["a", "b", "a+b", "((a+b))*(a)", "(a)*(b)", "((a+b))*(a) + (a)*(b)"])
  }
}
