import Foundation
import Testing

/// The two tables the tutorial works by hand, the forward trace with its tangents and the
/// reverse sweep with its adjoints, hold the values of the closed forms: each number is the
/// exact value rounded to the three decimals the page gives.
@Suite("Tutorial: the hand-worked tables hold the closed forms")
struct TutorialTableTests {
  /// The data rows, as cells, of the page's table whose header row starts with `| header |`.
  static func table(headedBy header: String) throws -> [[String]] {
    let lines = try TutorialFiles.read(TutorialFiles.articlePath).split(separator: "\n").map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix("| \(header) |") }, "no table headed \(header)")
    return lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map { row in
      row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }
  }

  /// The variable a row is about: its first cell up to " =".
  static func name(_ row: [String]) -> String {
    String(row[0].prefix { $0 != " " })
  }

  /// `cell`, a number with the typographic minus, is `exact` to three decimals: within
  /// half a unit of the third decimal (or exactly, for the integers).
  static func expectCell(_ cell: String, _ exact: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let number = Double(cell.replacingOccurrences(of: "−", with: "-")) else {
      Issue.record("\(what): \"\(cell)\" is not a number", sourceLocation: sourceLocation)
      return
    }
    #expect(abs(number - exact) <= 0.0005, "\(what): the table has \(cell), the value is \(exact)", sourceLocation: sourceLocation)
  }

  @Test("the forward trace: every value and tangent of f(x₁, x₂) = ln x₁ + x₁x₂ − sin x₂ at (2, 5), seed ẋ = (1, 0)")
  func forwardTable() throws {
    let (x1, x2) = (RunningExample.x1, RunningExample.x2)
    let expected: [(name: String, value: Double, tangent: Double)] = [
      ("v₋₁", x1, 1), ("v₀", x2, 0), ("v₁", log(x1), 1 / x1), ("v₂", x1 * x2, x2), ("v₃", sin(x2), 0),
      ("v₄", log(x1) + x1 * x2, 1 / x1 + x2), ("v₅", RunningExample.value, RunningExample.d1),
      ("y", RunningExample.value, RunningExample.d1),
    ]
    let rows = try Self.table(headedBy: "Primal trace")
    #expect(rows.map(Self.name) == expected.map(\.name))
    for (row, e) in zip(rows, expected) {
      try #require(row.count == 4, "\(row)")
      Self.expectCell(row[1], e.value, "\(e.name)")
      Self.expectCell(row[3], e.tangent, "the tangent of \(e.name)")
    }
  }

  @Test("the reverse sweep: every adjoint, ending in ∂y/∂x₂ = x₁ − cos x₂ and ∂y/∂x₁ = 1/x₁ + x₂")
  func reverseTable() throws {
    let expected: [(name: String, adjoint: Double)] = [
      ("v̄₅", 1), ("v̄₄", 1), ("v̄₃", -1), ("v̄₂", 1), ("v̄₁", 1), ("v̄₀", RunningExample.d2),
      ("v̄₋₁", RunningExample.d1),
    ]
    let rows = try Self.table(headedBy: "Adjoint")
    #expect(rows.map(Self.name) == expected.map(\.name))
    for (row, e) in zip(rows, expected) {
      try #require(row.count == 3, "\(row)")
      Self.expectCell(row[2], e.adjoint, "\(e.name)")
    }
  }
}
