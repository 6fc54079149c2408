/// A matrix drawn as a grid of cells with ``SVGDocument``: thin grid lines, a filled
/// rectangle for each cell that has a fill, an optional label in it, row numbers on the
/// left and column numbers above, and a frame. The pictures of sparsity patterns,
/// colourings and compressed matrices are made of these.
struct MatrixGrid {
  var rows: Int
  var columns: Int
  /// The top-left corner of the cells.
  var x: Double
  var y: Double
  var cellWidth: Double
  var cellHeight: Double
  /// The label above the column numbers.
  var title: String

  var width: Double { Double(columns) * cellWidth }
  var height: Double { Double(rows) * cellHeight }

  /// Space the numbers take above and to the left of the cells.
  static let labelMargin = 22.0

  /// Numbers every index when the cells are large enough to hold them, else every fifth.
  func labelStep(_ cell: Double) -> Int { cell >= 13 ? 1 : 5 }

  /// Draws the grid; `fill` gives a cell's colour (nil leaves it white), `label` its text.
  func draw(
    in document: inout SVGDocument, fill: (Int, Int) -> String?,
    label: (Int, Int) -> (text: String, color: String)? = { _, _ in nil },
    columnName: (Int) -> String = { String($0) }, rowName: (Int) -> String = { String($0) }
  ) {
    document.text(title, at: (x + width / 2, y - Self.labelMargin - 6), anchor: .middle, size: 13, weight: "bold")
    let fontSize = Swift.min(11, Swift.max(8, Swift.min(cellWidth, cellHeight) * 0.6))
    for j in stride(from: 0, to: columns, by: labelStep(cellWidth)) {
      document.text(
        columnName(j), at: (x + (Double(j) + 0.5) * cellWidth, y - 6), anchor: .middle, size: fontSize,
        fill: "#555555")
    }
    for i in stride(from: 0, to: rows, by: labelStep(cellHeight)) {
      document.text(
        rowName(i), at: (x - 5, y + (Double(i) + 0.5) * cellHeight + fontSize * 0.35), anchor: .end,
        size: fontSize, fill: "#555555")
    }
    for i in 1..<Swift.max(rows, 1) {
      let py = y + Double(i) * cellHeight
      document.line(from: (x, py), to: (x + width, py), stroke: "#e0e0e0")
    }
    for j in 1..<Swift.max(columns, 1) {
      let px = x + Double(j) * cellWidth
      document.line(from: (px, y), to: (px, y + height), stroke: "#e0e0e0")
    }
    for i in 0..<rows {
      for j in 0..<columns {
        let left = x + Double(j) * cellWidth
        let top = y + Double(i) * cellHeight
        if let color = fill(i, j) {
          document.rectangle(
            x: left + 0.5, y: top + 0.5, width: cellWidth - 1, height: cellHeight - 1, fill: color)
        }
        if let (text, color) = label(i, j) {
          document.text(
            text, at: (left + cellWidth / 2, top + cellHeight / 2 + fontSize * 0.35), anchor: .middle,
            size: fontSize, fill: color)
        }
      }
    }
    document.rectangle(x: x, y: y, width: width, height: height, stroke: "#555555")
  }
}
