import AutoDiff
import AutoDiffTeaching
import Testing

@Suite("Layered layout")
struct LayeredLayoutTests {
  /// Every edge goes strictly forward, every long edge has one bend per layer it
  /// crosses, and every node and bend appears exactly once.
  static func checkConsistent(_ layout: LayeredLayout, nodeCount: Int) {
    for edge in layout.edges { #expect(layout.layer[edge.from] < layout.layer[edge.to], "\(edge)") }
    var seen = Set<LayeredLayout.Slot>()
    for (k, row) in layout.layers.enumerated() {
      for slot in row {
        #expect(seen.insert(slot).inserted, "\(slot) twice")
        #expect(layout.layer(of: slot) == k)
      }
    }
    let nodes = seen.filter { if case .node = $0 { return true } else { return false } }
    #expect(nodes.count == nodeCount)
    for index in layout.edges.indices {
      let route = layout.route(of: index)
      #expect(route.map(layout.layer(of:)) == Array(layout.layer[layout.edges[index].from]...layout.layer[layout.edges[index].to]))
      #expect(route.allSatisfy(seen.contains))
    }
  }

  @Test("longest-path layers: a node sits one layer after its deepest operand")
  func longestPath() {
    // a, b, v2 = a + b, v3 = a · v2
    let layout = LayeredLayout(operands: [[], [], [0, 1], [0, 2]])
    #expect(layout.layer == [0, 0, 1, 2])
    #expect(layout.edges.count == 4)
    #expect(layout.layers[1].contains(.bend(edge: 2, layer: 1)))
    Self.checkConsistent(layout, nodeCount: 4)
  }

  @Test("a node used twice by one operation gives two edges")
  func repeatedOperand() {
    let layout = LayeredLayout(operands: [[], [0, 0]])
    #expect(layout.edges.map(\.from) == [0, 0])
    #expect(layout.layer == [0, 1])
  }

  @Test("the barycentre sweeps remove the crossing of the list's own order")
  func barycentre() {
    // Inputs a, b; v2 uses b, v3 uses a: in list order the two edges cross.
    let unswept = LayeredLayout(operands: [[], [], [1], [0]], sweeps: 0)
    #expect(unswept.crossings == 1)
    let swept = LayeredLayout(operands: [[], [], [1], [0]])
    #expect(swept.crossings == 0)
    Self.checkConsistent(swept, nodeCount: 4)
  }

  @Test("random Wengert lists: consistent layouts, and sweeping never adds crossings", arguments: 0..<8)
  func random(seed: UInt64) {
    var generator = SeededGenerator(seed: 0x1A7E_12ED &+ seed)
    var operands: [[Int]] = [[], [], []]
    for node in 3..<20 {
      let count = Int.random(in: 1...2, using: &generator)
      operands.append((0..<count).map { _ in Int.random(in: 0..<node, using: &generator) })
    }
    let layout = LayeredLayout(operands: operands)
    Self.checkConsistent(layout, nodeCount: operands.count)
    #expect(layout.crossings <= LayeredLayout(operands: operands, sweeps: 0).crossings)
  }

  @Test("an operand that does not come before its node stops with a message")
  func forwardReference() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = LayeredLayout(operands: [[], [2], []])
    }
    #expect(standardError(of: result).contains("LayeredLayout: node 1 depends on node 2, which does not come before it"))
  }
}
