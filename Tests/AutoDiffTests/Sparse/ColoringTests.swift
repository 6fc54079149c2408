import Testing

@testable import AutoDiff

/// A pattern for the colouring tests, kept as a dense grid of booleans so that the
/// validity checks below read the structure without going through the code under test.
private struct GridPattern: CustomStringConvertible {
  let name: String
  let grid: [[Bool]]
  let columnCount: Int

  init(_ name: String, rows rowCount: Int, columns columnCount: Int, entry: (Int, Int) -> Bool) {
    self.name = name
    self.columnCount = columnCount
    grid = (0..<rowCount).map { i in (0..<columnCount).map { j in entry(i, j) } }
  }

  var rowCount: Int { grid.count }
  var description: String { "\(name) (\(rowCount) × \(columnCount))" }

  var isSymmetric: Bool {
    rowCount == columnCount
      && (0..<rowCount).allSatisfy { i in
        (0..<rowCount).allSatisfy { j in grid[i][j] == grid[j][i] }
      }
  }

  var pattern: SparsityPattern {
    var entries: [(row: Int, column: Int)] = []
    for i in 0..<rowCount { for j in 0..<columnCount where grid[i][j] { entries.append((i, j)) } }
    return SparsityPattern(rowCount: rowCount, columnCount: columnCount, entries: entries)
  }

  /// The off-diagonal neighbours of each variable of a symmetric pattern.
  var adjacency: [[Int]] {
    (0..<rowCount).map { i in (0..<columnCount).filter { j in j != i && grid[i][j] } }
  }

  var largestRowLength: Int { grid.map { $0.filter { $0 }.count }.max() ?? 0 }
  var largestColumnLength: Int {
    (0..<columnCount).map { j in grid.filter { $0[j] }.count }.max() ?? 0
  }
}

// MARK: - The catalogue

private func banded(_ n: Int, halfBandwidth b: Int) -> GridPattern {
  GridPattern("banded b=\(b)", rows: n, columns: n) { i, j in abs(i - j) <= b }
}

private func tridiagonal(_ n: Int) -> GridPattern {
  GridPattern("tridiagonal", rows: n, columns: n) { i, j in abs(i - j) <= 1 }
}

private func cyclicTridiagonal(_ n: Int) -> GridPattern {
  GridPattern("cyclic tridiagonal", rows: n, columns: n) { i, j in
    let d = abs(i - j)
    return d <= 1 || d == n - 1
  }
}

private func arrow(_ n: Int, hub: Int) -> GridPattern {
  GridPattern("arrow, hub \(hub)", rows: n, columns: n) { i, j in i == j || i == hub || j == hub }
}

private func randomSymmetric(
  _ n: Int, density: Double, diagonal: Bool, seed: UInt64
) -> GridPattern {
  var generator = SplitMix64(seed: seed)
  var grid = Array(repeating: [Bool](repeating: false, count: n), count: n)
  for i in 0..<n {
    grid[i][i] = diagonal
    for j in 0..<i where Double.random(in: 0..<1, using: &generator) < density {
      grid[i][j] = true
      grid[j][i] = true
    }
  }
  return GridPattern(
    "random symmetric p=\(density)\(diagonal ? "" : " no diagonal") seed \(seed)",
    rows: n, columns: n) { i, j in grid[i][j] }
}

private func randomRectangular(_ m: Int, _ n: Int, density: Double, seed: UInt64) -> GridPattern {
  var generator = SplitMix64(seed: seed)
  var grid = Array(repeating: [Bool](repeating: false, count: n), count: m)
  for i in 0..<m {
    for j in 0..<n { grid[i][j] = Double.random(in: 0..<1, using: &generator) < density }
  }
  return GridPattern("random p=\(density) seed \(seed)", rows: m, columns: n) { i, j in grid[i][j] }
}

