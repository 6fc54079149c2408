import AutoDiff
import AutoDiffTeaching
import Testing

/// A misuse of the teaching API stops with a message that says what was wrong, in
/// `-c release` as in debug (`precondition` would trap silently there). Each check runs in
/// a child process (an exit test), which must fail and must have printed the message.
@Suite("Teaching API misuse messages")
struct MisuseMessageTests {
  @Test("SineMixture with no outputs names the count")
  func sineMixtureNoOutputs() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SineMixture(outputCount: 0)
    }
    #expect(standardError(of: result).contains("SineMixture: outputCount must be at least 1, got 0"))
  }

  @Test("SineMixture of no inputs says so")
  func sineMixtureNoInputs() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SineMixture(outputCount: 2)([Double]())
    }
    #expect(standardError(of: result).contains("SineMixture: at least one input, got an empty array"))
  }

  @Test("measure with no runs names the count")
  func measureNoRuns() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = JacobianMethod.reverse.measure(inputCount: 2, outputCount: 2, runs: 0)
    }
    #expect(standardError(of: result).contains("JacobianMethod.measure: runs must be at least 1, got 0"))
  }

  @Test("measure with no inputs names the count")
  func measureNoInputs() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = JacobianMethod.forwardChunked.measure(inputCount: 0, outputCount: 2, runs: 1)
    }
    #expect(standardError(of: result).contains("JacobianMethod.measure: inputCount must be at least 1, got 0"))
  }

  @Test("ModeComparison with no runs stops before measuring")
  func comparisonNoRuns() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = ModeComparison(grid: .standard, runs: 0)
    }
    #expect(standardError(of: result).contains("ModeComparison: runs must be at least 1, got 0"))
  }

  @Test("ModeComparison with a zero count in its grid stops before measuring")
  func comparisonZeroCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let grid = ModeComparison.Grid(inputCounts: [1, 0], fixedOutputCount: 2, outputCounts: [1], fixedInputCount: 2)
      _ = ModeComparison(grid: grid, runs: 1)
    }
    #expect(standardError(of: result).contains("ModeComparison: every count of the grid must be at least 1"))
  }

  @Test("Formula with a variable listed twice names it")
  func formulaDuplicateVariable() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // try!: a parse failure would print its own error, which the check below rejects.
      _ = Formula(try! ExpressionParser.parse("a*b"), variables: ["a", "b", "a"])
    }
    #expect(standardError(of: result).contains("Formula: variable a is listed twice"))
  }

  @Test("Formula missing a variable of its expression names it")
  func formulaMissingVariable() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Formula(try! ExpressionParser.parse("a*b"), variables: ["a"])
    }
    #expect(standardError(of: result).contains("Formula: variable b of the expression is not in the variables [\"a\"]"))
  }

  @Test("Formula.value with the wrong number of values gives both counts")
  func formulaWrongArity() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Formula(try! ExpressionParser.parse("a*b")).value(at: [1.0])
    }
    #expect(standardError(of: result).contains("Formula: 1 values for 2 variables"))
  }

  @Test("TangentSweep seeded at an input the list does not have names it and the range")
  func tangentSweepNoSuchInput() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let expression = try! ExpressionParser.parse("a*(a+b)")
      let list = try! WengertList(
        recording: expression, source: "a*(a+b)", at: try! VariableAssignment(parsing: ["a=2", "b=3"], for: expression))
      _ = TangentSweep(over: list, seed: 2)
    }
    #expect(standardError(of: result).contains("TangentSweep: no input 2; the list has 2 inputs (0 to 1)"))
  }
}
