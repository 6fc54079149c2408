import AutoDiff
import RealModule

/// A random straight-line program over every primitive: a DAG whose nodes may share
/// operands (fan-out, common subexpressions), branch on values and loop.
struct FuzzProgram: DifferentiableFunction, CustomStringConvertible, Sendable {
  enum Node: Sendable {
    case input(Int)
    case constant(Double)
    case unary(UnaryPrimitive, Int)
    case activation(Activation, Int)
    case binary(BinaryPrimitive, Int, Int)
    case power(Int, exponent: Int)
    case root(Int, index: Int)
    /// `a > b ? c : d`, a branch on values.
    case select(Int, Int, Int, Int)
    /// v ← rule(v)/2 + base, `count` times, starting from base: a loop.
    case loop(UnaryPrimitive, Int, count: Int)
  }

  var inputCount: Int
  var nodes: [Node]
  var outputs: [Int]

  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var v: [T] = []
    v.reserveCapacity(nodes.count)
    for node in nodes {
      switch node {
      case .input(let i): v.append(x[i])
      case .constant(let c): v.append(T(Int((c * 1024).rounded())) / 1024)
      case .unary(let rule, let a): v.append(v[a].applying(rule))
      case .activation(let rule, let a): v.append(v[a].applying(rule))
      case .binary(let rule, let a, let b): v.append(v[a].applying(rule, v[b]))
      case .power(let a, let n): v.append(T.pow(v[a], n))
      case .root(let a, let n): v.append(T.root(v[a], n))
      case .select(let a, let b, let c, let d): v.append(v[a] > v[b] ? v[c] : v[d])
      case .loop(let rule, let a, let count):
        var current = v[a]
        for _ in 0..<count { current = current.applying(rule) / 2 + v[a] }
        v.append(current)
      }
    }
    return outputs.map { v[$0] }
  }

  var description: String {
    var lines = (0..<inputCount).map { "x\($0)" }
    func name(_ i: Int) -> String { "v\(i)" }
    lines = []
    for (i, node) in nodes.enumerated() {
      let rhs: String
      switch node {
      case .input(let k): rhs = "x\(k)"
      case .constant(let c): rhs = "\((c * 1024).rounded() / 1024)"
      case .unary(let rule, let a): rhs = "\(rule.name)(\(name(a)))"
      case .activation(let rule, let a): rhs = "\(rule.name)(\(name(a)))"
      case .binary(let rule, let a, let b): rhs = "\(rule.name)(\(name(a)), \(name(b)))"
      case .power(let a, let n): rhs = "pow(\(name(a)), \(n))"
      case .root(let a, let n): rhs = "root(\(name(a)), \(n))"
      case .select(let a, let b, let c, let d): rhs = "\(name(a)) > \(name(b)) ? \(name(c)) : \(name(d))"
      case .loop(let rule, let a, let count): rhs = "loop ×\(count): v ← \(rule.name)(v)/2 + \(name(a))"
      }
      lines.append("\(name(i)) = \(rhs)")
    }
    lines.append("outputs: " + outputs.map(name).joined(separator: ", "))
    return lines.joined(separator: "; ")
  }

  /// Whether the program is one primitive applied to inputs (no loop or branch).
  var isSinglePrimitive: Bool {
    guard nodes.count - inputCount == 1, let last = nodes.last else { return nodes.count == inputCount }
    switch last {
    case .unary, .activation, .binary, .power, .root, .input, .constant: return true
    case .select, .loop: return false
    }
  }

  /// A random program with `inputCount` inputs and up to `size` further nodes.
  static func random(inputCount: Int, size: Int, using g: inout SeededGenerator) -> FuzzProgram {
    var nodes: [Node] = (0..<inputCount).map { .input($0) }
    func pick() -> Int {
      // Prefer recent nodes (deep chains) but reach back too (fan-out, sharing).
      let n = nodes.count
      return Bool.random(using: &g) ? Int.random(in: Swift.max(0, n - 3)..<n, using: &g) : Int.random(in: 0..<n, using: &g)
    }
    for _ in 0..<size {
      let roll = Int.random(in: 0..<100, using: &g)
      let node: Node
      switch roll {
      case 0..<35: node = .unary(UnaryPrimitive.allCases.randomElement(using: &g)!, pick())
      case 35..<40: node = .activation(Activation.allCases.randomElement(using: &g)!, pick())
      case 40..<75: node = .binary(BinaryPrimitive.allCases.randomElement(using: &g)!, pick(), pick())
      case 75..<82: node = .power(pick(), exponent: Int.random(in: -3...4, using: &g))
      case 82..<86: node = .root(pick(), index: Int.random(in: 1...4, using: &g))
      case 86..<91: node = .select(pick(), pick(), pick(), pick())
      case 91..<95: node = .loop([.sin, .tanh, .atan, .cos].randomElement(using: &g)!, pick(), count: Int.random(in: 1...5, using: &g))
      default: node = .constant(Double.random(in: -2...2, using: &g))
      }
      nodes.append(node)
    }
    let outputCount = Int.random(in: 1...3, using: &g)
    let outputs = (0..<outputCount).map { _ in Int.random(in: Swift.max(0, nodes.count - 4)..<nodes.count, using: &g) }
    return FuzzProgram(inputCount: inputCount, nodes: nodes, outputs: outputs)
  }

  /// Smaller programs derived from this one: each node replaced by an input, or the
  /// outputs cut down, for shrinking a failure.
  func simplifications() -> [FuzzProgram] {
    var candidates: [FuzzProgram] = []
    if outputs.count > 1 {
      for i in outputs.indices {
        var p = self
        p.outputs = [outputs[i]]
        candidates.append(p)
      }
    }
    for i in inputCount..<nodes.count {
      if case .input = nodes[i] { continue }
      var p = self
      p.nodes[i] = .input(0)
      candidates.append(p)
    }
    return candidates
  }

  /// The nodes that reach an output, renumbered: the program as printed after shrinking.
  func pruned() -> FuzzProgram {
    var live = Set(outputs)
    for i in nodes.indices.reversed() where live.contains(i) {
      switch nodes[i] {
      case .input, .constant: break
      case .unary(_, let a), .activation(_, let a), .power(let a, _), .root(let a, _), .loop(_, let a, _): live.insert(a)
      case .binary(_, let a, let b): live.formUnion([a, b])
      case .select(let a, let b, let c, let d): live.formUnion([a, b, c, d])
      }
    }
    var map: [Int: Int] = [:]
    var kept: [Node] = []
    for i in nodes.indices where live.contains(i) || i < inputCount {
      map[i] = kept.count
      let m = { (k: Int) in map[k]! }
      switch nodes[i] {
      case .input, .constant: kept.append(nodes[i])
      case .unary(let r, let a): kept.append(.unary(r, m(a)))
      case .activation(let r, let a): kept.append(.activation(r, m(a)))
      case .binary(let r, let a, let b): kept.append(.binary(r, m(a), m(b)))
      case .power(let a, let n): kept.append(.power(m(a), exponent: n))
      case .root(let a, let n): kept.append(.root(m(a), index: n))
      case .select(let a, let b, let c, let d): kept.append(.select(m(a), m(b), m(c), m(d)))
      case .loop(let r, let a, let count): kept.append(.loop(r, m(a), count: count))
      }
    }
    return FuzzProgram(inputCount: inputCount, nodes: kept, outputs: outputs.map { map[$0]! })
  }
}
