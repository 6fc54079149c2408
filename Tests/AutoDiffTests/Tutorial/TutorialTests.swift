import Foundation
import Testing

// The tutorial cannot rot: Sources/AutoDiff/AutoDiff.docc/Tutorial.md and
// TutorialSnippets.swift are read from the source tree and compared.
//
// - The page's ```swift blocks, in order, are the snippet file's regions, in order: the
//   same number, and each block is its region with the region's common indentation removed.
// - Each snippet that prints is followed on the page by a ```text block (the next fenced
//   block after its code) holding exactly what it prints; a snippet that prints nothing,
//   or is a declaration, is followed by none. No other ```text blocks are on the page.
// - Every snippet runs: the methods of `TutorialSnippets` run one by one, each snippet's
//   output is kept apart, and the number of snippets that ran is checked.
//
// Changing a snippet without the page, the page without the snippet, or the library so
// that a snippet prints something else fails here, naming the snippet and showing the page
// against what it printed.

/// The two files, found from this file's path.
enum TutorialFiles {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let articlePath = "Sources/AutoDiff/AutoDiff.docc/Tutorial.md"
  static let snippetsPath = "Tests/AutoDiffTests/Tutorial/TutorialSnippets.swift"

  static func read(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }
}

/// A region of the snippet file between `// snippet: name` and `// end snippet`.
struct Snippet: Equatable {
  var name: String
  /// The region's lines with their common indentation removed.
  var lines: [String]
  /// The line number of its `// snippet:` marker.
  var line: Int

  static let startMarker = "// snippet: "
  static let endMarker = "// end snippet"

  /// The snippets of `source`, in order.
  static func parse(_ source: String) throws -> [Snippet] {
    var snippets: [Snippet] = []
    var open: (name: String, line: Int, lines: [String])?
    for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = index + 1
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix(startMarker) {
        if let open { throw TutorialFormatError("snippet \"\(open.name)\" (line \(open.line)) has no end before line \(number)") }
        let name = String(trimmed.dropFirst(startMarker.count))
        if snippets.contains(where: { $0.name == name }) {
          throw TutorialFormatError("two snippets are named \"\(name)\" (the second at line \(number))")
        }
        open = (name, number, [])
      } else if trimmed == endMarker {
        guard let region = open else { throw TutorialFormatError("line \(number) ends a snippet that was not started") }
        snippets.append(Snippet(name: region.name, lines: dedented(region.lines), line: region.line))
        open = nil
      } else if open != nil {
        open!.lines.append(String(line))
      }
    }
    if let open { throw TutorialFormatError("snippet \"\(open.name)\" (line \(open.line)) is never ended") }
    return snippets
  }

  /// `lines` less the indentation they all share (blank lines become empty).
  static func dedented(_ lines: [String]) -> [String] {
    let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix(while: { $0 == " " }).count }
    let common = indents.min() ?? 0
    return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(common)) }
  }
}

/// A fenced code block of the page: ```info … ```.
struct FencedBlock: Equatable {
  var info: String
  var lines: [String]
  /// The line number of its opening fence.
  var line: Int

  /// The fenced blocks of `markdown`, in order. Fences start at the beginning of a line;
  /// indented code (the formulas) is not fenced and is skipped.
  static func parse(_ markdown: String) throws -> [FencedBlock] {
    var blocks: [FencedBlock] = []
    var open: FencedBlock?
    for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if open == nil, line.hasPrefix("```") {
        open = FencedBlock(info: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), lines: [], line: index + 1)
      } else if open != nil, line == "```" {
        blocks.append(open!)
        open = nil
      } else if open != nil {
        open!.lines.append(String(line))
      }
    }
    if let open { throw TutorialFormatError("the fenced block at line \(open.line) of the page is never closed") }
    return blocks
  }
}

struct TutorialFormatError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The page's ```swift blocks paired with the snippets, and the ```text block after each.
struct TutorialPairing {
  var snippets: [Snippet]
  var blocks: [FencedBlock]
  /// Indices into `blocks` of the ```swift blocks.
  var swiftBlocks: [Int]

  init() throws {
    snippets = try Snippet.parse(TutorialFiles.read(TutorialFiles.snippetsPath))
    let blocks = try FencedBlock.parse(TutorialFiles.read(TutorialFiles.articlePath))
    self.blocks = blocks
    swiftBlocks = blocks.indices.filter { blocks[$0].info == "swift" }
  }

  /// The ```text block right after the i-th ```swift block (the next fenced block), if any.
  func outputBlock(after i: Int) -> FencedBlock? {
    let next = swiftBlocks[i] + 1
    return next < blocks.count && blocks[next].info == "text" ? blocks[next] : nil
  }

  /// Where snippet `i` is, for messages.
  func place(_ i: Int) -> String {
    "snippet \"\(snippets[i].name)\" (TutorialSnippets.swift line \(snippets[i].line), Tutorial.md line \(blocks[swiftBlocks[i]].line))"
  }
}

