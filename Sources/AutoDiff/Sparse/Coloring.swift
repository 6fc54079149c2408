/// The order in which a greedy colouring visits the vertices (the columns, rows or
/// variables of a sparsity pattern).
///
/// Greedy colouring gives each vertex, in turn, the smallest colour its already-coloured
/// neighbours allow, so the order decides the number of colours. None is best on every
/// graph; the survey of Gebremedhin, Manne & Pothen 2005 ("What color is your Jacobian?
/// Graph coloring for computing derivatives", SIAM Review 47) compares them on
/// derivative matrices, where largest-first and smallest-last usually do well. Degrees
/// are counted in the graph being coloured: the column intersection graph for a
/// Jacobian, the adjacency graph for a Hessian. Ties go to the smaller index, so every
/// order is deterministic.
public enum ColoringOrder: Sendable, Hashable, CaseIterable {
  /// Vertex 0, 1, 2, …: ideal for banded patterns, whose bands it colours cyclically.
  case natural
  /// Decreasing degree, ties by increasing index (Welsh & Powell 1967): the vertices with
  /// the most constraints get the small colours first.
  case largestFirst
  /// Smallest-last (Matula & Beck 1983): repeatedly remove a vertex of least degree from
  /// what is left of the graph, then colour in the reverse of removal order, so that
  /// each vertex has few coloured neighbours when its turn comes. A distance-1 colouring
  /// in this order uses at most one more colour than the graph's degeneracy.
  case smallestLast
  /// Incidence degree (Coleman & Moré 1983): next, the vertex with the most neighbours
  /// already ordered, starting from one of largest degree; ties go to the vertex that
  /// reached its count most recently.
  case incidenceDegree
}

/// A colouring of the vertices of a graph made from a sparsity pattern: each vertex (a
/// column, a row or a variable) has a colour in `0..<colorCount`, and every colour in
/// that range is used.
///
/// The vertices of one colour can share one directional derivative: one forward-mode
/// tangent lane for a column colouring, one reverse-mode cotangent for a row colouring,
/// one Hessian–vector product for a star colouring. A Jacobian of an F: Rⁿ → Rᵐ then
/// costs `colorCount` passes instead of n (or m).
///
/// ```swift
/// let tridiagonal = SparsityPattern(
///   rowCount: 4, columnCount: 4,
///   entries: [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (2, 3),
///             (3, 2), (3, 3)])
/// let coloring = tridiagonal.columnColoring(order: .natural)
/// coloring.colors               // [0, 1, 2, 0]
/// coloring.members(ofColor: 0)  // [0, 3]
/// ```
public struct Coloring: Sendable, Hashable {
  /// The colour of each vertex, from 0.
  public let colors: [Int]
  /// The number of colours: one more than the largest entry of ``colors``.
  public let colorCount: Int

  /// A colouring with the given colours, which must be non-negative; the colour count is
  /// one more than the largest. Not checked for validity against any pattern.
  init(colors: [Int]) {
    var largest = -1
    for (v, c) in colors.enumerated() {
      require(c >= 0, "Coloring: vertex \(v) has the negative colour \(c)")
      largest = Swift.max(largest, c)
    }
    self.colors = colors
    colorCount = largest + 1
  }

  /// The vertices of colour `c`, increasing.
  ///
  /// - Complexity: O(number of vertices).
  public func members(ofColor c: Int) -> [Int] {
    require(
      c >= 0 && c < colorCount,
      "Coloring.members(ofColor:): colour \(c) is outside 0..<\(colorCount)")
    return colors.indices.filter { colors[$0] == c }
  }

  /// The seed (compression) matrix S, one row per vertex and one column per colour, with
  /// S[v][colors[v]] = 1 and 0 elsewhere.
  ///
  /// J·S adds up the columns of J that share a colour: with a valid column colouring no
  /// two of them have an entry in the same row, so every entry of J survives the sum
  /// unmixed. Meant for teaching and pictures; the compressed evaluation itself never
  /// builds it.
  public var seedMatrix: [[Int]] {
    colors.map { c in
      var row = [Int](repeating: 0, count: colorCount)
      row[c] = 1
      return row
    }
  }
}

