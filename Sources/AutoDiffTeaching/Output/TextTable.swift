/// A table of text with aligned columns, for terminal output.
///
/// ```swift
/// var table = TextTable(columns: [.init("h"), .init("error", alignment: .right)])
/// table.append(["1e-1", "8.80e-01"])
/// print(table.rendered())
/// //   h     error
/// //   ────  ────────
/// //   1e-1  8.80e-01
/// ```
///
/// Widths count characters (grapheme clusters), so `v̇₂` and `∂` take one column each.
public struct TextTable: Sendable {
  /// How a column's cells line up.
  public enum Alignment: Sendable {
    case left, right
  }

  /// A column: its heading and alignment.
  public struct Column: Sendable {
    /// The text above the column (empty for an unlabelled column, which gets no rule).
    public var heading: String
    /// How cells line up.
    public var alignment: Alignment

    /// A column headed `heading`.
    public init(_ heading: String, alignment: Alignment = .left) {
      self.heading = heading
      self.alignment = alignment
    }
  }

  /// The columns, left to right.
  public var columns: [Column]
  /// The rows; each has one cell per column (missing cells are blank).
  public private(set) var rows: [[String]] = []
  /// Text put before every line.
  public var indent: String

  /// An empty table with the given columns.
  public init(columns: [Column], indent: String = "  ") {
    self.columns = columns
    self.indent = indent
  }

  /// Adds a row of cells.
  public mutating func append(_ cells: [String]) {
    rows.append(cells)
  }

  /// The table as lines of text: headings, a rule under them, then the rows.
  public func rendered() -> String {
    var widths = columns.map(\.heading.count)
    for row in rows {
      for (column, cell) in row.enumerated() where column < widths.count {
        widths[column] = max(widths[column], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      let padded = columns.indices.map { column -> String in
        let cell = column < cells.count ? cells[column] : ""
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        return columns[column].alignment == .left ? cell + padding : padding + cell
      }
      return indent + trimmingTrailingSpaces(padded.joined(separator: "  "))
    }
    var lines = [line(columns.map(\.heading))]
    let rules = zip(columns, widths).map { column, width in
      String(repeating: column.heading.isEmpty ? " " : "─", count: width)
    }
    lines.append(indent + trimmingTrailingSpaces(rules.joined(separator: "  ")))
    lines += rows.map(line)
    return lines.joined(separator: "\n")
  }

  private func trimmingTrailingSpaces(_ text: String) -> String {
    var text = text
    while text.last == " " { text.removeLast() }
    return text
  }
}
