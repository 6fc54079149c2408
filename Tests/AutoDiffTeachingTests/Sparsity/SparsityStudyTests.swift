import AutoDiff
@testable import AutoDiffTeaching
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The patterns of the built-in examples, written from their formulas, so that the tests
/// read the structure without going through the detection under test.
private func expectedPattern(_ example: SparsityExample, n: Int, halfBandwidth b: Int = 2) -> Set<[Int]> {
  var entries = Set<[Int]>()
  for i in 0..<n {
    for j in 0..<n {
      let d = abs(i - j)
      let present: Bool
      switch example {
      case .banded: present = d <= b
      case .bordered: present = i == 0 || i == j
      case .arrow: present = i == j || i == 0 || j == 0
      case .chain: present = d <= 1 || d == n - 1
      }
      if present { entries.insert([i, j]) }
    }
  }
  return entries
}

/// The examples at the sizes the CLI shows by default, plus the edge sizes.
private let examples: [(SparsityExample, Int)] = [
  (.banded, 12), (.bordered, 8), (.arrow, 10), (.chain, 12), (.chain, 10), (.banded, 3), (.arrow, 2),
]

/// Whether `colors` is a valid colouring of the kind the study used, checked on the grid
/// directly: structurally orthogonal columns (rows) per colour, or the star condition.
private func isValidColoring(_ study: SparsityStudy) -> Bool {
  let entries = Set(study.entries.map { [$0.row, $0.column] })
  let colors = study.coloring.colors
  let m = study.pattern.rowCount
  let n = study.pattern.columnCount
  switch study.compression {
  case .columns:
    // No row has entries in two columns of one colour.
    return (0..<m).allSatisfy { i in
      let used = (0..<n).filter { entries.contains([i, $0]) }.map { colors[$0] }
      return Set(used).count == used.count
    }
  case .rows:
    return (0..<n).allSatisfy { j in
      let used = (0..<m).filter { entries.contains([$0, j]) }.map { colors[$0] }
      return Set(used).count == used.count
    }
  case .symmetric:
    let neighbours = (0..<n).map { i in (0..<n).filter { $0 != i && entries.contains([i, $0]) } }
    for i in 0..<n where neighbours[i].contains(where: { colors[$0] == colors[i] }) { return false }
    // Every path a–b–c–d on four distinct vertices uses at least three colours.
    for a in 0..<n {
      for b in neighbours[a] {
        for c in neighbours[b] where c != a {
          for d in neighbours[c] where d != a && d != b {
            if Set([colors[a], colors[b], colors[c], colors[d]]).count < 3 { return false }
          }
        }
      }
    }
    return true
  }
}

@Suite("Sparse derivatives taken apart: SparsityStudy and autodiff sparsity")
struct SparsityStudyTests {
  @Test("the detected pattern is the one the formula gives, locally and globally", arguments: examples)
  func pattern(example: SparsityExample, n: Int) {
    let expected = expectedPattern(example, n: n, halfBandwidth: min(2, n - 1))
    for detection in SparsityStudy.Detection.allCases {
      let study = SparsityStudy(example: example, size: n, detection: detection)
      #expect(Set(study.entries.map { [$0.row, $0.column] }) == expected, "\(example) n = \(n), \(detection)")
      #expect(study.pattern.nonzeroCount == expected.count)
    }
  }

