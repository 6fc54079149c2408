import AutoDiffTeaching
import Testing

@Suite("Text tables")
struct TextTableTests {
  @Test("columns are as wide as their widest cell, aligned left or right, with a rule")
  func alignment() {
    var table = TextTable(columns: [.init("entry"), .init("value", alignment: .right)], indent: "")
    table.append(["v̇0", "7"])
    table.append(["v12", "-1.125"])
    #expect(
      table.rendered() == """
        entry   value
        ─────  ──────
        v̇0          7
        v12    -1.125
        """)
  }

  @Test("missing cells are blank and trailing spaces are trimmed")
  func missingCells() {
    var table = TextTable(columns: [.init("a"), .init("b")], indent: "  ")
    table.append(["x"])
    let lines = table.rendered().split(separator: "\n")
    #expect(lines.last == "  x")
    #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
  }
}