/// The first line where the page's lines and the `other` lines (what the code prints, or
/// the snippet's code) differ, and both texts in full.
func difference(page: [String], _ otherName: String, _ other: [String]) -> String {
  let shared = min(page.count, other.count)
  let line = (0..<shared).first { page[$0] != other[$0] } ?? shared
  func at(_ lines: [String]) -> String { line < lines.count ? "«\(lines[line])»" : "(no line)" }
  let label = (otherName + ":").padding(toLength: 9, withPad: " ", startingAt: 0)
  return """
    first difference at line \(line + 1):
      page:    \(at(page))
      \(label)\(at(other))
    ── page ──
    \(page.joined(separator: "\n"))
    ── \(otherName) ──
    \(other.joined(separator: "\n"))
    """
}

@Suite("Tutorial: the page's code is the snippet file's, and its output is what the code prints")
struct TutorialTests {
  /// How many snippets run (all but the declarations); a snippet added or removed on both
  /// sides changes this on purpose.
  static let runSnippetCount = 17

  @Test("the snippet file lists its snippets: each is run by one method or is a declaration")
  func registry() throws {
    let names = try Snippet.parse(TutorialFiles.read(TutorialFiles.snippetsPath)).map(\.name)
    let registered = TutorialSnippets.methods.flatMap(\.snippets)
    #expect(registered.count == Self.runSnippetCount)
    // In file order, so that the outputs of a method's snippets are paired right.
    #expect(
      names.filter { !TutorialSnippets.declarations.contains($0) } == registered,
      "the snippets in the file, \(names), are not those of TutorialSnippets.methods, \(registered), in order")
    #expect(Set(names).isSuperset(of: TutorialSnippets.declarations))
  }

  @Test("every ```swift block of the page is its snippet, verbatim, in order")
  func codeMatches() throws {
    let pairing = try TutorialPairing()
    try #require(
      pairing.swiftBlocks.count == pairing.snippets.count,
      """
      Tutorial.md has \(pairing.swiftBlocks.count) swift blocks (at lines \
      \(pairing.swiftBlocks.map { pairing.blocks[$0].line })), TutorialSnippets.swift \
      \(pairing.snippets.count) snippets (\(pairing.snippets.map(\.name)))
      """)
    for i in pairing.snippets.indices {
      let block = pairing.blocks[pairing.swiftBlocks[i]]
      let same = block.lines == pairing.snippets[i].lines
      #expect(
        same,
        "\(pairing.place(i)): the page's code is not the snippet's\n\(difference(page: block.lines, "snippet", pairing.snippets[i].lines))")
    }
  }

  @Test("every snippet runs and prints exactly the ```text block that follows it on the page")
  func outputMatches() throws {
    let pairing = try TutorialPairing()
    try #require(pairing.swiftBlocks.count == pairing.snippets.count, "see codeMatches")
    var ran = 0
    var printing = 0
    for method in TutorialSnippets.methods {
      let snippets = TutorialSnippets()
      try method.run(snippets)
      try #require(
        snippets.outputs.count == method.snippets.count,
        "\(method.name) produced \(snippets.outputs.count) outputs for its \(method.snippets.count) snippets: a nextSnippet() is missing or extra")
      for (name, output) in zip(method.snippets, snippets.outputs) {
        ran += 1
        let i = try #require(pairing.snippets.firstIndex { $0.name == name })
        let page = pairing.outputBlock(after: i)
        if output.isEmpty {
          #expect(page == nil, "\(pairing.place(i)) prints nothing, but the page shows output after it (line \(page?.line ?? 0))")
          continue
        }
        printing += 1
        let actual = output.hasSuffix("\n") ? String(output.dropLast()) : output
        guard let page else {
          Issue.record("\(pairing.place(i)) prints output, but no ```text block follows it on the page; it prints:\n\(actual)")
          continue
        }
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let same = page.lines == actualLines
        #expect(
          same,
          "\(pairing.place(i)): the page (```text at line \(page.line)) is not what the snippet prints\n\(difference(page: page.lines, "printed", actualLines))")
      }
    }
    #expect(ran == Self.runSnippetCount, "\(ran) snippets ran")
    // Declarations have no output; no ```text block stands anywhere but after a snippet.
    for (i, name) in pairing.snippets.map(\.name).enumerated() where TutorialSnippets.declarations.contains(name) {
      #expect(pairing.outputBlock(after: i) == nil, "\(pairing.place(i)) is a declaration, but output follows it")
    }
    let textBlocks = pairing.blocks.filter { $0.info == "text" }
    #expect(
      textBlocks.count == printing,
      "the page has \(textBlocks.count) ```text blocks (lines \(textBlocks.map(\.line))), but \(printing) snippets print")
  }
}