extension SparsityPattern {
  /// A distance-1 colouring of the column intersection graph: columns j and k are
  /// adjacent when some row has entries in both.
  ///
  /// Columns of one colour are then structurally orthogonal (no row has entries in two of
  /// them), so the compressed matrix B = J·S, one column per colour, holds every entry
  /// of J unmixed: J[i][j] = B[i][colors[j]]. In forward mode that is one JVP lane per
  /// colour (Curtis, Powell & Reid 1974; Coleman & Moré 1983, "Estimation of sparse
  /// Jacobian matrices and graph coloring problems").
  ///
  /// The columns meeting in one row need distinct colours, so no column colouring uses
  /// fewer colours than the largest number of entries in one row,
  /// ``colorCountLowerBound``. (A long column costs nothing here: it bounds the row
  /// colouring, ``rowColorCountLowerBound``.) A banded pattern of half-bandwidth b gets exactly 2b + 1 colours
  /// with `.natural` or `.largestFirst`.
  ///
  /// - Parameter order: The order of the greedy colouring.
  /// - Complexity: O(n + Σ over rows of (entries in the row)²), for the colouring and for
  ///   every order.
  public func columnColoring(order: ColoringOrder = .largestFirst) -> Coloring {
    let graph = ColumnIntersectionGraph(columns: self, rows: transposed)
    return greedyDistance1Coloring(graph, visiting: coloringOrder(order, of: graph))
  }

  /// A distance-1 colouring of the row intersection graph: the column colouring of the
  /// ``transposed`` pattern.
  ///
  /// Rows of one colour share no column, so the compressed matrix Sᵀ·J holds every entry
  /// of J unmixed: J[i][j] = (Sᵀ·J)[colors[i]][j]. In reverse mode that is one cotangent
  /// (one VJP) per colour. Prefer it to ``columnColoring(order:)`` when it needs fewer
  /// colours, typically when J has fewer rows than columns.
  ///
  /// - Parameter order: The order of the greedy colouring.
  /// - Complexity: O(m + Σ over columns of (entries in the column)²).
  public func rowColoring(order: ColoringOrder = .largestFirst) -> Coloring {
    transposed.columnColoring(order: order)
  }

  /// A star colouring of the adjacency graph of this symmetric pattern, the pattern of a
  /// Hessian: the vertices are the variables and each off-diagonal entry (i, j) is an
  /// edge i–j.
  ///
  /// A star colouring is a distance-1 colouring in which every path on four vertices uses
  /// at least three colours, so that any two colour classes induce a union of stars.
  /// Then every entry of H can be read directly from B = H·S, one Hessian–vector product
  /// per colour: H[i][j] = B[i][colors[j]] when j is the only neighbour of i in its
  /// colour, otherwise H[j][i] = B[j][colors[i]] (Coleman & Moré 1984, "Estimation of
  /// sparse Hessian matrices and graph coloring problems"; Gebremedhin, Manne & Pothen
  /// 2005, "What color is your Jacobian?"). Symmetry is what lets a star colouring use
  /// fewer colours than the column colouring of the same pattern: a tridiagonal Hessian
  /// needs 3 either way, but an arrow (variable 0 coupled to every other variable) needs
  /// 2 colours here against n as a Jacobian, well below ``colorCountLowerBound``: the
  /// neighbours of one variable may share a colour.
  ///
  /// The greedy gives each vertex, in the chosen order, the smallest colour that keeps
  /// the coloured part a star colouring. Like the algorithm of Gebremedhin, Tarafdar,
  /// Manne & Pothen 2007 ("New acyclic and star coloring algorithms with application to
  /// computing Hessians", SIAM J. Sci. Comput. 29) it follows the two-coloured stars as
  /// they grow instead of searching for bicoloured paths; it records, for each vertex,
  /// how many neighbours it has of each colour and the colours of the star centres it is
  /// a leaf of, so a vertex adjacent to a hub of degree 10⁵ is coloured without looking
  /// at the hub's other neighbours.
  ///
  /// Stops with a message if the pattern is not square or not symmetric.
  ///
  /// - Parameter order: The order of the greedy colouring, by degree in the adjacency
  ///   graph.
  /// - Complexity: O(n + entries + Σ over vertices v of the distinct colours next to each
  ///   neighbour of v), typically linear in the entries; at worst O(Σ over vertices of
  ///   degree²).
  public func starColoring(order: ColoringOrder = .largestFirst) -> Coloring {
    requireSymmetric("starColoring")
    let graph = AdjacencyGraph(pattern: self)
    return greedyStarColoring(of: self, visiting: coloringOrder(order, of: graph))
  }

