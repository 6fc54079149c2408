// The computational graph drawn by the package itself: `autodiff trace --svg FILE`.
extension ExpressionTrace {
  /// The layered layout of the Wengert list: one node per entry, one edge per operand
  /// that is an entry (constants are folded into their operation's label).
  public var graphLayout: LayeredLayout {
    LayeredLayout(operands: list.entries.map { $0.dependencies.map(\.entry) })
  }

  /// The computational graph as a standalone SVG, laid out in layers from the inputs
  /// on the left to the output on the right, without Graphviz.
  ///
  /// Each entry is one rounded box (`rect`) with its definition, value and adjoint v̄
  /// (inputs shaded, the output outlined in orange); each operand reference is one
  /// `polyline` with an arrowhead (`polygon`), labelled with the local partial ∂vᵢ/∂vⱼ.
  public func svg() -> String {
    let layout = graphLayout
    let labels = list.entries.map { entry -> [String] in
      [
        "\(entry.name) = \(entry.definition)", "value \(NumberFormat.value(entry.value))",
        "v̄ = \(NumberFormat.value(adjointSweep.adjoints[entry.index]))",
      ]
    }
    let longest = labels.flatMap { $0 }.map(\.count).max() ?? 0
    let box = (width: max(110, Double(longest) * 7 + 20), height: 58.0)
    let gap = (x: 150.0, y: 28.0)
    let margin = 24.0
    let titleHeight = 36.0
    let rows = layout.layers.map(\.count).max() ?? 0
    let columnHeight = Double(rows) * box.height + Double(max(0, rows - 1)) * gap.y
    let width = 2 * margin + Double(layout.layers.count) * box.width + Double(max(0, layout.layers.count - 1)) * gap.x
    let height = 2 * margin + titleHeight + columnHeight

    // The centre of a slot; each layer's slots are centred vertically.
    func centre(_ slot: LayeredLayout.Slot) -> (x: Double, y: Double) {
      let k = layout.layer(of: slot)
      let count = Double(layout.layers[k].count)
      let top = margin + titleHeight + (columnHeight - (count * box.height + (count - 1) * gap.y)) / 2
      return (
        margin + Double(k) * (box.width + gap.x) + box.width / 2,
        top + Double(layout.index(of: slot)) * (box.height + gap.y) + box.height / 2
      )
    }

    var document = SVGDocument(width: width, height: height)
    let values = zip(point.names, point.values).map { "\($0) = \(NumberFormat.value($1))" }
    document.text(
      "f = \(source)   at   \(values.joined(separator: ", "))", at: (margin, margin + 12), size: 14, weight: "bold")

    let edgeColour = "#555555"
    for (index, edge) in layout.edges.enumerated() {
      var points = layout.route(of: index).map(centre)
      points[0].x += box.width / 2
      points[points.count - 1].x -= box.width / 2 + 7
      document.polyline(points, stroke: edgeColour, strokeWidth: 1.2)
      let tip = (x: points[points.count - 1].x + 7, y: points[points.count - 1].y)
      document.polygon([(tip.x, tip.y), (tip.x - 8, tip.y - 4), (tip.x - 8, tip.y + 4)], fill: edgeColour)
      // The label sits at the middle of the first segment, clear of both boxes; edges
      // that share both ends (x*x) stack their labels.
      let partial = list.entries[edge.to].dependencies.filter { $0.entry == edge.from }
      let position = layout.edges[..<index].filter { $0.from == edge.from && $0.to == edge.to }.count
      let label = "∂/∂v\(edge.from) = \(NumberFormat.value(partial[position].partial))"
      let middle = (x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2)
      document.text(label, at: (middle.x, middle.y - 5 + Double(position) * 14), anchor: .middle, size: 11, fill: "#333333")
    }

    for entry in list.entries {
      let middle = centre(.node(entry.index))
      let isInput = entry.index < list.inputCount
      let isOutput = list.output == .entry(entry.index)
      document.rectangle(
        x: middle.x - box.width / 2, y: middle.y - box.height / 2, width: box.width, height: box.height,
        fill: isInput ? "#dbeafe" : "#ffffff", stroke: isOutput ? "#D55E00" : "#333333",
        strokeWidth: isOutput ? 2.5 : 1, cornerRadius: 8)
      for (line, text) in labels[entry.index].enumerated() {
        document.text(
          text, at: (middle.x, middle.y - 10 + Double(line) * 15), anchor: .middle, size: 12,
          weight: line == 0 ? "bold" : nil)
      }
    }
    return document.rendered()
  }
}
