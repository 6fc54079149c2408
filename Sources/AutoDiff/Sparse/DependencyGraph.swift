/// The graph one sparsity detection builds as the function runs: which inputs each
/// value depends on, and which pairs of values the function combines non-linearly.
///
/// Nodes 0..<inputCount are the inputs. Every later node joins one or two earlier nodes
/// (its value depends on whatever they depend on) and may carry interactions: a pair
/// (a, b) says that every input a depends on meets every input b depends on in a second
/// derivative. Unions are not materialised as sets while the function runs, so a long sum
/// costs one node per addition instead of a growing set per addition; the sets are read
/// at the end by walking the graph from the outputs.
@usableFromInline
final class DependencyGraph {
  let inputCount: Int
  /// The local detector knows the point, so rules that select an argument by value drop
  /// the other one; the global detector knows no values.
  @usableFromInline let knowsValues: Bool
  /// Hessian detection records interactions; Jacobian detection only needs unions.
  @usableFromInline let recordsInteractions: Bool

  /// For node `inputCount + k`: its operands (−1: none) and the end of its interactions
  /// in `interactions` (they start where node k − 1's end).
  // One detection runs on one thread and nothing else holds these arrays, so their
  // accesses need no dynamic exclusivity checks.
  @exclusivity(unchecked) private(set) var left: [Int32] = []
  @exclusivity(unchecked) private(set) var right: [Int32] = []
  @exclusivity(unchecked) private(set) var interactionEnds: [Int] = []
  @exclusivity(unchecked) private(set) var interactions: [(Int32, Int32)] = []

  @usableFromInline
  init(inputCount: Int, knowsValues: Bool, recordsInteractions: Bool) {
    require(
      inputCount < Int(Int32.max),
      "sparsity detection: \(inputCount) inputs; at most \(Int32.max - 1) are supported")
    self.inputCount = inputCount
    self.knowsValues = knowsValues
    self.recordsInteractions = recordsInteractions
  }

  var nodeCount: Int { inputCount + left.count }

  /// Notes that every input `a` depends on interacts with every input `b` depends on; the
  /// interaction belongs to the next node made.
  @usableFromInline
  func interact(_ a: Int32, _ b: Int32) {
    interactions.append((a, b))
  }

  /// A node depending on `a` and `b` (either may be −1), with the interactions noted
  /// since the previous node.
  @usableFromInline
  func join(_ a: Int32, _ b: Int32) -> Int32 {
    let id = nodeCount
    require(
      id < Int(Int32.max),
      "sparsity detection: the function made more than \(Int32.max) operations on its inputs")
    left.append(a)
    right.append(b)
    interactionEnds.append(interactions.count)
    return Int32(id)
  }

  /// The inputs `node` depends on, appended to `result` (unsorted), marking visited nodes
  /// with `stamp` in `marks`.
  func collectInputs(
    of node: Int32, stamp: Int, marks: inout [Int], stack: inout [Int32], into result: inout [Int]
  ) {
    guard node >= 0, marks[Int(node)] != stamp else { return }
    marks[Int(node)] = stamp
    stack.append(node)
    while let current = stack.popLast() {
      let id = Int(current)
      if id < inputCount {
        result.append(id)
        continue
      }
      let k = id - inputCount
      let l = left[k]
      if l >= 0 && marks[Int(l)] != stamp {
        marks[Int(l)] = stamp
        stack.append(l)
      }
      let r = right[k]
      if r >= 0 && marks[Int(r)] != stamp {
        marks[Int(r)] = stamp
        stack.append(r)
      }
    }
  }

  /// Row i: the inputs output i depends on, sorted.
  @usableFromInline
  func jacobianRows(of outputs: [Int32]) -> [[Int]] {
    var marks = [Int](repeating: -1, count: nodeCount)
    var stack: [Int32] = []
    var rows: [[Int]] = []
    rows.reserveCapacity(outputs.count)
    for (i, node) in outputs.enumerated() {
      var row: [Int] = []
      collectInputs(of: node, stamp: i, marks: &marks, stack: &stack, into: &row)
      row.sort()
      rows.append(row)
    }
    return rows
  }

  /// The symmetric pattern of the second derivatives of the value at `output`: every
  /// interaction reachable from it, expanded into input pairs.
  @usableFromInline
  func hessianPattern(of output: Int32) -> SparsityPattern {
    var reached = [Bool](repeating: false, count: nodeCount)
    var stack: [Int32] = []
    // Every pair (i, j) found, both ways round, in two flat arrays: no array per row.
    var pairRows: [Int] = []
    var pairColumns: [Int] = []
    var marks = [Int](repeating: -1, count: nodeCount)
    var walk: [Int32] = []
    var stamp = 0
    var a: [Int] = []
    var b: [Int] = []
    if output >= 0 {
      reached[Int(output)] = true
      stack.append(output)
    }
    while let current = stack.popLast() {
      let id = Int(current)
      guard id >= inputCount else { continue }
      let k = id - inputCount
      let l = left[k]
      if l >= 0 && !reached[Int(l)] {
        reached[Int(l)] = true
        stack.append(l)
      }
      let r = right[k]
      if r >= 0 && !reached[Int(r)] {
        reached[Int(r)] = true
        stack.append(r)
      }
      let start = k == 0 ? 0 : interactionEnds[k - 1]
      for (x, y) in interactions[start..<interactionEnds[k]] {
        a.removeAll(keepingCapacity: true)
        b.removeAll(keepingCapacity: true)
        collectInputs(of: x, stamp: stamp, marks: &marks, stack: &walk, into: &a)
        stamp += 1
        collectInputs(of: y, stamp: stamp, marks: &marks, stack: &walk, into: &b)
        stamp += 1
        for i in a {
          for j in b {
            pairRows.append(i)
            pairColumns.append(j)
            pairRows.append(j)
            pairColumns.append(i)
          }
        }
      }
    }
    return SparsityPattern(
      rowCount: inputCount, columnCount: inputCount, rows: pairRows, columns: pairColumns)
  }
}