  /// Where to read each entry of this symmetric pattern from B = H·S, S the seed matrix of
  /// `coloring`: for entry p at (i, j), H[i][j] == B[sources[p].row][sources[p].color].
  ///
  /// A diagonal entry is read at (i, colors[i]). An off-diagonal entry is read at
  /// (i, colors[j]) when no other column k ≠ j of colour colors[j] has an entry in row i,
  /// otherwise at (j, colors[i]); a star colouring guarantees that one of them works.
  /// Stops with a message naming the entry if neither does (the colouring is not a star
  /// colouring of this pattern), or if the pattern is not symmetric or the colouring has
  /// the wrong number of vertices.
  @usableFromInline
  func starRecoverySources(_ coloring: Coloring) -> [(row: Int, color: Int)] {
    requireSymmetric("starRecoverySources")
    let colors = coloring.colors
    require(
      colors.count == columnCount,
      "starRecoverySources: the colouring has \(colors.count) vertices for a "
        + "\(rowCount) × \(columnCount) pattern")
    // How often each colour occurs in each row, marked on the entries of that row: for
    // entry p at (i, j), column j seen as row j (symmetry), soleInRow[p] says whether i
    // is the only column of its colour in row j.
    var soleInRow = [Bool](repeating: false, count: nonzeroCount)
    var stamp = [Int](repeating: -1, count: coloring.colorCount)
    var count = [Int](repeating: 0, count: coloring.colorCount)
    for j in 0..<columnCount {
      let range = columnStarts[j]..<columnStarts[j + 1]
      for p in range {
        let c = colors[rowIndices[p]]
        if stamp[c] != j {
          stamp[c] = j
          count[c] = 0
        }
        count[c] += 1
      }
      for p in range { soleInRow[p] = count[colors[rowIndices[p]]] == 1 }
    }
    // The position of the mirror entry (j, i) of each entry (i, j): walking the columns in
    // order fills each column's rows in increasing order.
    var next = Array(columnStarts.dropLast())
    var mirror = [Int](repeating: 0, count: nonzeroCount)
    for j in 0..<columnCount {
      for p in columnStarts[j]..<columnStarts[j + 1] {
        let i = rowIndices[p]
        mirror[p] = next[i]
        next[i] += 1
      }
    }
    var sources: [(row: Int, color: Int)] = []
    sources.reserveCapacity(nonzeroCount)
    for j in 0..<columnCount {
      for p in columnStarts[j]..<columnStarts[j + 1] {
        let i = rowIndices[p]
        if i == j {
          require(
            soleInRow[p],
            "starRecoverySources: the diagonal entry (\(i), \(i)) cannot be recovered: "
              + "another variable of colour \(colors[i]) interacts with variable \(i), "
              + "so the colouring is not a star colouring of this pattern")
          sources.append((i, colors[i]))
        } else if soleInRow[mirror[p]] {
          // j is the only column of its colour in row i.
          sources.append((i, colors[j]))
        } else {
          require(
            soleInRow[p],
            "starRecoverySources: the entry (\(i), \(j)) cannot be recovered: row \(i) has "
              + "another column of colour \(colors[j]) and row \(j) another column of "
              + "colour \(colors[i]), so the colouring is not a star colouring of this "
              + "pattern")
          sources.append((j, colors[i]))
        }
      }
    }
    return sources
  }

  /// Stops unless the pattern is square and symmetric, naming the first entry, column by
  /// column, whose mirror image is missing.
  func requireSymmetric(_ operation: String) {
    require(
      rowCount == columnCount,
      "\(operation): the pattern is \(rowCount) × \(columnCount); a Hessian pattern must "
        + "be square and symmetric")
    if isSymmetric { return }
    for j in 0..<columnCount {
      for i in rows(inColumn: j) where entryIndex(row: j, column: i) == nil {
        stopMisuse(
          "\(operation): the pattern is not symmetric: it has the entry (\(i), \(j)) but "
            + "not (\(j), \(i))")
      }
    }
  }
}

// MARK: - Graphs

/// A graph seen through its neighbour lists, which may repeat a neighbour and may
/// include the vertex itself: the colouring and ordering code filters both out.
protocol ColoringGraph {
  var vertexCount: Int { get }
  func forEachNeighbor(of v: Int, _ body: (Int) -> Void)
}

