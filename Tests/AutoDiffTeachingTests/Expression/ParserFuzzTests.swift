import AutoDiffTeaching
import Foundation
import Testing

/// Random and mutated inputs for the `trace` pipeline: parse, assign, evaluate, sweep.
enum HostileExpressions {
  static let alphabet = Array("0123456789.eE+-*/^()abcxyz sincoexplogqrtahypt,=_!#$%\\\"'\t\n∂λé😀\u{0}")
  static let seeds = [
    "a*(a+b)", "sin(x)*y + exp(x/y)", "3*x^3 - 5*x^2", "-x^2", "pow(x, y) + atan2(y, x)",
    "log(1 + x*x) / (1 + sqrt(abs(x) + 1))", "hypot(a, b) - min(a, b) * max(a, 2)", "1e-3*x + 2.5E+2",
    "tanh(tanh(tanh(x)))", "x/(y-y)", "((((x))))", "erf(x) + gamma(x + 3)",
  ]

  static func input(_ k: Int, using g: inout SeededGenerator) -> String {
    if k.isMultiple(of: 2) {
      let length = Int.random(in: 0...24, using: &g)
      return String((0..<length).map { _ in alphabet.randomElement(using: &g)! })
    }
    var characters = Array(seeds.randomElement(using: &g)!)
    for _ in 0..<Int.random(in: 1...4, using: &g) {
      let position = Int.random(in: 0...characters.count, using: &g)
      let action = Int.random(in: 0..<3, using: &g)
      if action == 0 || characters.isEmpty {
        characters.insert(alphabet.randomElement(using: &g)!, at: position)
      } else if action == 1 {
        characters.remove(at: min(position, characters.count - 1))
      } else {
        characters[min(position, characters.count - 1)] = alphabet.randomElement(using: &g)!
      }
    }
    return String(characters)
  }

  static func values(using g: inout SeededGenerator) -> [String] {
    let names = ["a", "b", "x", "y", "z", "c", "q"]
    var words = names.shuffled(using: &g).prefix(Int.random(in: 0...4, using: &g)).map {
      "\($0)=\(["2", "-1.5", "0", "1e300", "nan", "x", "", "3..4", "inf"].randomElement(using: &g)!)"
    }
    if Int.random(in: 0..<10, using: &g) == 0 { words.append("=5") }
    return words
  }
}

@Suite("Fuzzing the expression pipeline with hostile input")
struct ParserFuzzTests {
  @Test("100,000 random and mutated inputs: a result or one error line, never a crash", .timeLimit(.minutes(5)))
  func hundredThousandInputs() {
    var g = SeededGenerator(seed: 0xBAD_1DEA)
    var parsed = 0
    var rejected = 0
    var malformed: [String] = []
    for k in 0..<100_000 {
      let source = HostileExpressions.input(k, using: &g)
      var words = HostileExpressions.values(using: &g)
      // Most of the time give every variable the expression names a value, so the input
      // reaches evaluation and both sweeps rather than stopping at the assignments.
      if Int.random(in: 0..<4, using: &g) != 0, let parsedExpression = try? ExpressionParser.parse(source) {
        words = parsedExpression.variables.map { "\($0)=\(["2", "-1.5", "0", "0.5", "1e300", "-0"].randomElement(using: &g)!)" }
      }
      do throws(InputError) {
        let trace = try ExpressionTrace(source, values: words)
        _ = trace.rendered()
        parsed += 1
      } catch {
        rejected += 1
        let lines = error.diagnostic.split(separator: "\n", omittingEmptySubsequences: false)
        let errorLines = lines.filter { $0.hasPrefix("error:") }
        if errorLines.count != 1 || lines.count > 3 || error.message.isEmpty {
          malformed.append("\(source.debugDescription) \(words): \(error.diagnostic.debugDescription)")
        }
      }
    }
    #expect(parsed > 1_000, "only \(parsed) inputs parsed: the mutations are too destructive to test evaluation")
    #expect(rejected > 10_000)
    #expect(malformed.isEmpty, "\(malformed.count) malformed diagnostics, e.g. \(malformed.prefix(3))")
  }

  @Test("300 hostile inputs through the built executable: exit status and one error line")
  func throughTheExecutable() throws {
    var g = SeededGenerator(seed: 0x5EED_C11)
    var problems: [String] = []
    for k in 0..<300 {
      let source = HostileExpressions.input(k, using: &g).replacingOccurrences(of: "\u{0}", with: "")
      let words = HostileExpressions.values(using: &g)
      let run = try AutodiffExecutable.run(["trace", source] + words)
      let errorLines = run.errorLines.filter { $0.hasPrefix("error:") }
      let crashed = run.standardError.contains("Fatal error") || run.standardError.contains("Backtrace")
      if crashed || (run.status == 0 && !errorLines.isEmpty) || (run.status != 0 && errorLines.count != 1) {
        problems.append("\(source.debugDescription) \(words): status \(run.status), stderr \(run.standardError.debugDescription)")
      }
    }
    #expect(problems.isEmpty, "\(problems.count) problems, e.g. \(problems.prefix(3))")
  }
}
