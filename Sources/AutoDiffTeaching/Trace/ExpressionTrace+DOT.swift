// The computational graph for Graphviz: `autodiff trace --dot FILE`.
extension ExpressionTrace {
  /// The computational graph in Graphviz's DOT language.
  ///
  /// One node per entry (inputs as boxes, the output with a double outline), labelled
  /// with its value and its adjoint v̄; one edge per dependency, labelled with the local
  /// partial; constants as plain text feeding their operation with a dashed edge.
  /// Render it with `dot -Tsvg graph.dot -o graph.svg`.
  public func dot() -> String {
    let values = zip(point.names, point.values).map { "\($0) = \(NumberFormat.value($1))" }
    var lines = [
      "digraph wengert {",
      "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, "
        + "label=\(Self.quoted("f = \(source)  at  \(values.joined(separator: ", "))"))];",
      "  node [fontname=\"Helvetica\", fontsize=12];",
      "  edge [fontname=\"Helvetica\", fontsize=10, color=\"#555555\"];",
    ]
    var constantCount = 0
    for entry in list.entries {
      let isInput = entry.index < list.inputCount
      let isOutput = list.output == .entry(entry.index)
      let heading = isInput ? "\(entry.name) = \(entry.definition)" : "\(entry.name) = \(entry.operation.name)"
      let label = "\(heading)\nvalue \(NumberFormat.value(entry.value))\nv̄ = \(NumberFormat.value(adjointSweep.adjoints[entry.index]))"
      var attributes = ["label=\(Self.quoted(label))"]
      if isInput {
        attributes += ["shape=box", "style=\"rounded,filled\"", "fillcolor=\"#dbeafe\""]
      } else {
        attributes += ["shape=ellipse"]
      }
      if isOutput { attributes += ["peripheries=2", "color=\"#D55E00\""] }
      lines.append("  \(entry.name) [\(attributes.joined(separator: ", "))];")
      for (position, operand) in entry.operands.enumerated() {
        switch operand {
        case .entry(let j):
          let partial = "∂/∂v\(j) = \(NumberFormat.value(entry.partials[position]))"
          lines.append("  v\(j) -> \(entry.name) [label=\(Self.quoted(partial))];")
        case .constant(let c):
          let name = "c\(constantCount)"
          constantCount += 1
          lines.append("  \(name) [shape=plaintext, label=\(Self.quoted(NumberFormat.value(c)))];")
          lines.append("  \(name) -> \(entry.name) [style=dashed];")
        }
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A DOT string literal: quotes and backslashes escaped, newlines as `\n`.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      default: result.append(character)
      }
    }
    return result + "\""
  }
}