/// The column intersection graph of a pattern: the columns, adjacent when they share a
/// row. Never built: the neighbours of column j are the columns of j's rows.
struct ColumnIntersectionGraph: ColoringGraph {
  /// The pattern in CSC form.
  let columns: SparsityPattern
  /// The same pattern in CSR form (its transpose).
  let rows: SparsityPattern

  var vertexCount: Int { columns.columnCount }

  @inline(__always)
  func forEachNeighbor(of v: Int, _ body: (Int) -> Void) {
    for p in columns.columnStarts[v]..<columns.columnStarts[v + 1] {
      let i = columns.rowIndices[p]
      for q in rows.columnStarts[i]..<rows.columnStarts[i + 1] { body(rows.rowIndices[q]) }
    }
  }
}

/// The adjacency graph of a symmetric pattern: the variables, adjacent when the pattern
/// has the off-diagonal entry between them.
struct AdjacencyGraph: ColoringGraph {
  let pattern: SparsityPattern

  var vertexCount: Int { pattern.columnCount }

  @inline(__always)
  func forEachNeighbor(of v: Int, _ body: (Int) -> Void) {
    for p in pattern.columnStarts[v]..<pattern.columnStarts[v + 1] { body(pattern.rowIndices[p]) }
  }
}

/// The number of distinct neighbours of each vertex, other than itself.
func distinctDegrees<Graph: ColoringGraph>(of graph: Graph) -> [Int] {
  let n = graph.vertexCount
  var degrees = [Int](repeating: 0, count: n)
  var seen = [Int](repeating: -1, count: n)
  for v in 0..<n {
    seen[v] = v
    var degree = 0
    graph.forEachNeighbor(of: v) { w in
      if seen[w] != v {
        seen[w] = v
        degree += 1
      }
    }
    degrees[v] = degree
  }
  return degrees
}

// MARK: - Orders

/// The vertices of `graph` in the greedy visiting order `order`.
func coloringOrder<Graph: ColoringGraph>(_ order: ColoringOrder, of graph: Graph) -> [Int] {
  switch order {
  case .natural: return Array(0..<graph.vertexCount)
  case .largestFirst: return largestFirstOrder(degrees: distinctDegrees(of: graph))
  case .smallestLast: return smallestLastOrder(of: graph)
  case .incidenceDegree: return incidenceDegreeOrder(of: graph)
  }
}

/// The vertices by decreasing degree, ties by increasing index: a counting sort.
func largestFirstOrder(degrees: [Int]) -> [Int] {
  let largest = degrees.max() ?? 0
  var starts = [Int](repeating: 0, count: largest + 2)
  for d in degrees { starts[largest - d + 1] += 1 }
  for k in 0..<(largest + 1) { starts[k + 1] += starts[k] }
  var order = [Int](repeating: 0, count: degrees.count)
  for (v, d) in degrees.enumerated() {
    order[starts[largest - d]] = v
    starts[largest - d] += 1
  }
  return order
}

/// Vertices in buckets by a small integer key, each bucket a doubly linked list, so a
/// vertex moves to a neighbouring key in O(1): the bucket queue of smallest-last and
/// incidence-degree ordering.
struct BucketQueue {
  private(set) var key: [Int]
  private var head: [Int]
  private var next: [Int]
  private var previous: [Int]

  /// An empty queue for `vertexCount` vertices and keys in 0...largestKey.
  init(vertexCount: Int, largestKey: Int) {
    key = [Int](repeating: -1, count: vertexCount)
    head = [Int](repeating: -1, count: largestKey + 1)
    next = [Int](repeating: -1, count: vertexCount)
    previous = [Int](repeating: -1, count: vertexCount)
  }

  /// The first vertex with key `k`, or -1.
  func first(withKey k: Int) -> Int { head[k] }

  /// Puts `v` at the front of bucket `k`.
  mutating func insert(_ v: Int, key k: Int) {
    key[v] = k
    previous[v] = -1
    next[v] = head[k]
    if head[k] >= 0 { previous[head[k]] = v }
    head[k] = v
  }

  /// Takes `v` out of its bucket.
  mutating func remove(_ v: Int) {
    if previous[v] >= 0 { next[previous[v]] = next[v] } else { head[key[v]] = next[v] }
    if next[v] >= 0 { previous[next[v]] = previous[v] }
    key[v] = -1
  }

  /// Moves `v` to the front of bucket `k`.
  mutating func move(_ v: Int, toKey k: Int) {
    remove(v)
    insert(v, key: k)
  }
}

