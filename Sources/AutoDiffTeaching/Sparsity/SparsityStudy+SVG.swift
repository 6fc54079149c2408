// The study as pictures: `autodiff sparsity --svg PREFIX`.
extension SparsityStudy {
  /// The fill of a pattern entry in the uncoloured picture.
  public static let entryFill = "#333333"

  /// The side of a cell: large for small matrices, never below 8 pixels.
  var cellSize: Double {
    let largest = Swift.max(pattern.rowCount, pattern.columnCount, 1)
    return Swift.min(26, Swift.max(8, (420 / Double(largest)).rounded(.down)))
  }

  /// About how wide `text` is drawn at `size` points (Helvetica's average character is a
  /// little over half an em; bold a little more): enough to size a drawing around it.
  static func estimatedWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
    Double(text.count) * size * (bold ? 0.62 : 0.56)
  }

  /// The colour of the vertex entry (i, j) belongs to: its column's, its row's, or
  /// variable j's.
  func colorOfEntry(row i: Int, column j: Int) -> Int {
    coloring.colors[compression == .rows ? i : j]
  }

  /// The pattern as a grid of filled cells.
  public func patternSVG() -> String {
    let s = cellSize
    let left = 56.0
    let top = 100.0
    let grid = MatrixGrid(
      rows: pattern.rowCount, columns: pattern.columnCount, x: left, y: top, cellWidth: s, cellHeight: s,
      title: "\(matrixName): \(pattern.rowCount) × \(pattern.columnCount)")
    let title =
      "Sparsity pattern of \(matrixName) (\(detection == .local ? "local detection at x" : "global detection")): "
      + "\(pattern.nonzeroCount) of \(pattern.rowCount * pattern.columnCount) entries"
    let notes = [
      "■ an entry that may be non-zero   □ a structural zero",
      boundSentence.prefix(1).uppercased() + boundSentence.dropFirst(),
    ]
    let width = [
      left + grid.width + 40, 480, Self.estimatedWidth(title, size: 15, bold: true) + 40,
      Self.estimatedWidth(headingFormula, size: 12) + 40,
    ].max() ?? 0
    let height = top + grid.height + 30 + Double(notes.count) * 18
    var document = SVGDocument(width: width, height: height)
    document.text(title, at: (width / 2, 26), anchor: .middle, size: 15, weight: "bold")
    document.text(headingFormula, at: (width / 2, 46), anchor: .middle, size: 12, fill: "#444444")
    grid.draw(in: &document) { i, j in pattern.contains(row: i, column: j) ? Self.entryFill : nil }
    var y = top + grid.height + 34
    for note in notes {
      document.text(note, at: (left, y), size: 12, fill: "#444444")
      y += 18
    }
    return document.rendered()
  }

  /// The pattern with each entry filled in the colour of its column (row, variable), the
  /// colour of each vertex in a strip beside it, and a legend of the colour classes.
  public func coloringSVG() -> String {
    let s = cellSize
    let left = 56.0
    let top = 100.0
    let c = coloring.colorCount
    let grid = MatrixGrid(
      rows: pattern.rowCount, columns: pattern.columnCount, x: left, y: top, cellWidth: s, cellHeight: s,
      title: "\(matrixName), each entry in its \(compression == .rows ? "row" : "column")'s colour")
    let stripGap = 8.0
    // The strip: below the grid for columns and variables, right of it for rows.
    let gridRight = left + grid.width + (compression == .rows ? stripGap + s : 0)
    let gridBottom = top + grid.height + (compression == .rows ? 0 : stripGap + s)
    let legendTop = gridBottom + 40
    let lineHeight = 18.0
    let legendLines = [countLine] + (compression == .symmetric ? [starBoundNote] : [])
    let legendHeight = Double(legendLines.count + c) * lineHeight
    let longest = (0..<c).map { Self.estimatedWidth(legendText(color: $0), size: 12) }.max() ?? 0
    let legendWidth = legendLines.map { Self.estimatedWidth($0, size: 13, bold: true) }.max() ?? 0
    let width = [
      gridRight + 40 + (compression == .rows ? 0 : Self.estimatedWidth(stripLabel, size: 11) + 10),
      left + 26 + longest + 20, left + legendWidth + 20, 480,
      Self.estimatedWidth(coloringTitle, size: 15, bold: true) + 40,
      Self.estimatedWidth(coloringRule, size: 12) + 40,
    ].max() ?? 0
    let height = legendTop + legendHeight + 20
    var document = SVGDocument(width: width, height: height)
    document.text(coloringTitle, at: (width / 2, 26), anchor: .middle, size: 15, weight: "bold")
    document.text(coloringRule, at: (width / 2, 46), anchor: .middle, size: 12, fill: "#444444")
    grid.draw(in: &document) { i, j in
      pattern.contains(row: i, column: j) ? ColoringPalette.color(colorOfEntry(row: i, column: j)) : nil
    }
    for v in 0..<coloredVertexCount {
      let fill = ColoringPalette.color(coloring.colors[v])
      if compression == .rows {
        document.rectangle(
          x: left + grid.width + stripGap + 0.5, y: top + Double(v) * s + 0.5, width: s - 1, height: s - 1,
          fill: fill)
      } else {
        document.rectangle(
          x: left + Double(v) * s + 0.5, y: top + grid.height + stripGap + 0.5, width: s - 1, height: s - 1,
          fill: fill)
      }
    }
    if compression == .rows {
      document.text(
        stripLabel, at: (left + grid.width + stripGap + s, top + grid.height + 16), anchor: .end, size: 11,
        fill: "#555555")
    } else {
      document.text(
        stripLabel, at: (left + grid.width + 8, top + grid.height + stripGap + s / 2 + 4), size: 11,
        fill: "#555555")
    }
    var y = legendTop
    for (index, line) in legendLines.enumerated() {
      document.text(line, at: (left, y), size: 13, weight: index == 0 ? "bold" : nil)
      y += lineHeight
    }
    for color in 0..<c {
      document.rectangle(x: left, y: y - 11, width: 13, height: 13, fill: ColoringPalette.color(color))
      document.text(legendText(color: color), at: (left + 20, y), size: 12)
      y += lineHeight
    }
    return document.rendered()
  }

  /// The product that compresses the derivative, drawn: J · S = J·S (or Sᵀ · J = Sᵀ·J,
  /// H · S = H·S), every cell of the compressed matrix labelled with the entries that
  /// were added into it and filled in its colour (pale when it holds a sum that is not
  /// read).
  public func compressedSVG() -> String {
    let s = cellSize
    let c = coloring.colorCount
    let m = pattern.rowCount
    let n = pattern.columnCount
    let top = 110.0
    let gap = 34.0
    let labels = s >= 13
    // Compressed cells are widened to hold their labels.
    let longestLabel = cellEntries.flatMap { $0 }.map { label(of: $0).count }.max() ?? 1
    let compressedWidth = labels ? Swift.max(s, 10 + 7.2 * Double(longestLabel)) : s

    var grids: [MatrixGrid] = []
    var x = 56.0
    let shapes: [(rows: Int, columns: Int, width: Double, title: String)]
    switch compression {
    case .columns, .symmetric:
      shapes = [
        (m, n, s, "\(matrixName) (\(m) × \(n))"), (n, c, s, "S (\(n) × \(c))"),
        (m, c, compressedWidth, "\(compressedName) (\(m) × \(c))"),
      ]
    case .rows:
      shapes = [
        (c, m, s, "Sᵀ (\(c) × \(m))"), (m, n, s, "J (\(m) × \(n))"),
        (c, n, compressedWidth, "Sᵀ·J (\(c) × \(n))"),
      ]
    }
    for shape in shapes {
      grids.append(
        MatrixGrid(
          rows: shape.rows, columns: shape.columns, x: x, y: top, cellWidth: shape.width, cellHeight: s,
          title: shape.title))
      x += Double(shape.columns) * shape.width + gap + 20
    }
    let right = x - gap - 20
    let tallest = grids.map(\.height).max() ?? 0
    let notes = compressedNotes
    let width = [
      right + 40, 560, Self.estimatedWidth(compressedTitle, size: 15, bold: true) + 40,
      Self.estimatedWidth(compressedRule, size: 12) + 40,
      (notes.map { Self.estimatedWidth($0, size: 12) }.max() ?? 0) + 56 + 20,
    ].max() ?? 0
    let height = top + tallest + 40 + Double(notes.count) * 18 + 10
    var document = SVGDocument(width: width, height: height)
    document.text(compressedTitle, at: (width / 2, 26), anchor: .middle, size: 15, weight: "bold")
    document.text(compressedRule, at: (width / 2, 46), anchor: .middle, size: 12, fill: "#444444")
    // The operators between the matrices, at mid-height of the shortest.
    let shortest = grids.map(\.height).min() ?? 0
    for (index, symbol) in ["·", "="].enumerated() {
      let after = grids[index]
      document.text(
        symbol, at: (after.x + after.width + (gap + 20) / 2, top + shortest / 2 + 9), anchor: .middle, size: 30,
        weight: "bold")
    }

    let entryFill = { (i: Int, j: Int) -> String? in
      self.pattern.contains(row: i, column: j)
        ? ColoringPalette.color(self.colorOfEntry(row: i, column: j)) : nil
    }
    let seedFill = { (v: Int, color: Int) -> String? in
      self.coloring.colors[v] == color ? ColoringPalette.color(color) : nil
    }
    let compressedFill = { (r: Int, k: Int) -> String? in
      let summed = self.cellEntries[r][k]
      guard !summed.isEmpty else { return nil }
      let color = ColoringPalette.color(self.compression == .rows ? r : k)
      return ColoringPalette.tint(color, towardWhite: summed.count == 1 ? 0.45 : 0.85)
    }
    let compressedLabel = { (r: Int, k: Int) -> (text: String, color: String)? in
      let summed = self.cellEntries[r][k]
      guard labels, !summed.isEmpty else { return nil }
      return (self.label(of: summed), summed.count == 1 ? "#111111" : "#777777")
    }
    let colorName = { (k: Int) in String(Self.symbol(ofColor: k)) }
    switch compression {
    case .columns, .symmetric:
      grids[0].draw(in: &document, fill: entryFill)
      grids[1].draw(in: &document, fill: seedFill, columnName: colorName)
      grids[2].draw(in: &document, fill: compressedFill, label: compressedLabel, columnName: colorName)
    case .rows:
      grids[0].draw(in: &document, fill: { seedFill($1, $0) }, rowName: colorName)
      grids[1].draw(in: &document, fill: entryFill)
      grids[2].draw(in: &document, fill: compressedFill, label: compressedLabel, rowName: colorName)
    }
    var y = top + tallest + 40
    for note in notes {
      document.text(note, at: (56, y), size: 12, fill: "#333333")
      y += 18
    }
    return document.rendered()
  }

  /// The entries added into one compressed cell, by the index that varies: column
  /// numbers for J·S and H·S, row numbers for Sᵀ·J; past four, the first two and the
  /// last.
  func label(of summed: [Entry]) -> String {
    let indices = summed.map { String(compression == .rows ? $0.row : $0.column) }
    guard indices.count > 4 else { return indices.joined(separator: "+") }
    return "\(indices[0])+\(indices[1])+…+\(indices[indices.count - 1])"
  }

  /// Which colouring the lower bound bounds, and why.
  var boundSentence: String {
    switch compression {
    case .columns: return "a column colouring needs ≥ \(lowerBound) colours: \(lowerBoundReason)"
    case .rows: return "a row colouring needs ≥ \(lowerBound) colours: \(lowerBoundReason)"
    case .symmetric:
      return "a column colouring needs ≥ \(lowerBound) colours: \(lowerBoundReason) (a star colouring may need fewer)"
    }
  }

  var headingFormula: String { "\(formula) at xᵢ = 0.5 + 0.3·sin(i), n = \(size)" }

  var countLine: String {
    let c = coloring.colorCount
    return "\(c) colour\(c == 1 ? "" : "s"), lower bound \(lowerBound)"
      + (compression == .symmetric ? " for a column colouring (which needs \(columnColorCount))" : "")
  }

  /// What the strip of colours beside the grid is.
  var stripLabel: String {
    switch compression {
    case .columns: return "each column's colour"
    case .rows: return "each row's colour"
    case .symmetric: return "each variable's colour"
    }
  }

  var starBoundNote: String {
    "Symmetry lets a star colouring go below that bound: H[i][j] can also be read as H[j][i]."
  }

  var coloringTitle: String {
    let orderName = Self.name(of: order)
    switch compression {
    case .columns: return "Column colouring (\(orderName)) for forward mode: \(countLine)"
    case .rows: return "Row colouring (\(orderName)) for reverse mode: \(countLine)"
    case .symmetric: return "Star colouring (\(orderName)) of the variables: \(coloring.colorCount) colours"
    }
  }

  var coloringRule: String {
    switch compression {
    case .columns: return "Columns of one colour share no row, so one tangent lane can carry them all."
    case .rows: return "Rows of one colour share no column, so one cotangent can carry them all."
    case .symmetric:
      return "Neighbours differ, and every path i–j–k–l in the graph of H sees at least three colours."
    }
  }

  func legendText(color: Int) -> String {
    let members = coloring.members(ofColor: color)
    let singular = String(vertexNoun.dropLast())
    let shown = members.prefix(16).map(String.init).joined(separator: ", ") + (members.count > 16 ? ", …" : "")
    return "colour \(Self.symbol(ofColor: color)): \(members.count == 1 ? singular : vertexNoun) \(shown)"
  }

  var compressedTitle: String {
    let c = coloring.colorCount
    switch compression {
    case .columns:
      return "\(compressedName): \(c) forward tangent\(c == 1 ? "" : "s") instead of \(denseDirectionCount)"
    case .rows:
      return "\(compressedName): \(c) reverse cotangent\(c == 1 ? "" : "s") instead of \(denseDirectionCount)"
    case .symmetric:
      return "\(compressedName): \(c) Hessian–vector product\(c == 1 ? "" : "s") instead of \(denseDirectionCount)"
    }
  }

  var compressedRule: String {
    switch compression {
    case .columns: return "S has a 1 in row j under column j's colour; J·S adds up the columns of each colour."
    case .rows: return "Sᵀ has a 1 in column i over row i's colour; Sᵀ·J adds up the rows of each colour."
    case .symmetric: return "S has a 1 in row j under variable j's colour; H·S adds up the columns of each colour."
    }
  }

  var compressedNotes: [String] {
    switch compression {
    case .columns:
      return [
        "Each cell of J·S is labelled with the column of J that landed in it: one at most, since columns",
        "of one colour share no row. So J[i][j] = (J·S)[i][colour(j)], every entry read back unmixed.",
      ]
    case .rows:
      return [
        "Each cell of Sᵀ·J is labelled with the row of J that landed in it: one at most, since rows of",
        "one colour share no column. So J[i][j] = (Sᵀ·J)[colour(i)][j], every entry read back unmixed.",
      ]
    case .symmetric:
      return [
        "Each cell of H·S is labelled with the columns of H added into it. A cell with one column holds",
        "H[i][j] and is read: H[i][j] = (H·S)[i][colour(j)]. A pale cell holds a sum and is not read;",
        "each entry in it is read through its mirror H[j][i] = (H·S)[j][colour(i)], which the star",
        "colouring keeps alone in its cell.",
      ]
    }
  }
}
