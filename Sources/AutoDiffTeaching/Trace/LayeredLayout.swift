/// A layered (Sugiyama-style) layout of a directed acyclic graph whose nodes are already
/// in topological order, as a Wengert list's are.
///
/// - **Layers** by longest path: a node without operands sits in layer 0, any other in
///   the layer after its deepest operand, so every edge goes strictly forward.
/// - **Bends**: an edge spanning several layers gets a bend slot in each layer it passes
///   through, so that it is routed between the nodes rather than through them.
/// - **Order** within a layer by the barycentre heuristic: a sweep down the layers places
///   each slot at the mean position of its predecessors, a sweep back up at the mean
///   position of its successors; of the orders seen, the one with the fewest crossings
///   is kept. The first order is the list's, so sweeping never makes it worse.
///
/// Complexity: O(sweeps · (V · E + S²)) for V slots, E edges and S segments between
/// adjacent layers: written for clarity at the size of a hand trace (tens of operations),
/// not for large graphs.
public struct LayeredLayout: Sendable {
  /// What occupies one position in a layer.
  public enum Slot: Sendable, Hashable {
    /// A node of the graph, by index.
    case node(Int)
    /// A bend of edge `edge` (an index into ``edges``) passing through layer `layer`.
    case bend(edge: Int, layer: Int)
  }

  /// Every operand reference, in node order then operand order: (operand, node).
  public let edges: [(from: Int, to: Int)]
  /// The layer of each node.
  public let layer: [Int]
  /// The slots of each layer, in drawing order.
  public private(set) var layers: [[Slot]]

  /// Lays out the graph in which node i depends on the nodes `operands[i]`.
  ///
  /// Every operand must be an earlier node: the list is its own topological order.
  public init(operands: [[Int]], sweeps: Int = 2) {
    require(sweeps >= 0, "LayeredLayout: sweeps must be at least 0, got \(sweeps)")
    var edges: [(from: Int, to: Int)] = []
    var layer: [Int] = []
    for (node, list) in operands.enumerated() {
      var depth = 0
      for operand in list {
        require(
          operand >= 0 && operand < node,
          "LayeredLayout: node \(node) depends on node \(operand), which does not come before it")
        edges.append((operand, node))
        depth = max(depth, layer[operand] + 1)
      }
      layer.append(depth)
    }
    self.edges = edges
    self.layer = layer

    var layers = Array(repeating: [Slot](), count: (layer.max() ?? -1) + 1)
    for node in layer.indices { layers[layer[node]].append(.node(node)) }
    for (index, edge) in edges.enumerated() where layer[edge.to] - layer[edge.from] > 1 {
      for passing in layer[edge.from] + 1..<layer[edge.to] {
        layers[passing].append(.bend(edge: index, layer: passing))
      }
    }
    self.layers = layers

    var best = layers
    var fewest = crossings
    for _ in 0..<sweeps {
      for k in self.layers.indices.dropFirst() { reorder(layer: k, downward: true) }
      for k in self.layers.indices.dropLast().reversed() { reorder(layer: k, downward: false) }
      if crossings < fewest {
        fewest = crossings
        best = self.layers
      }
    }
    self.layers = best
  }

  /// The position of a slot within its layer.
  public func index(of slot: Slot) -> Int {
    guard let index = layers[layer(of: slot)].firstIndex(of: slot) else {
      stopMisuse("LayeredLayout: \(slot) is not in the layout")
    }
    return index
  }

  /// The layer a slot is in.
  public func layer(of slot: Slot) -> Int {
    switch slot {
    case .node(let node): return layer[node]
    case .bend(_, let k): return k
    }
  }

  /// The slots edge `index` passes through, from its operand to its result.
  public func route(of index: Int) -> [Slot] {
    let edge = edges[index]
    let bends = (layer[edge.from] + 1..<layer[edge.to]).map { Slot.bend(edge: index, layer: $0) }
    return [.node(edge.from)] + bends + [.node(edge.to)]
  }

  /// Pairs of edge segments between adjacent layers that cross.
  public var crossings: Int {
    var count = 0
    for k in layers.indices.dropLast() {
      let here = positions(in: k)
      let next = positions(in: k + 1)
      let segments = layers[k + 1].flatMap { slot in predecessors(of: slot).map { (here[$0]!, next[slot]!) } }
      for i in segments.indices {
        for j in segments.indices where j > i {
          let (a, b) = (segments[i], segments[j])
          if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) { count += 1 }
        }
      }
    }
    return count
  }

  /// The slots in the previous layer that feed `slot`.
  private func predecessors(of slot: Slot) -> [Slot] {
    let k = layer(of: slot)
    let incoming: [Int]
    switch slot {
    case .node(let node): incoming = edges.indices.filter { edges[$0].to == node }
    case .bend(let edge, _): incoming = [edge]
    }
    return incoming.map { route(of: $0).first { layer(of: $0) == k - 1 }! }
  }

  /// The slots in the next layer that `slot` feeds.
  private func successors(of slot: Slot) -> [Slot] {
    let k = layer(of: slot)
    let outgoing: [Int]
    switch slot {
    case .node(let node): outgoing = edges.indices.filter { edges[$0].from == node }
    case .bend(let edge, _): outgoing = [edge]
    }
    return outgoing.map { route(of: $0).first { layer(of: $0) == k + 1 }! }
  }

  private func positions(in k: Int) -> [Slot: Int] {
    Dictionary(uniqueKeysWithValues: layers[k].enumerated().map { ($1, $0) })
  }

  /// Sorts layer `k` by the mean position of each slot's neighbours in the layer before
  /// it (`downward`) or after it; a slot without neighbours there keeps its place.
  private mutating func reorder(layer k: Int, downward: Bool) {
    let adjacent = positions(in: downward ? k - 1 : k + 1)
    let keyed = layers[k].enumerated().map { index, slot -> (Double, Int, Slot) in
      let neighbours = (downward ? predecessors(of: slot) : successors(of: slot)).map { adjacent[$0]! }
      let centre = neighbours.isEmpty ? Double(index) : Double(neighbours.reduce(0, +)) / Double(neighbours.count)
      return (centre, index, slot)
    }
    layers[k] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
  }
}