/// Smallest-last: remove a vertex of least remaining degree until none is left; the
/// colouring order is the reverse of the removal order.
func smallestLastOrder<Graph: ColoringGraph>(of graph: Graph) -> [Int] {
  let n = graph.vertexCount
  let degrees = distinctDegrees(of: graph)
  var queue = BucketQueue(vertexCount: n, largestKey: degrees.max() ?? 0)
  // Inserting from the back leaves the smallest index at the front of each bucket.
  for v in stride(from: n - 1, through: 0, by: -1) { queue.insert(v, key: degrees[v]) }
  var removed = [Bool](repeating: false, count: n)
  var seen = [Int](repeating: -1, count: n)
  var order = [Int](repeating: 0, count: n)
  var smallest = 0
  for position in stride(from: n - 1, through: 0, by: -1) {
    while queue.first(withKey: smallest) < 0 { smallest += 1 }
    let v = queue.first(withKey: smallest)
    queue.remove(v)
    removed[v] = true
    order[position] = v
    seen[v] = v
    graph.forEachNeighbor(of: v) { w in
      guard !removed[w], seen[w] != v else { return }
      seen[w] = v
      let degree = queue.key[w] - 1
      queue.move(w, toKey: degree)
      smallest = Swift.min(smallest, degree)
    }
  }
  return order
}

/// Incidence degree: next, a vertex with the most neighbours already ordered, the first
/// one a vertex of largest degree.
func incidenceDegreeOrder<Graph: ColoringGraph>(of graph: Graph) -> [Int] {
  let n = graph.vertexCount
  let degrees = distinctDegrees(of: graph)
  var queue = BucketQueue(vertexCount: n, largestKey: degrees.max() ?? 0)
  // Bucket 0 starts in largest-first order, so untouched vertices come in that order.
  for v in largestFirstOrder(degrees: degrees).reversed() { queue.insert(v, key: 0) }
  var ordered = [Bool](repeating: false, count: n)
  var seen = [Int](repeating: -1, count: n)
  var order: [Int] = []
  order.reserveCapacity(n)
  var largest = 0
  for _ in 0..<n {
    while queue.first(withKey: largest) < 0 { largest -= 1 }
    let v = queue.first(withKey: largest)
    queue.remove(v)
    ordered[v] = true
    order.append(v)
    seen[v] = v
    graph.forEachNeighbor(of: v) { w in
      guard !ordered[w], seen[w] != v else { return }
      seen[w] = v
      let count = queue.key[w] + 1
      queue.move(w, toKey: count)
      largest = Swift.max(largest, count)
    }
  }
  return order
}

// MARK: - Greedy colourings

/// Greedy distance-1 colouring: each vertex in `order` gets the smallest colour of none
/// of its coloured neighbours. `forbidden[c] == v` marks colour c as taken while v is
/// coloured, so nothing is cleared between vertices.
func greedyDistance1Coloring<Graph: ColoringGraph>(
  _ graph: Graph, visiting order: [Int]
) -> Coloring {
  let n = graph.vertexCount
  var colors = [Int](repeating: -1, count: n)
  // A vertex's colour is at most its number of coloured neighbours, which is below n.
  var forbidden = [Int](repeating: -1, count: n + 1)
  for v in order {
    graph.forEachNeighbor(of: v) { w in
      let c = colors[w]
      if c >= 0 { forbidden[c] = v }
    }
    // v itself is uncoloured, so it never forbids a colour.
    var c = 0
    while forbidden[c] == v { c += 1 }
    colors[v] = c
  }
  return Coloring(colors: colors)
}

