import AutoDiffTeaching
import Foundation
import Testing

/// The built `autodiff` executable, run as a user runs it: what it prints, where, and
/// with which exit status.
@Suite("autodiff executable")
struct AutodiffExecutableTests {
  @Test("the executable is built next to the test bundle")
  func located() {
    #expect(AutodiffExecutable.path != nil, "\(AutodiffExecutable.Failure.notBuilt)")
  }

  @Test("a run that outlives its bound is killed and reported, not waited for")
  func timeout() throws {
    // compare at n = m = 4096 with 4096 runs takes hours; the bound here is 1 s.
    let start = ContinuousClock.now
    #expect {
      _ = try AutodiffExecutable.run(
        ["compare", "--inputs", "4096", "--fixed-inputs", "4096", "--outputs", "4096", "--fixed-outputs", "4096",
         "--runs", "4096", "--no-svg"],
        timeoutSeconds: 1)
    } throws: { error in
      "\(error)".contains("did not finish within 1 s and was killed")
    }
    // Killed at 1 s; 60 s bounds a slow machine's scheduling without waiting for the hours.
    #expect(ContinuousClock.now - start < .seconds(60))
  }

  @Test("trace \"a*(a+b)\" a=2 b=3: ∂/∂a = 7 and ∂/∂b = 2 from both sweeps, 2 forward passes vs 1 reverse")
  func traceAcceptance() throws {
    let run = try AutodiffExecutable.run(["trace", "a*(a+b)", "a=2", "b=3"])
    #expect(run.status == 0)
    #expect(run.standardError.isEmpty)
    let out = run.standardOutput
    #expect(out.contains("∂f/∂a = 7 (pass 1), ∂f/∂b = 2 (pass 2)"))
    #expect(out.contains("∂f/∂a = v̄0 = 7, ∂f/∂b = v̄1 = 2"))
    #expect(out.contains("(2 passes)"))
    #expect(out.contains("(1 pass)"))
    let work = out.split(separator: "\n").filter { $0.hasPrefix("  forward ") || $0.hasPrefix("  reverse ") }
    #expect(work.count == 2)
    #expect(work.first?.contains("      2  one tangent sweep per input") == true)
    #expect(work.last?.contains("      1  one adjoint sweep per output") == true)
  }

  @Test("trace --format json prints one JSON document")
  func traceJSON() throws {
    let run = try AutodiffExecutable.run(["trace", "a*(a+b)", "a=2", "b=3", "--format", "json"])
    #expect(run.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    let gradient = try #require(object["gradient"] as? [String: Any])
    #expect(gradient["forward"] as? [Double] == [7, 2])
    #expect(gradient["reverse"] as? [Double] == [7, 2])
  }

  @Test("an expression starting with a minus sign is an expression, not an option")
  func leadingMinus() throws {
    let run = try AutodiffExecutable.run(["trace", "-x^2", "x=3", "--format", "json"])
    #expect(run.status == 0, "\(run.standardError)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    #expect((object["gradient"] as? [String: Any])?["reverse"] as? [Double] == [-6])
  }

  @Test(
    "bad input: one error line on stderr (plus the caret under an expression), exit 2, nothing on stdout",
    arguments: [
      (["trace", "a*b", "a=1", "b=2", "c=3"], "error: unknown variable 'c'", nil as Int?),
      (["trace", "a*(a+b", "a=2", "b=3"], "error: expected ')' at column 7", 7),
      (["trace", "a+*b", "a=1", "b=2"], "error: unexpected '*' at column 3", 3),
      (["trace", "2x", "x=1"], "error: bad number '2x' at column 1", 1),
      (["trace", "x + 1e", "x=1"], "error: bad number '1e' at column 5", 5),
      (["trace", "a*b", "a=1", "b=1.2.3"], "error: bad number '1.2.3' for variable b", nil),
      (["trace", "a*b", "a=1"], "error: missing value for variable 'b'", nil),
      (["trace", "a/(b-3)", "a=2", "b=3"], "error: division by zero at column 2", 2),
      (["trace", "sine(x)", "x=1"], "error: unknown function 'sine' at column 1: did you mean 'sin'?", 1),
      (["trace", "pow(x)", "x=1"], "error: pow takes 2 arguments", 1),
      (["trace", "sqrt(x)", "x=-1"], "error: sqrt(x) has no real value", 1),
      (["trace", "2+3"], "error: the expression has no variables", nil),
      (["trace"], "error: no expression", nil),
      (["trace", "x", "x=1", "--formt", "json"], "error: unknown option '--formt'", nil),
      (["finite-difference", "--expression", "a*b", "--no-svg"], "error: finite-difference needs an expression in one variable", nil),
      (["finite-difference", "--at", "x", "--no-svg"], "error: bad number 'x' for --at", nil),
      (["compare", "--inputs", "1,two", "--no-svg"], "error: bad number 'two' for --inputs", nil),
      (["compare", "--runs", "0", "--no-svg"], "error: bad number 0 for --runs", nil),
      (["compare", "--fixed-outputs", "0", "--no-svg"], "error: bad number 0 for --fixed-outputs", nil),
      (["compare", "--inputs", ",", "--no-svg"], "error: bad number '' for --inputs", nil),
      (["trace", "x*y", "x=1", "y=2", "y=3"], "error: variable y is given twice", nil),
      (["finite-difference", "--at", "1e308", "--no-svg"], "error: 3*x^3 - 5*x^2 has no real value", 1),
    ])
  func badInput(arguments: [String], message: String, caretColumn: Int?) throws {
    let run = try AutodiffExecutable.run(arguments)
    #expect(run.status == 2, "\(arguments): \(run.standardError)")
    #expect(run.standardOutput.isEmpty, "\(arguments)")
    let lines = run.errorLines
    #expect(lines.first?.hasPrefix(message) == true, "\(arguments): \(lines)")
    #expect(lines.filter { $0.hasPrefix("error:") }.count == 1, "\(arguments): \(lines)")
    #expect(!run.standardError.contains("Fatal error") && !run.standardError.contains("Stack dump"))
    if let caretColumn {
      // The expression, then a caret under the column: "  " + (column − 1) spaces + "^".
      #expect(lines.count == 3, "\(lines)")
      let caret = lines.last ?? ""
      #expect(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) } == caretColumn + 1)
    } else {
      #expect(lines.count == 1, "\(lines)")
    }
  }

  @Test("--dot writes the graph; --svg draws it without Graphviz; a missing directory fails in one line")
  func graphOutputs() throws {
    let directory = try AutodiffExecutable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let dot = directory.appendingPathComponent("graph.dot")
    let written = try AutodiffExecutable.run(["trace", "a*(a+b)", "a=2", "b=3", "--dot", dot.path])
    #expect(written.status == 0)
    let text = try String(contentsOf: dot, encoding: .utf8)
    #expect(text.hasPrefix("digraph wengert {"))

    // PATH is an empty directory, so no dot program can be found even where one is installed.
    let svg = directory.appendingPathComponent("g.svg")
    let drawn = try AutodiffExecutable.run(
      ["trace", "a*(a+b)", "a=2", "b=3", "--svg", svg.path], path: directory.path)
    #expect(drawn.status == 0, "\(drawn.standardError)")
    let check = XMLCheck(try String(contentsOf: svg, encoding: .utf8))
    #expect(check.isWellFormed, "\(check.error ?? "")")
    // 2 inputs + 2 operations; 4 operand references.
    #expect(check.elements.filter { $0 == "rect" }.count == 1 + 4)
    #expect(check.elements.filter { $0 == "polyline" }.count == 4)

    for option in ["--dot", "--svg"] {
      let unwritable = try AutodiffExecutable.run(
        ["trace", "x", "x=1", option, directory.appendingPathComponent("missing/graph").path])
      #expect(unwritable.status == 1)
      #expect(unwritable.errorLines.count == 1)
      #expect(
        unwritable.standardError.hasPrefix(
          "error: cannot write \(directory.appendingPathComponent("missing/graph").path): the directory"))
    }
  }

  @Test("no arguments runs the demo: every check ✓, a summary line, exit 0")
  func demo() throws {
    let run = try AutodiffExecutable.run([])
    #expect(run.status == 0)
    let lines = run.standardOutput.split(separator: "\n")
    let summary = try #require(lines.last)
    #expect(summary.hasSuffix(" passed, 0 failed"))
    // The summary counts the ✓ lines printed, and there are as many as the library's
    // demo makes (so "0 passed, 0 failed" from an empty demo would not pass).
    let marked = lines.filter { $0.contains("✓") }.count
    #expect(summary == "\(marked) passed, 0 failed")
    #expect(marked == Demo.sections().flatMap(\.checks).count && marked >= 10, "\(marked) checks")
    #expect(!lines.contains { $0.contains("✗") })
  }

  @Test("finite-difference writes its table and a well-formed plot")
  func finiteDifference() throws {
    let directory = try AutodiffExecutable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try AutodiffExecutable.run(["finite-difference"], in: directory)
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("exact f′(1.5) = 5.25"))
    #expect(run.standardOutput.contains("wrote finite-difference.svg"))
    let plot = try String(contentsOf: directory.appendingPathComponent("finite-difference.svg"), encoding: .utf8)
    #expect(XMLCheck(plot).isWellFormed)
  }

  @Test("compare on a small grid prints JSON and writes a well-formed plot")
  func compare() throws {
    let directory = try AutodiffExecutable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let svg = directory.appendingPathComponent("c.svg")
    let run = try AutodiffExecutable.run([
      "compare", "--inputs", "1,4", "--fixed-outputs", "2", "--outputs", "1,4", "--fixed-inputs", "2", "--runs", "1",
      "--format", "json", "--svg", svg.path,
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    #expect((object["measurements"] as? [Any])?.count == 12)
    #expect(XMLCheck(try String(contentsOf: svg, encoding: .utf8)).isWellFormed)
  }

  @Test("every subcommand's help shows examples", arguments: ["demo", "trace", "compare", "finite-difference", "train"])
  func help(subcommand: String) throws {
    let run = try AutodiffExecutable.run([subcommand, "--help"])
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("Examples:"))
    #expect(run.standardOutput.contains("autodiff \(subcommand)") || subcommand == "demo")
  }
}