/// Symmetric patterns: Hessians for the star colouring, and Jacobians as well.
private let symmetricCatalogue: [GridPattern] = [
  GridPattern("0 × 0", rows: 0, columns: 0) { _, _ in true },
  GridPattern("1 × 1", rows: 1, columns: 1) { _, _ in true },
  GridPattern("1 × 1 empty", rows: 1, columns: 1) { _, _ in false },
  GridPattern("empty", rows: 7, columns: 7) { _, _ in false },
  GridPattern("diagonal", rows: 12, columns: 12) { i, j in i == j },
  tridiagonal(30),
  tridiagonal(200),
  cyclicTridiagonal(30),
  cyclicTridiagonal(200),
  banded(40, halfBandwidth: 1),
  banded(40, halfBandwidth: 2),
  banded(40, halfBandwidth: 3),
  arrow(60, hub: 0),
  arrow(41, hub: 17),
  GridPattern("block diagonal 3, 4, 5", rows: 12, columns: 12) { i, j in
    func block(_ k: Int) -> Int { k < 3 ? 0 : k < 7 ? 1 : 2 }
    return block(i) == block(j)
  },
  GridPattern("dense", rows: 9, columns: 9) { _, _ in true },
  GridPattern("path without diagonal", rows: 10, columns: 10) { i, j in abs(i - j) == 1 },
  GridPattern("two stars sharing a leaf", rows: 9, columns: 9) { i, j in
    // Hub 0 with leaves 1...4, hub 8 with leaves 4...7.
    func edge(_ a: Int, _ b: Int) -> Bool {
      (a == 0 && (1...4).contains(b)) || (a == 8 && (4...7).contains(b))
    }
    return i == j || edge(i, j) || edge(j, i)
  },
  randomSymmetric(25, density: 0.08, diagonal: true, seed: 1),
  randomSymmetric(25, density: 0.2, diagonal: true, seed: 2),
  randomSymmetric(25, density: 0.5, diagonal: false, seed: 3),
  randomSymmetric(40, density: 0.05, diagonal: false, seed: 4),
  randomSymmetric(40, density: 0.15, diagonal: true, seed: 5),
]

/// Rectangular and unsymmetric patterns, for the column and row colourings only.
private let rectangularCatalogue: [GridPattern] = [
  GridPattern("0 × 4", rows: 0, columns: 4) { _, _ in true },
  GridPattern("5 × 0", rows: 5, columns: 0) { _, _ in true },
  GridPattern("one long column", rows: 6, columns: 1) { _, _ in true },
  GridPattern("one long row", rows: 1, columns: 6) { _, _ in true },
  GridPattern("empty rows and columns", rows: 8, columns: 6) { i, j in
    i % 3 != 1 && j % 2 == 0 && (i + j) % 4 != 3
  },
  GridPattern("lower bidiagonal 12 × 10", rows: 12, columns: 10) { i, j in i == j || i == j + 1 },
  GridPattern("arrow Jacobian, one dense row", rows: 15, columns: 15) { i, j in i == j || i == 0 },
  randomRectangular(30, 20, density: 0.05, seed: 11),
  randomRectangular(30, 20, density: 0.15, seed: 12),
  randomRectangular(20, 30, density: 0.3, seed: 13),
  randomRectangular(12, 12, density: 0.6, seed: 14),
]

private let fullCatalogue = symmetricCatalogue + rectangularCatalogue

// MARK: - Independent checks

/// Every colour in 0..<colorCount is used and nothing else is.
private func isContiguous(_ coloring: Coloring, vertexCount: Int) -> Bool {
  coloring.colors.count == vertexCount
    && coloring.colors.allSatisfy { (0..<coloring.colorCount).contains($0) }
    && Set(coloring.colors).count == coloring.colorCount
}

/// A column colouring is valid when, in every row, the columns' colours are all different.
private func isValidColumnColoring(_ colors: [Int], of pattern: GridPattern) -> Bool {
  pattern.grid.allSatisfy { row in
    let used = row.indices.filter { row[$0] }.map { colors[$0] }
    return Set(used).count == used.count
  }
}

/// A row colouring is valid when, in every column, the rows' colours are all different.
private func isValidRowColoring(_ colors: [Int], of pattern: GridPattern) -> Bool {
  (0..<pattern.columnCount).allSatisfy { j in
    let used = (0..<pattern.rowCount).filter { pattern.grid[$0][j] }.map { colors[$0] }
    return Set(used).count == used.count
  }
}

/// A star colouring is a proper colouring of the adjacency graph in which no path on four
/// vertices a–b–c–d alternates two colours; every such path is enumerated.
private func isValidStarColoring(_ colors: [Int], of pattern: GridPattern) -> Bool {
  let adjacency = pattern.adjacency
  for (a, neighbors) in adjacency.enumerated()
  where neighbors.contains(where: { colors[$0] == colors[a] }) {
    return false
  }
  for b in adjacency.indices {
    for c in adjacency[b] {
      for a in adjacency[b] where a != c {
        for d in adjacency[c] where d != b && d != a {
          if colors[a] == colors[c] && colors[b] == colors[d] { return false }
        }
      }
    }
  }
  return true
}