/// Greedy star colouring of the adjacency graph of the symmetric `pattern`: each vertex v
/// in `order` gets the smallest colour α that keeps every two-coloured path on four
/// coloured vertices out. Such a path through v either ends at v or has v inside it:
///
/// - v–w–x–y with colours α β α β: w is a leaf of a star centred at x that already has
///   another leaf y, so the colour of x is forbidden. Each vertex keeps the colours of the
///   centres it is a leaf of (`leafOf`): at most one per colour, found without visiting
///   the centre's neighbours.
/// - a–v–w–x with colours β α β α: v has two neighbours a, w of colour β, so v would be
///   the centre of their star and w may have no other neighbour of colour α: every colour
///   next to w is forbidden. Each vertex keeps the distinct colours of its neighbours
///   (`neighborColors`), so a hub whose neighbours share a few colours costs a few steps.
///
/// After colouring, the stars grow: if v joins w (colour β) that had exactly one
/// neighbour u of colour α, the edge u–w becomes a star centred at w, and u and v are
/// its leaves. The per-(vertex, colour) neighbour counts and first neighbour live in a
/// dictionary with at most one record per entry of the pattern.
func greedyStarColoring(of pattern: SparsityPattern, visiting order: [Int]) -> Coloring {
  let n = pattern.columnCount
  let starts = pattern.columnStarts
  let rowIndices = pattern.rowIndices
  var colors = [Int](repeating: -1, count: n)
  var forbidden = [Int](repeating: -1, count: n + 1)
  // Per vertex w, in w's column slots starts[w]..<starts[w + 1] (a vertex has no more
  // distinct neighbour colours, nor centres, than entries): the distinct colours of its
  // coloured neighbours, and the colours of the star centres it is a leaf of.
  var neighborColors = [Int](repeating: 0, count: pattern.nonzeroCount)
  var neighborColorCount = [Int](repeating: 0, count: n)
  var leafOf = [Int](repeating: 0, count: pattern.nonzeroCount)
  var leafOfCount = [Int](repeating: 0, count: n)
  // For vertex w and colour c, under the key w·n + c (in Int64, which no pattern that
  // fits in memory overflows): how many coloured neighbours of w have colour c, and the
  // first of them.
  var neighborsOfColor: [Int64: (count: Int, first: Int)] = [:]
  neighborsOfColor.reserveCapacity(pattern.nonzeroCount)
  // v's coloured neighbours per colour, valid while stamp[c] == v.
  var stamp = [Int](repeating: -1, count: n + 1)
  var countHere = [Int](repeating: 0, count: n + 1)
  var firstHere = [Int](repeating: -1, count: n + 1)

  for v in order {
    let range = starts[v]..<starts[v + 1]
    for p in range {
      let w = rowIndices[p]
      let c = w == v ? -1 : colors[w]
      guard c >= 0 else { continue }
      forbidden[c] = v
      if stamp[c] != v {
        stamp[c] = v
        countHere[c] = 0
        firstHere[c] = w
      }
      countHere[c] += 1
      for k in starts[w]..<(starts[w] + leafOfCount[w]) { forbidden[leafOf[k]] = v }
    }
    for p in range {
      let w = rowIndices[p]
      let c = w == v ? -1 : colors[w]
      guard c >= 0, countHere[c] >= 2 else { continue }
      for k in starts[w]..<(starts[w] + neighborColorCount[w]) { forbidden[neighborColors[k]] = v }
    }
    var alpha = 0
    while forbidden[alpha] == v { alpha += 1 }
    colors[v] = alpha

    for p in range {
      let w = rowIndices[p]
      let beta = w == v ? -1 : colors[w]
      guard beta >= 0 else { continue }
      if firstHere[beta] == w {
        // v's record for colour β, once per colour.
        neighborsOfColor[Int64(v) * Int64(n) + Int64(beta)] = (countHere[beta], w)
        neighborColors[starts[v] + neighborColorCount[v]] = beta
        neighborColorCount[v] += 1
      }
      let key = Int64(w) * Int64(n) + Int64(alpha)
      if countHere[beta] >= 2 {
        // v is the centre of a star whose leaves are its neighbours of colour β; the
        // rule above made v the only neighbour of colour α of each.
        leafOf[starts[w] + leafOfCount[w]] = alpha
        leafOfCount[w] += 1
        neighborsOfColor[key] = (1, v)
        neighborColors[starts[w] + neighborColorCount[w]] = alpha
        neighborColorCount[w] += 1
      } else if let record = neighborsOfColor[key] {
        if record.count == 1 {
          // The single edge u–w becomes a star centred at w.
          let u = record.first
          leafOf[starts[u] + leafOfCount[u]] = beta
          leafOfCount[u] += 1
        }
        leafOf[starts[v] + leafOfCount[v]] = beta
        leafOfCount[v] += 1
        neighborsOfColor[key] = (record.count + 1, record.first)
      } else {
        neighborsOfColor[key] = (1, v)
        neighborColors[starts[w] + neighborColorCount[w]] = alpha
        neighborColorCount[w] += 1
      }
    }
  }
  return Coloring(colors: colors)
}