  @Test("colour counts: 2b + 1 for the band, 2 rows for the bordered system, 2 for the arrow, 3 for the ring")
  func colorCounts() {
    for b in 0...3 {
      for order in [ColoringOrder.natural, .largestFirst] {
        let study = SparsityStudy(example: .banded, size: 12, halfBandwidth: b, order: order)
        #expect(study.coloring.colorCount == 2 * b + 1, "b = \(b), \(order)")
        #expect(study.lowerBound == 2 * b + 1)
        // Columns and rows tie, and a tie goes forward.
        #expect(study.compression == .columns)
        #expect(study.columnColorCount == 2 * b + 1 && study.rowColorCount == 2 * b + 1)
      }
    }
    let reverse = SparsityStudy(example: .banded, mode: .reverse)
    #expect(reverse.compression == .rows && reverse.coloring.colorCount == 5)

    let bordered = SparsityStudy(example: .bordered, size: 8)
    #expect(bordered.compression == .rows)
    #expect(bordered.coloring.colorCount == 2)
    #expect(bordered.columnColorCount == 8)
    #expect(bordered.rowColorCount == 2)
    // A row colouring is bounded by the longest column (2 entries), not the dense row.
    #expect(bordered.lowerBound == 2)
    let forced = SparsityStudy(example: .bordered, size: 8, mode: .forward)
    #expect(forced.compression == .columns && forced.coloring.colorCount == 8 && forced.lowerBound == 8)

    for n in [2, 10, 40] {
      let arrow = SparsityStudy(example: .arrow, size: n)
      #expect(arrow.coloring.colorCount == 2, "n = \(n)")
      #expect(arrow.columnColorCount == n)
      #expect(arrow.lowerBound == n)
    }
    // A ring needs 3 colours for every n ≥ 3 but 5 (4 there); greedy finds 3 when n is a
    // multiple of 4, as W5's 200 is.
    for n in [8, 12, 60] {
      #expect(SparsityStudy(example: .chain, size: n).coloring.colorCount == 3, "n = \(n)")
    }
    for n in 3...20 {
      let colors = SparsityStudy(example: .chain, size: n).coloring.colorCount
      #expect(colors >= (n == 5 ? 4 : 3) && colors <= 4, "n = \(n): \(colors)")
    }
  }