/// A random matrix with exactly the pattern's entries non-zero (symmetric when the pattern
/// is and `symmetric` is set).
private func randomValues(for pattern: GridPattern, symmetric: Bool, seed: UInt64) -> [[Double]] {
  var generator = SplitMix64(seed: seed)
  var values = Array(
    repeating: [Double](repeating: 0, count: pattern.columnCount), count: pattern.rowCount)
  for i in 0..<pattern.rowCount {
    for j in 0..<pattern.columnCount where pattern.grid[i][j] && (!symmetric || j <= i) {
      let magnitude = Double.random(in: 0.5...2, using: &generator)
      let value = Bool.random(using: &generator) ? magnitude : -magnitude
      values[i][j] = value
      if symmetric { values[j][i] = value }
    }
  }
  return values
}

/// A·S for the seed matrix of `colors`, computed densely.
private func compressColumns(
  _ a: [[Double]], columnCount: Int, _ coloring: Coloring
) -> [[Double]] {
  a.map { row in
    var compressed = [Double](repeating: 0, count: coloring.colorCount)
    for j in 0..<columnCount { compressed[coloring.colors[j]] += row[j] }
    return compressed
  }
}

// MARK: - Tests

@Suite("Graph colouring of sparsity patterns")
struct ColoringTests {
  @Test(
    "Column and row colourings are valid, contiguous and recover J, on the whole catalogue and in every order")
  func columnAndRowColorings() {
    var checked = 0
    for (index, grid) in fullCatalogue.enumerated() {
      let pattern = grid.pattern
      for order in ColoringOrder.allCases {
        let context = Comment(rawValue: "\(grid), \(order)")
        let columns = pattern.columnColoring(order: order)
        let rows = pattern.rowColoring(order: order)
        #expect(isContiguous(columns, vertexCount: grid.columnCount), context)
        #expect(isContiguous(rows, vertexCount: grid.rowCount), context)
        #expect(isValidColumnColoring(columns.colors, of: grid), context)
        #expect(isValidRowColoring(rows.colors, of: grid), context)
        #expect(rows == pattern.transposed.columnColoring(order: order), context)
        // The columns meeting in a row all differ, and the rows meeting in a column.
        #expect(columns.colorCount >= grid.largestRowLength, context)
        #expect(rows.colorCount >= grid.largestColumnLength, context)
        #expect(
          Swift.max(columns.colorCount, rows.colorCount) >= pattern.colorCountLowerBound, context)
        #expect(columns.colorCount <= grid.columnCount, context)

        // J·S holds every entry of J unmixed, and so does Sᵀ·J.
        let j = randomValues(for: grid, symmetric: false, seed: UInt64(index))
        let b = compressColumns(j, columnCount: grid.columnCount, columns)
        let transposedJ = (0..<grid.columnCount).map { c in
          (0..<grid.rowCount).map { r in j[r][c] }
        }
        let c = compressColumns(transposedJ, columnCount: grid.rowCount, rows)
        var recovered = true
        for row in 0..<grid.rowCount {
          for column in 0..<grid.columnCount where grid.grid[row][column] {
            recovered = recovered && b[row][columns.colors[column]] == j[row][column]
            recovered = recovered && c[column][rows.colors[row]] == j[row][column]
          }
        }
        #expect(recovered, context)
        checked += 1
      }
    }
    #expect(checked == 34 * 4)
  }

  @Test(
    "Star colourings are valid, contiguous and recover H through starRecoverySources, on every symmetric pattern and order")
  func starColorings() {
    var checked = 0
    for (index, grid) in symmetricCatalogue.enumerated() {
      #expect(grid.isSymmetric, "\(grid)")
      let pattern = grid.pattern
      for order in ColoringOrder.allCases {
        let context = Comment(rawValue: "\(grid), \(order)")
        let coloring = pattern.starColoring(order: order)
        #expect(isContiguous(coloring, vertexCount: grid.rowCount), context)
        #expect(isValidStarColoring(coloring.colors, of: grid), context)
        let hasEdge = grid.adjacency.contains { !$0.isEmpty }
        #expect(coloring.colorCount >= (grid.rowCount == 0 ? 0 : hasEdge ? 2 : 1), context)

        let h = randomValues(for: grid, symmetric: true, seed: 1000 + UInt64(index))
        let b = compressColumns(h, columnCount: grid.columnCount, coloring)
        let sources = pattern.starRecoverySources(coloring)
        #expect(sources.count == pattern.nonzeroCount, context)
        var p = 0
        var recovered = sources.count == pattern.nonzeroCount
        // The pattern's entries column by column, rows increasing, read off the grid.
        for column in 0..<grid.columnCount where recovered {
          for row in 0..<grid.rowCount where grid.grid[row][column] {
            let source = sources[p]
            recovered = recovered && b[source.row][source.color] == h[row][column]
            p += 1
          }
        }
        #expect(recovered, context)
        checked += 1
      }
    }
    #expect(checked == 23 * 4)
  }

  @Test(
    "Banded Jacobians of half-bandwidth b get exactly 2b + 1 column colours, natural and largest-first")
  func bandedColumnColoring() {
    for b in 1...3 {
      for n in [2 * b + 1, 40, 1001] {
        let pattern = banded(n, halfBandwidth: b).pattern
        for order in [ColoringOrder.natural, .largestFirst] {
          let context = Comment(rawValue: "b = \(b), n = \(n), \(order)")
          #expect(pattern.columnColoring(order: order).colorCount == 2 * b + 1, context)
          #expect(pattern.rowColoring(order: order).colorCount == 2 * b + 1, context)
        }
        for order in ColoringOrder.allCases {
          #expect(pattern.columnColoring(order: order).colorCount >= 2 * b + 1)
        }
      }
    }
  }

  @Test("Star colour counts: diagonal 1, dense n, arrow at most 3, (cyclic) tridiagonal at most 4")
  func starColorCounts() {
    let arrows = [(60, 0), (41, 17), (2000, 0), (2000, 1234)].map { n, hub in
      var entries: [(row: Int, column: Int)] = []
      for i in 0..<n { entries += i == hub ? [(i, i)] : [(i, i), (hub, i), (i, hub)] }
      let pattern = SparsityPattern(rowCount: n, columnCount: n, entries: entries)
      return (name: "arrow n = \(n), hub \(hub)", pattern: pattern)
    }
    let tridiagonals = [
      tridiagonal(200), cyclicTridiagonal(200), tridiagonal(31), cyclicTridiagonal(31),
    ].map { (name: $0.description, pattern: $0.pattern) }
    for order in ColoringOrder.allCases {
      for n in [1, 5, 64] {
        let diagonal = GridPattern("diagonal", rows: n, columns: n) { i, j in i == j }.pattern
        #expect(diagonal.starColoring(order: order).colorCount == 1, "\(order)")
        let dense = GridPattern("dense", rows: n, columns: n) { _, _ in true }.pattern
        #expect(dense.starColoring(order: order).colorCount == n, "\(order)")
      }
      for (name, pattern) in arrows {
        #expect(pattern.starColoring(order: order).colorCount <= 3, "\(name), \(order)")
      }
      for (name, pattern) in tridiagonals {
        let count = pattern.starColoring(order: order).colorCount
        #expect(count >= 3 && count <= 4, "\(name), \(order)")
      }
    }
  }

  @Test("A large arrow's star colouring: the hub alone, the rest in one colour (2 colours)")
  func largeArrow() {
    let n = 20_000
    var entries: [(row: Int, column: Int)] = [(0, 0)]
    for i in 1..<n { entries += [(i, i), (0, i), (i, 0)] }
    let pattern = SparsityPattern(rowCount: n, columnCount: n, entries: entries)
    for order in ColoringOrder.allCases {
      let coloring = pattern.starColoring(order: order)
      #expect(coloring.colorCount == 2, "\(order)")
      let hubColor = coloring.colors[0]
      #expect(coloring.colors.dropFirst().allSatisfy { $0 != hubColor }, "\(order)")
      let sources = pattern.starRecoverySources(coloring)
      #expect(sources.count == pattern.nonzeroCount)
    }
  }

  @Test(
    "members(ofColor:) partitions the vertices; the seed matrix has one 1 per row, in the vertex's colour")
  func membersAndSeedMatrix() {
    let pattern = randomSymmetric(30, density: 0.2, diagonal: true, seed: 7).pattern
    let coloring = pattern.starColoring()
    var all: [Int] = []
    for c in 0..<coloring.colorCount {
      let members = coloring.members(ofColor: c)
      #expect(!members.isEmpty)
      #expect(members == members.sorted())
      #expect(members.allSatisfy { coloring.colors[$0] == c })
      all += members
    }
    #expect(all.sorted() == Array(0..<30))
    let seed = coloring.seedMatrix
    #expect(seed.count == 30)
    for (v, row) in seed.enumerated() {
      #expect(row.count == coloring.colorCount)
      #expect(row.reduce(0, +) == 1 && row[coloring.colors[v]] == 1)
    }
    let tridiagonal = tridiagonal(4).pattern.columnColoring(order: .natural)
    #expect(tridiagonal.colors == [0, 1, 2, 0])
    #expect(tridiagonal.members(ofColor: 0) == [0, 3])
    #expect(tridiagonal.seedMatrix == [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])
    #expect(Coloring(colors: []).colorCount == 0 && Coloring(colors: []).seedMatrix.isEmpty)
  }

  @Test(
    "A Jacobian with one dense row needs n column colours but 2 row colours; the arrow Hessian needs 2 star colours")
  func denseRowJacobian() {
    let n = 50
    var entries: [(row: Int, column: Int)] = []
    for j in 0..<n { entries += j == 0 ? [(0, 0)] : [(0, j), (j, j)] }
    let jacobian = SparsityPattern(rowCount: n, columnCount: n, entries: entries)
    #expect(jacobian.columnColoring().colorCount == n)
    #expect(jacobian.rowColoring().colorCount == 2)
    let hessian = SparsityPattern(
      rowCount: n, columnCount: n, entries: entries + entries.map { ($0.column, $0.row) })
    #expect(hessian.starColoring().colorCount == 2)
  }

  @Test(
    "The checkers can fail: a proper colouring that is not a star colouring, and a clash in a row")
  func checkersCanFail() {
    let path = GridPattern("path", rows: 4, columns: 4) { i, j in abs(i - j) <= 1 }
    #expect(isValidStarColoring([0, 1, 2, 0], of: path))
    #expect(!isValidStarColoring([0, 1, 0, 1], of: path))
    #expect(!isValidStarColoring([0, 0, 1, 2], of: path))
    #expect(isValidColumnColoring([0, 1, 2, 0], of: path))
    #expect(!isValidColumnColoring([0, 1, 0, 1], of: path))
    #expect(!isValidRowColoring([0, 1, 1, 0], of: path))
  }
}

