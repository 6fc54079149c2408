import AutoDiff
import AutoDiffTeaching
import Foundation
import Testing

@Suite("Expression trace: both sweeps, against AutoDiff")
struct ExpressionTraceTests {
  @Test("a·(a + b) at (2, 3): ∂/∂a = 7 and ∂/∂b = 2 from both sweeps; 2 forward passes, 1 reverse")
  func acceptance() throws {
    let trace = try ExpressionTrace("a*(a+b)", values: ["a=2", "b=3"])
    #expect(trace.forwardGradient == [7, 2])
    #expect(trace.reverseGradient == [7, 2])
    #expect(trace.tangentSweeps.map(\.tangents) == [[1, 0, 1, 7], [0, 1, 1, 2]])
    #expect(trace.adjointSweep.adjoints == [7, 2, 2, 1])
    #expect(trace.forwardWork == .init(passes: 2, operations: 4))
    #expect(trace.reverseWork == .init(passes: 1, operations: 4))
    #expect(trace.libraryGradient.reverse == [7, 2])
    #expect(trace.libraryGradient.forward == [7, 2])
    #expect(trace.sweepsAgree)
  }

  @Test("the adjoint of a shared input sums one term per use, in sweep order")
  func adjointTerms() throws {
    let trace = try ExpressionTrace("a*(a+b)", values: ["a=2", "b=3"])
    let terms = trace.adjointSweep.terms[0]
    #expect(terms.map(\.from) == [3, 2])
    #expect(terms.map(\.partial) == [5, 1])
    #expect(terms.map(\.adjoint) == [1, 2])
  }

  @Test("random expressions: forward and reverse sweeps agree with each other and with AutoDiff", arguments: 0..<4)
  func crossCheck(stream: Int) throws {
    var generator = SeededGenerator(seed: 0x7ACE_0000 &+ UInt64(stream))
    var checked = 0
    for _ in 0..<40 {
      let sample = RandomExpression.make(depth: 4, using: &generator)
      let point = (0..<3).map { _ in Double.random(in: -1...1, using: &generator) }
      let expression = try ExpressionParser.parse(sample.text)
      let words = zip(RandomExpression.variables, point)
        .filter { expression.variables.contains($0.0) }.map { "\($0)=\($1)" }
      guard !expression.variables.isEmpty else { continue }
      let trace = try ExpressionTrace(sample.text, values: words)
      let formula = Formula(expression, variables: trace.point.names)
      let x = trace.point.values
      let reverse = gradient(of: { formula.value(at: $0) }, at: x)
      let forward = jacobian(of: formula, at: x, mode: .forward)[0]
      let unchunked = jacobian(of: { formula($0) }, at: x, mode: ForwardMode<1>())[0]
      let context = "\(sample.text) at \(words), seed \(generator.seed)"
      checked += 1
      // The trace's hand-made sweeps against the library: each entry is a short chain of
      // rounded products of O(1) partials, summed in different orders, so 1e-12 bounds
      // the gap (isClose's default) and fails any wrong partial or missed term.
      #expect(isClose(trace.forwardGradient, trace.reverseGradient), "\(context)")
      #expect(isClose(trace.reverseGradient, reverse), "\(context)")
      #expect(isClose(trace.forwardGradient, forward), "\(context)")
      #expect(isClose(trace.forwardGradient, unchunked), "\(context)")
      #expect(trace.list.value == formula.value(at: x), "\(context)")
      #expect(trace.forwardWork.passes == x.count)
      #expect(trace.reverseWork.passes == 1)
    }
    // Expressions without variables are skipped; half of RandomExpression's leaves are
    // variables, so most expressions have one (the seeded streams give 30 or more of
    // 40). At least half must have been checked, or this test checked little.
    #expect(checked >= 20, "only \(checked) of 40 expressions had variables")
  }

  @Test("the text shows the list, both sweeps, the gradient and the work")
  func text() throws {
    let text = try ExpressionTrace("a*(a+b)", values: ["a=2", "b=3"]).rendered()
    for expected in [
      "v2     add(v0, v1)", "v3     multiply(v0, v2)", "∂/∂v0 = 5, ∂/∂v2 = 2",
      "one tangent sweep per input, top to bottom (2 passes)", "5·v̇0 + 2·v̇2",
      "one adjoint sweep from the output, bottom to top (1 pass)", "5·v̄3 + v̄2",
      "∂f/∂a = 7 (pass 1), ∂f/∂b = 2 (pass 2)", "∂f/∂a = v̄0 = 7, ∂f/∂b = v̄1 = 2",
      "✓ AutoDiff: gradient(of:at:) = [7, 2]",
    ] {
      #expect(text.contains(expected), "missing: \(expected)")
    }
    let gradientRows = text.split(separator: "\n").filter { $0.hasPrefix("  ∂f/∂") && !$0.contains("=") }
    #expect(gradientRows.count == 2)
    #expect(gradientRows.allSatisfy { $0.hasSuffix("✓ equal") })
    let workRows = text.split(separator: "\n").filter { $0.hasPrefix("  forward ") || $0.hasPrefix("  reverse ") }
    #expect(workRows.count == 2)
    #expect(workRows[0].contains(" 2  one tangent sweep per input"))
    #expect(workRows[1].contains(" 1  one adjoint sweep per output"))
  }

  @Test("the JSON report carries the same numbers")
  func json() throws {
    let trace = try ExpressionTrace("a*(a+b)", values: ["a=2", "b=3"])
    let text = try JSONOutput.encode(trace.report)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let gradient = try #require(object["gradient"] as? [String: Any])
    #expect(gradient["forward"] as? [Double] == [7, 2])
    #expect(gradient["reverse"] as? [Double] == [7, 2])
    #expect(gradient["agree"] as? Bool == true)
    let work = try #require(object["work"] as? [String: [String: Int]])
    #expect(work["forward"]?["passes"] == 2)
    #expect(work["reverse"]?["passes"] == 1)
    #expect((object["entries"] as? [Any])?.count == 4)
  }

  @Test("non-finite values encode as strings in JSON")
  func nonFiniteJSON() throws {
    let trace = try ExpressionTrace("log(x)", values: ["x=0"])
    let text = try JSONOutput.encode(trace.report)
    #expect(text.contains("\"-inf\""))
    #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
  }

  @Test("an expression without variables is refused")
  func noVariables() {
    #expect(throws: InputError.self) { try ExpressionTrace("2 + 3", values: []) }
    do {
      _ = try ExpressionTrace("2 + 3", values: [])
    } catch {
      #expect(error.kind == .noVariables)
    }
  }

  @Test("the DOT graph has a node per entry, an edge per dependency, constants as text")
  func dot() throws {
    let dot = try ExpressionTrace("3*x^2 + y", values: ["x=1", "y=2"]).dot()
    #expect(dot.hasPrefix("digraph wengert {"))
    #expect(dot.hasSuffix("}\n"))
    #expect(dot.contains("v0 [label=\"v0 = x\\nvalue 1\\nv̄ = 6\""))
    #expect(dot.contains("v0 -> v2 [label=\"∂/∂v0 = 2\"]"))
    #expect(dot.contains("[shape=plaintext, label=\"3\"]"))
    #expect(dot.contains("peripheries=2"))
    let edges = dot.split(separator: "\n").filter { $0.contains("->") }
    // x → pow, 2 → pow, 3 → multiply, pow → multiply, multiply → add, y → add.
    #expect(edges.count == 6)
  }
}