  @Test(
    "every order gives a valid colouring and a derivative equal to the dense one",
    arguments: examples, ColoringOrder.allCases)
  func checks(example: (SparsityExample, Int), order: ColoringOrder) {
    let (example, n) = example
    let study = SparsityStudy(example: example, size: n, order: order)
    #expect(isValidColoring(study), "\(example) n = \(n), \(order): \(study.coloring.colors)")
    #expect(study.coloring.colorCount >= (study.compression == .symmetric ? 1 : study.lowerBound))
    #expect(study.agreesWithDense && study.decompressionAgrees, "\(example) \(order)")
    #expect(study.checksPass)
    #expect(study.largestDenseDifference <= 1e-12)
    // The dense derivative is 0 outside the expected pattern.
    let expected = expectedPattern(example, n: n, halfBandwidth: min(2, n - 1))
    for (i, row) in study.dense.enumerated() {
      for (j, value) in row.enumerated() where !expected.contains([i, j]) { #expect(value == 0) }
    }
  }

  @Test("the compressed matrix is the dense derivative times the seed matrix", arguments: examples)
  func compressed(example: SparsityExample, n: Int) {
    let modes: [JacobianMode?] = example.derivative == .jacobian ? [.forward, .reverse] : [nil]
    for mode in modes {
      let study = SparsityStudy(example: example, size: n, mode: mode)
      let d = study.dense
      let c = study.coloring.colorCount
      let colors = study.coloring.colors
      // S from the colours, multiplied here.
      let product: [[Double]]
      switch study.compression {
      case .columns, .symmetric:
        product = d.map { row in (0..<c).map { k in row.indices.filter { colors[$0] == k }.reduce(0) { $0 + row[$1] } } }
      case .rows:
        product = (0..<c).map { k in
          (0..<n).map { j in d.indices.filter { colors[$0] == k }.reduce(0) { $0 + d[$1][j] } }
        }
      }
      #expect(study.compressed.count == product.count)
      for (computed, expected) in zip(study.compressed, product) {
        #expect(isClose(computed, expected), "\(example) \(String(describing: mode))")
      }
      // Every entry is added into exactly one cell, and read from a cell it alone fills.
      let added = study.cellEntries.flatMap { $0.flatMap { $0 } }
      #expect(added.count == study.pattern.nonzeroCount)
      #expect(Set(added) == Set(study.entries))
      for source in study.readFrom { #expect(study.cellEntries[source.row][source.column].count == 1) }
      #expect(study.coloring.seedMatrix.map { $0.reduce(0, +) } == Array(repeating: 1, count: colors.count))
    }
  }

  @Test("the text shows the pattern, one line per colour, the mode, and both checks")
  func text() {
    let banded = SparsityStudy(example: .banded).rendered()
    let lines = banded.split(separator: "\n").map(String.init)
    // 12 grid rows of • and ·, with 54 entries in all, in the pattern section.
    let patternStart = lines.firstIndex { $0.hasPrefix("Pattern") }!
    let grid = lines[(patternStart + 3)..<(patternStart + 15)]
    #expect(grid.allSatisfy { $0.hasSuffix("•") || $0.hasSuffix("·") })
    #expect(grid.map { $0.filter { $0 == "•" }.count }.reduce(0, +) == 54)
    #expect(lines.filter { $0.hasPrefix("  colour ") }.count == 5)
    #expect(banded.contains("5 colours, lower bound 5 (row 2 has 5 entries)"))
    #expect(banded.contains("Mode: automatic → forward: columns need 5 colours, rows 5"))
    #expect(banded.contains("Compressed J·S (12 × 5)"))
    #expect(lines.filter { $0.hasPrefix("  ✓ ") }.count == 2)
    #expect(!banded.contains("✗"))

    let chain = SparsityStudy(example: .chain).rendered()
    #expect(chain.contains("star, largest-first order): 3 colours"))
    #expect(chain.contains("Compressed H·S (12 × 3): 3 Hessian–vector products"))
    #expect(chain.contains("instead of 12"))
    let arrow = SparsityStudy(example: .arrow).rendered()
    #expect(arrow.contains("2 colours; a column colouring of the same pattern needs 10"))
    // Row 0 of H·S sums the nine variables of colour 1, shown first two and last.
    #expect(arrow.contains("← 1+2+…+9"))
    let bordered = SparsityStudy(example: .bordered).rendered()
    #expect(bordered.contains("Mode: automatic → reverse: columns need 8 colours, rows 2"))
    #expect(bordered.contains("Compressed Sᵀ·J (2 × 8)"))
  }

  @Test("the three pictures are well-formed SVG with one filled cell per entry", arguments: examples)
  func pictures(example: SparsityExample, n: Int) {
    let study = SparsityStudy(example: example, size: n)
    let c = study.coloring.colorCount
    let colorOfEntry = study.entries.map { study.coloring.colors[study.compression == .rows ? $0.row : $0.column] }
    let entriesOfColor = (0..<c).map { k in colorOfEntry.filter { $0 == k }.count }
    let membersOfColor = (0..<c).map { k in study.coloring.colors.filter { $0 == k }.count }

    let pattern = SVGRects(study.patternSVG())
    #expect(pattern.isWellFormed, "\(pattern.error ?? "")")
    #expect(pattern.root == "svg")
    #expect(pattern.count(fill: SparsityStudy.entryFill) == study.pattern.nonzeroCount)

    // Each colour: its entries in the grid, its vertices in the strip, one legend swatch.
    let coloring = SVGRects(study.coloringSVG())
    #expect(coloring.isWellFormed, "\(coloring.error ?? "")")
    for k in 0..<c {
      #expect(coloring.count(fill: ColoringPalette.color(k)) == entriesOfColor[k] + membersOfColor[k] + 1, "colour \(k)")
    }
    #expect(coloring.texts.filter { $0.hasPrefix("colour ") }.count == c)

    // Each colour: its entries in the derivative, its 1s in S; then one tinted cell per
    // non-empty cell of B.
    let compressed = SVGRects(study.compressedSVG())
    #expect(compressed.isWellFormed, "\(compressed.error ?? "")")
    for k in 0..<c {
      #expect(compressed.count(fill: ColoringPalette.color(k)) == entriesOfColor[k] + membersOfColor[k], "colour \(k)")
    }
    let nonEmptyCells = study.cellEntries.flatMap { $0 }.filter { !$0.isEmpty }.count
    let tinted = compressed.fills.filter { fill in
      (0..<c).contains { k in
        fill == ColoringPalette.tint(ColoringPalette.color(k), towardWhite: 0.45)
          || fill == ColoringPalette.tint(ColoringPalette.color(k), towardWhite: 0.85)
      }
    }
    #expect(tinted.count == nonEmptyCells)
  }

  @Test("colours past the named twelve are distinct hex colours, and tints move toward white")
  func palette() {
    let colors = (0..<40).map(ColoringPalette.color)
    #expect(Set(colors).count == 40)
    #expect(colors.allSatisfy { $0.count == 7 && $0.hasPrefix("#") && Int($0.dropFirst(), radix: 16) != nil })
    #expect(ColoringPalette.tint("#000000", towardWhite: 0.5) == "#808080")
    #expect(ColoringPalette.tint("#0072B2", towardWhite: 1) == "#FFFFFF")
    #expect(SparsityStudy.symbol(ofColor: 0) == "0" && SparsityStudy.symbol(ofColor: 10) == "a")
    #expect(SparsityStudy.symbol(ofColor: 36) == "*")
  }

  @Test("a half-bandwidth for another example stops with a message naming it")
  func misusedHalfBandwidth() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityStudy(example: .chain, halfBandwidth: 1)
    }
    #expect(
      standardError(of: result).contains(
        "SparsityStudy: a half-bandwidth applies to the banded example only, not chain"))
  }

  @Test("a Jacobian mode for a Hessian example stops with a message naming it")
  func misusedMode() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityStudy(example: .arrow, mode: .forward)
    }
    #expect(
      standardError(of: result).contains("SparsityStudy: a Jacobian mode applies to the Jacobian examples only, not arrow"))
  }

  @Test("a size outside 2...60 stops with a message naming it")
  func misusedSize() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityStudy(example: .banded, size: 1)
    }
    #expect(standardError(of: result).contains("SparsityStudy: size 1 is outside 2...60"))
  }

  // MARK: - The command

  @Test("autodiff sparsity: the default banded Jacobian, checked, exit 0")
  func command() throws {
    let run = try AutodiffExecutable.run(["sparsity"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardError.isEmpty)
    let out = run.standardOutput
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("Sparse Jacobian of F: R¹² → R¹²") == true)
    #expect(lines.filter { $0.hasPrefix("  colour ") }.count == 5)
    #expect(lines.contains { $0.contains("5 colours, lower bound 5") })
    #expect(lines.contains { $0.hasPrefix("  ✓ J equals the dense jacobian(of:at:)") })
    #expect(lines.contains { $0.hasPrefix("  ✓ every entry read from J·S") })
    #expect(lines.contains("  5 directions instead of 12: 2.4× fewer"))
  }

  @Test("autodiff sparsity --example chain|arrow|bordered: colours and mode")
  func commandExamples() throws {
    let chain = try AutodiffExecutable.run(["sparsity", "--example", "chain", "--n", "20"])
    #expect(chain.status == 0)
    #expect(chain.standardOutput.contains("Sparse Hessian of g: R²⁰ → R"))
    #expect(chain.standardOutput.contains("Compressed H·S (20 × 3)"))
    #expect(chain.standardOutput.contains("not printed"))
    let arrow = try AutodiffExecutable.run(["sparsity", "--example", "arrow", "--order", "smallest-last"])
    #expect(arrow.status == 0)
    #expect(arrow.standardOutput.contains("(star, smallest-last order): 2 colours"))
    let reverse = try AutodiffExecutable.run(
      ["sparsity", "--example", "banded", "--half-bandwidth", "1", "--jacobian-mode", "reverse", "--detection", "global"])
    #expect(reverse.status == 0)
    #expect(reverse.standardOutput.contains("Pattern (global detection, for every x): 12 × 12, 34 entries"))
    #expect(reverse.standardOutput.contains("Colouring of the rows (distance-1, largest-first order): 3 colours"))
    #expect(reverse.standardOutput.contains("Mode: reverse, as asked"))
    let bordered = try AutodiffExecutable.run(["sparsity", "--example", "bordered"])
    #expect(bordered.standardOutput.contains("Mode: automatic → reverse"))
  }

  @Test("--format json prints one document; --svg writes three well-formed pictures")
  func commandFiles() throws {
    let json = try AutodiffExecutable.run(["sparsity", "--example", "chain", "--format", "json"])
    #expect(json.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
    #expect(object["colorCount"] as? Int == 3)
    #expect((object["entries"] as? [Any])?.count == 36)
    #expect((object["seedMatrix"] as? [[Int]])?.count == 12)
    #expect(object["agreesWithDense"] as? Bool == true)
    #expect(object["compression"] as? String == "symmetric")

    let directory = try AutodiffExecutable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let prefix = directory.appendingPathComponent("arrow").path
    let run = try AutodiffExecutable.run(["sparsity", "--example", "arrow", "--svg", prefix])
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("wrote \(prefix)-pattern.svg, \(prefix)-coloring.svg, \(prefix)-compressed.svg"))
    for name in ["pattern", "coloring", "compressed"] {
      let text = try String(contentsOfFile: "\(prefix)-\(name).svg", encoding: .utf8)
      let check = SVGRects(text)
      #expect(check.isWellFormed, "\(name): \(check.error ?? "")")
    }
    let missing = try AutodiffExecutable.run(
      ["sparsity", "--svg", directory.appendingPathComponent("missing/x").path])
    #expect(missing.status == 1)
    #expect(missing.standardError.hasPrefix("error: cannot write"))
  }

  @Test(
    "invalid options are usage errors (exit 64) that name the option",
    arguments: [
      (["sparsity", "--n", "1"], "--n must be 2 to 60, got 1"),
      (["sparsity", "--n", "61"], "--n must be 2 to 60, got 61"),
      (["sparsity", "--example", "arrow", "--jacobian-mode", "forward"], "--jacobian-mode applies to the Jacobian"),
      (["sparsity", "--example", "chain", "--half-bandwidth", "1"], "--half-bandwidth applies to --example banded"),
      (["sparsity", "--half-bandwidth", "12"], "--half-bandwidth must be 0 to 11 for n = 12"),
      (["sparsity", "--example", "tridiagonal"], "The value 'tridiagonal' is invalid for '--example"),
      (["sparsity", "--order", "random"], "The value 'random' is invalid for '--order"),
      (["sparsity", "--jacobian-mode", "sideways"], "The value 'sideways' is invalid for '--jacobian-mode"),
    ])
  func invalidOptions(arguments: [String], message: String) throws {
    let run = try AutodiffExecutable.run(arguments)
    #expect(run.status == 64, "\(arguments): \(run.standardError)")
    #expect(run.standardOutput.isEmpty)
    #expect(run.errorLines.first == "Error: " + message || run.errorLines.first?.hasPrefix("Error: " + message) == true,
            "\(run.errorLines)")
  }

  @Test("sparsity --help shows examples")
  func help() throws {
    let run = try AutodiffExecutable.run(["sparsity", "--help"])
    #expect(run.status == 0)
    #expect(run.standardOutput.contains("Examples"))
    #expect(run.standardOutput.contains("autodiff sparsity --example chain"))
  }
}

/// The rectangles and texts of an SVG document, parsed with Foundation's XMLParser.
private struct SVGRects {
  var isWellFormed: Bool
  var error: String?
  var root: String?
  var fills: [String]
  var texts: [String]

  init(_ text: String) {
    let check = XMLCheck(text)
    isWellFormed = check.isWellFormed
    error = check.error
    root = check.elements.first
    let delegate = Delegate()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = delegate
    _ = parser.parse()
    fills = delegate.fills
    texts = delegate.texts
  }

  func count(fill: String) -> Int { fills.filter { $0 == fill }.count }

  private final class Delegate: NSObject, XMLParserDelegate {
    var fills: [String] = []
    var texts: [String] = []
    private var inText = false

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      if elementName == "rect", let fill = attributeDict["fill"] { fills.append(fill) }
      if elementName == "text" {
        inText = true
        texts.append("")
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if inText { texts[texts.count - 1] += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
      if elementName == "text" { inText = false }
    }
  }
}