extension ColoringTests {
  @Suite("Colouring misuse")
  struct Misuse {
    @Test("Recovery through a colouring that is not a star colouring stops, naming the entry")
    func notAStarColoring() async {
      let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let path = SparsityPattern(
          rowCount: 4, columnCount: 4,
          entries: [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 2), (3, 3)])
        // Proper, but 0–1–2–3 alternates two colours.
        _ = path.starRecoverySources(Coloring(colors: [0, 1, 0, 1]))
      }
      let message = standardError(of: result)
      #expect(message.contains("starRecoverySources: the entry (2, 1) cannot be recovered"))
      #expect(message.contains("not a star colouring of this pattern"))
    }

    @Test("Recovery through one colour for a whole path stops at the first diagonal entry")
    func oneColor() async {
      let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let path = SparsityPattern(
          rowCount: 3, columnCount: 3,
          entries: [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2)])
        _ = path.starRecoverySources(Coloring(colors: [0, 0, 0]))
      }
      #expect(standardError(of: result).contains(
        "starRecoverySources: the diagonal entry (0, 0) cannot be recovered"))
    }

    @Test("Star colouring an unsymmetric pattern stops, naming the first entry without a mirror")
    func unsymmetric() async {
      let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let pattern = SparsityPattern(
          rowCount: 3, columnCount: 3, entries: [(0, 0), (1, 1), (2, 2), (0, 2), (2, 0), (2, 1)])
        _ = pattern.starColoring()
      }
      #expect(standardError(of: result).contains(
        "starColoring: the pattern is not symmetric: it has the entry (2, 1) but not (1, 2)"))
    }

    @Test("Star colouring a rectangular pattern stops")
    func rectangular() async {
      let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = SparsityPattern(rowCount: 2, columnCount: 3, entries: [(0, 0)]).starColoring()
      }
      #expect(standardError(of: result).contains("starColoring: the pattern is 2 × 3"))
    }

    @Test("A colouring for the wrong number of variables stops recovery")
    func wrongVertexCount() async {
      let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        let diagonal = SparsityPattern(
          rowCount: 3, columnCount: 3, entries: [(0, 0), (1, 1), (2, 2)])
        _ = diagonal.starRecoverySources(Coloring(colors: [0, 0]))
      }
      #expect(standardError(of: result).contains(
        "starRecoverySources: the colouring has 2 vertices for a 3 × 3 pattern"))
    }

    @Test("members(ofColor:) outside the colours stops")
    func colorOutOfRange() async {
      let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        _ = Coloring(colors: [0, 1, 0]).members(ofColor: 2)
      }
      #expect(standardError(of: result).contains(
        "Coloring.members(ofColor:): colour 2 is outside 0..<2"))
    }
  }
}
