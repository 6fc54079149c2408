// Lists the public symbols of a module that have no documentation, from the symbol graphs
// `swift package generate-documentation` extracts. Run by Scripts/check-documentation.sh:
//
//     swift Scripts/undocumented-symbols.swift CATALOG SYMBOL-GRAPH...
//
// A symbol is documented when its symbol graph entry has a doc comment — its own, or the
// one it inherits from the protocol requirement it implements — or when a documentation
// extension file in CATALOG (`# ``Path/To/Symbol```) documents it. Symbols the compiler
// synthesises from a protocol's default implementations are documented where they are
// written, so they are skipped; an extended type (`extension Double: …`) needs a doc comment
// on one of its extension blocks. Prints one line per undocumented symbol and exits 1 if
// there is any.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let catalog = arguments.first, arguments.count >= 2 else {
  FileHandle.standardError.write(
    "usage: swift undocumented-symbols.swift CATALOG SYMBOL-GRAPH...\n".data(using: .utf8)!)
  exit(2)
}

/// The symbol paths that documentation extension files in `catalog` name in their title,
/// without a leading `module/`.
func extensionFileTargets(in catalog: String, module: String) -> Set<String> {
  var targets: Set<String> = []
  let files = FileManager.default.enumerator(atPath: catalog)?.compactMap { $0 as? String } ?? []
  for file in files where file.hasSuffix(".md") {
    guard let text = try? String(contentsOfFile: catalog + "/" + file, encoding: .utf8),
      let title = text.split(separator: "\n").first,
      title.hasPrefix("# ``"), title.hasSuffix("``")
    else { continue }
    var path = String(title.dropFirst(4).dropLast(2))
    if path.hasPrefix(module + "/") { path.removeFirst(module.count + 1) }
    targets.insert(path)
  }
  return targets
}

/// The module's name, from the first symbol graph (`"module": {"name": …}`).
var moduleName = ""

struct Undocumented: Comparable {
  var kind: String
  var path: String
  var location: String
  static func < (a: Undocumented, b: Undocumented) -> Bool {
    (a.location, a.path) < (b.location, b.path)
  }
}

func hasDocComment(_ symbol: [String: Any]) -> Bool {
  guard let comment = symbol["docComment"] as? [String: Any],
    let lines = comment["lines"] as? [[String: Any]]
  else { return false }
  return lines.contains { ($0["text"] as? String)?.contains { !$0.isWhitespace } ?? false }
}

var undocumented: [Undocumented] = []
var documentedExtensions: Set<String> = []
var extensionBlocks: [String: Undocumented] = [:]
var symbolCount = 0
var graphs: [[String: Any]] = []
for file in arguments.dropFirst() {
  guard let data = FileManager.default.contents(atPath: file),
    let graph = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
    let symbols = graph["symbols"] as? [[String: Any]]
  else {
    FileHandle.standardError.write("cannot read the symbol graph \(file)\n".data(using: .utf8)!)
    exit(2)
  }
  if moduleName.isEmpty, let module = graph["module"] as? [String: Any] {
    moduleName = module["name"] as? String ?? ""
  }
  graphs.append(["symbols": symbols])
}
let targets = extensionFileTargets(in: catalog, module: moduleName)

for graph in graphs {
  for symbol in graph["symbols"] as! [[String: Any]] {
    let identifier = (symbol["identifier"] as? [String: Any])?["precise"] as? String ?? ""
    if identifier.contains("::SYNTHESIZED::") { continue }
    symbolCount += 1
    let kind = (symbol["kind"] as? [String: Any])?["identifier"] as? String ?? "?"
    let path = (symbol["pathComponents"] as? [String] ?? []).joined(separator: "/")
    let location = symbol["location"] as? [String: Any]
    let uri = (location?["uri"] as? String).map { $0.replacingOccurrences(of: "file://", with: "") }
    let line = ((location?["position"] as? [String: Any])?["line"] as? Int).map { $0 + 1 }
    var place = "(compiler-generated)"
    if let uri {
      let relative = uri.components(separatedBy: "/Sources/").dropFirst().joined(separator: "/Sources/")
      place = (relative.isEmpty ? uri : "Sources/" + relative) + (line.map { ":\($0)" } ?? "")
    }
    let entry = Undocumented(kind: kind, path: path, location: place)
    let documented = hasDocComment(symbol) || targets.contains(path)
    if kind == "swift.extension" {
      if documented { documentedExtensions.insert(path) } else { extensionBlocks[path] = entry }
    } else if !documented {
      undocumented.append(entry)
    }
  }
}
for (path, entry) in extensionBlocks where !documentedExtensions.contains(path) {
  undocumented.append(entry)
}

if undocumented.isEmpty {
  print("every public symbol of \(moduleName) is documented (\(symbolCount) symbols)")
  exit(0)
}
print("\(undocumented.count) of \(symbolCount) public symbols of \(moduleName) have no documentation:")
for entry in undocumented.sorted() {
  print("  \(entry.location): \(entry.kind) \(entry.path)")
}
exit(1)
