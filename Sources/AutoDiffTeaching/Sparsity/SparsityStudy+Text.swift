import AutoDiff

// The study for the terminal: `autodiff sparsity`.
extension SparsityStudy {
  /// The largest n whose decompressed matrix is printed in full; past it, a line per
  /// entry would flood the terminal and JSON lists them instead.
  public static let largestPrintedSize = 16

  /// The function, the pattern, the colouring, S, B, the decompressed derivative and the
  /// checks, as text with • · and one digit per colour.
  public func rendered() -> String {
    [heading, patternSection, coloringSection, seedSection, compressedSection, derivativeSection, checkSection]
      .joined(separator: "\n\n")
  }

  /// What is differentiated, and where.
  var heading: String {
    let n = size
    let space = "R\(NumberFormat.superscript(n))"
    let what: String
    switch example.derivative {
    case .jacobian: what = "Sparse Jacobian of F: \(space) → \(space), \(example.summary)"
    case .hessian: what = "Sparse Hessian of \(example == .chain ? "g" : "f"): \(space) → R, \(example.summary)"
    }
    return """
      \(what)
        \(formula)
        at xᵢ = 0.5 + 0.3·sin(i), i = 0 … \(n - 1)
      """
  }

  /// The letter of the derivative: J or H.
  var matrixName: String { example.derivative == .jacobian ? "J" : "H" }

  /// B's name: J·S, Sᵀ·J or H·S.
  public var compressedName: String {
    switch compression {
    case .columns: return "J·S"
    case .rows: return "Sᵀ·J"
    case .symmetric: return "H·S"
    }
  }

  /// What the colouring colours, in the plural: columns, rows or variables.
  var vertexNoun: String {
    switch compression {
    case .columns: return "columns"
    case .rows: return "rows"
    case .symmetric: return "variables"
    }
  }

  var patternSection: String {
    let where_ = detection == .local ? "local detection at x" : "global detection, for every x"
    return """
      Pattern (\(where_)): \(pattern.rowCount) × \(pattern.columnCount), \(pattern.nonzeroCount) entries \
      (• entry, · structural zero)
      \(Self.grid(rows: pattern.rowCount, columns: pattern.columnCount) { i, j in
        pattern.contains(row: i, column: j) ? "•" : "·"
      })
      """
  }

  /// The row or column of the pattern that attains the lower bound, in words.
  var lowerBoundReason: String {
    let (index, count) = lowerBoundWitness
    guard count > 0 else { return "the pattern is empty" }
    return "\(compression == .rows ? "column" : "row") \(index) has \(count) entr\(count == 1 ? "y" : "ies")"
  }

  var coloringSection: String {
    let c = coloring.colorCount
    let orderName = Self.name(of: order)
    var lines: [String] = []
    switch compression {
    case .columns, .rows:
      lines.append(
        "Colouring of the \(vertexNoun) (distance-1, \(orderName) order): \(c) colour\(c == 1 ? "" : "s"), "
          + "lower bound \(lowerBound) (\(lowerBoundReason))")
      lines.append(
        compression == .columns
          ? "  Each entry shows its column's colour; columns of one colour share no row."
          : "  Each entry shows its row's colour; rows of one colour share no column.")
    case .symmetric:
      lines.append(
        "Colouring of the variables (star, \(orderName) order): \(c) colour\(c == 1 ? "" : "s"); "
          + "a column colouring of the same pattern needs \(columnColorCount) (lower bound \(lowerBound): "
          + "\(lowerBoundReason))")
      lines.append(
        "  Each entry (i, j) shows variable j's colour; every path i–j–k–l of the pattern's graph "
          + "sees at least three colours.")
    }
    lines.append(
      Self.grid(rows: pattern.rowCount, columns: pattern.columnCount) { i, j in
        guard pattern.contains(row: i, column: j) else { return "·" }
        return Self.symbol(ofColor: coloring.colors[compression == .rows ? i : j])
      })
    let singular = String(vertexNoun.dropLast())
    for color in 0..<c {
      let members = coloring.members(ofColor: color)
      let noun = members.count == 1 ? singular : vertexNoun
      lines.append("  colour \(Self.symbol(ofColor: color)): \(noun) \(members.map(String.init).joined(separator: ", "))")
    }
    if let requestedMode, let rowColorCount {
      let chosen = compression == .rows ? "reverse" : "forward"
      switch requestedMode {
      case .automatic:
        lines.append(
          "  Mode: automatic → \(chosen): columns need \(columnColorCount) colours, rows \(rowColorCount) "
            + "(fewer colours wins; a tie goes forward)")
      case .forward, .reverse:
        lines.append(
          "  Mode: \(chosen), as asked (columns need \(columnColorCount) colours, rows \(rowColorCount))")
      }
    }
    return lines.joined(separator: "\n")
  }

  var seedSection: String {
    let c = coloring.colorCount
    let seed = coloring.seedMatrix
    let vertex = compression == .rows ? "row i" : (compression == .columns ? "column j" : "variable j")
    return """
      Seed matrix S (\(coloredVertexCount) × \(c)): \(vertex) has a 1 under its colour
      \(Self.grid(rows: coloredVertexCount, columns: c, columnLabel: { Self.symbol(ofColor: $0) }) { v, color in
        seed[v][color] == 1 ? "1" : "·"
      })
      """
  }

  var compressedSection: String {
    let c = coloring.colorCount
    let rowsOfB = compressed.count
    let columnsOfB = compressed.first?.count ?? (compression == .rows ? size : c)
    var lines: [String] = []
    switch compression {
    case .columns:
      lines.append(
        "Compressed J·S (\(rowsOfB) × \(columnsOfB)): \(c) forward-mode tangent\(c == 1 ? "" : "s") "
          + "(jvp along each column of S) instead of \(denseDirectionCount)")
    case .rows:
      lines.append(
        "Compressed Sᵀ·J (\(rowsOfB) × \(columnsOfB)), shown transposed: \(c) reverse-mode "
          + "cotangent\(c == 1 ? "" : "s") (one pullback per row colour) instead of \(denseDirectionCount)")
    case .symmetric:
      lines.append(
        "Compressed H·S (\(rowsOfB) × \(columnsOfB)): \(c) Hessian–vector product\(c == 1 ? "" : "s") "
          + "(forward over reverse, along each column of S) instead of \(denseDirectionCount)")
    }
    let first = compression == .rows ? "column" : "row"
    var table = TextTable(
      columns: [.init(first, alignment: .right)]
        + (0..<c).map { .init("colour \(Self.symbol(ofColor: $0))") })
    // One table line per row of B, or per column of B for Sᵀ·J (c × n is wide).
    let lineCount = compression == .rows ? columnsOfB : rowsOfB
    for k in 0..<lineCount {
      var cells = ["\(k)"]
      for color in 0..<c {
        let (r, s) = compression == .rows ? (color, k) : (k, color)
        cells.append(cell(row: r, column: s))
      }
      table.append(cells)
    }
    lines.append(table.rendered())
    switch compression {
    case .columns:
      lines.append(
        "  value ← j: the cell holds J[i][j], the one entry of row i whose column has that colour; "
          + "· no entry")
    case .rows:
      lines.append(
        "  value ← i: the cell holds J[i][j], the one entry of column j whose row has that colour; "
          + "· no entry")
    case .symmetric:
      lines.append(
        "  value ← j: the cell holds H[i][j] and it is read from there; value ← j+k: a sum, not read "
          + "(each entry of it is read through its mirror H[j][i]); · no entry")
    }
    return lines.joined(separator: "\n")
  }

  /// One cell of B as text: its value and the entries added into it.
  func cell(row r: Int, column s: Int) -> String {
    let summed = cellEntries[r][s]
    guard !summed.isEmpty else { return "·" }
    return NumberFormat.value(compressed[r][s], significantDigits: 4) + " ← " + label(of: summed)
  }

  var derivativeSection: String {
    let source =
      example.derivative == .jacobian ? "PreparedSparseJacobian.jacobian(at:)" : "PreparedSparseHessian.hessian(at:)"
    let heading =
      "Decompressed \(matrixName) (\(source)): \(pattern.nonzeroCount) entries, each read from one cell of "
      + compressedName
    guard size <= Self.largestPrintedSize else {
      return heading + "\n  (n > \(Self.largestPrintedSize): not printed; --format json lists every entry)"
    }
    var table = TextTable(
      columns: [.init("", alignment: .right)]
        + (0..<pattern.columnCount).map { .init("\($0)", alignment: .right) })
    let values = derivative.dense
    for i in 0..<pattern.rowCount {
      table.append(
        ["\(i)"]
          + (0..<pattern.columnCount).map { j in
            pattern.contains(row: i, column: j) ? NumberFormat.value(values[i][j], significantDigits: 4) : "·"
          })
    }
    return heading + "\n" + table.rendered()
  }

  var checkSection: String {
    let dense =
      example.derivative == .jacobian ? "jacobian(of:at:)" : "hessian(of:at:) (forward over reverse)"
    let mark = { (ok: Bool) in ok ? "✓" : "✗" }
    return """
      Check
        \(mark(agreesWithDense)) \(matrixName) equals the dense \(dense), \(pattern.rowCount) × \
      \(pattern.columnCount) entries: largest |difference| \(NumberFormat.value(largestDenseDifference, significantDigits: 3))
        \(mark(decompressionAgrees)) every entry read from \(compressedName) above equals the prepared \
      object's: largest |difference| \(NumberFormat.value(largestRecoveryDifference, significantDigits: 3))
        \(coloring.colorCount) directions instead of \(denseDirectionCount): \
      \(NumberFormat.value(Double(denseDirectionCount) / Double(Swift.max(coloring.colorCount, 1)), significantDigits: 3))× fewer
      """
  }

  /// A character grid with column numbers above (tens and units when they pass 9) and
  /// row numbers on the left.
  static func grid(
    rows: Int, columns: Int, columnLabel: ((Int) -> Character)? = nil,
    cell: (Int, Int) -> Character
  ) -> String {
    let labelWidth = String(Swift.max(rows - 1, 0)).count
    let indent = "  " + String(repeating: " ", count: labelWidth) + "  "
    var lines: [String] = []
    if let columnLabel {
      lines.append(indent + String((0..<columns).map(columnLabel)))
    } else {
      if columns > 10 {
        lines.append(
          indent + String((0..<columns).map { $0 >= 10 && $0 % 10 == 0 ? Character(String($0 / 10 % 10)) : " " }))
      }
      lines.append(indent + String((0..<columns).map { Character(String($0 % 10)) }))
    }
    for i in 0..<rows {
      let label = String(i)
      lines.append(
        "  " + String(repeating: " ", count: labelWidth - label.count) + label + "  "
          + String((0..<columns).map { cell(i, $0) }))
    }
    return lines.map { line in
      var line = line
      while line.last == " " { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }
}
