import AutoDiff

/// One sparse derivative taken apart for teaching: the pattern AutoDiff detects, its
/// colouring, the seed matrix S, the compressed matrix the passes produce (J·S, Sᵀ·J or
/// H·S), the derivative decompressed from it, and the check against the dense one.
///
/// Everything is computed: the pattern by ``jacobianSparsity(of:at:)`` (through the
/// prepared object), the colouring and the mode by ``PreparedSparseJacobian`` or
/// ``PreparedSparseHessian``, the compressed matrix by one library pass per colour
/// (`jvp` along a column of S, a pullback of a row colour's cotangent, or a
/// Hessian–vector product), the derivative by the prepared object's own evaluation, and
/// the reference by the dense `jacobian(of:at:)` or `hessian(of:at:)`. The study reads
/// every entry back from the compressed matrix itself, which checks the decompression
/// independently of the library's.
///
/// ```swift
/// let study = SparsityStudy(example: .chain)   // W5's g, n = 10
/// study.coloring.colorCount                     // 3 Hessian–vector products, not 10
/// study.agreesWithDense                         // true
/// print(study.rendered())
/// try OutputFile.write(study.coloringSVG(), to: "chain-coloring.svg")
/// ```
public struct SparsityStudy: Sendable {
  /// How the compressed matrix B is made from the derivative and the seed matrix S.
  public enum Compression: String, Sendable, Codable {
    /// B = J·S (m × c): the columns of one colour share a forward-mode tangent lane, and
    /// J[i][j] = B[i][colour(j)].
    case columns
    /// B = Sᵀ·J (c × n): the rows of one colour share a reverse-mode cotangent, and
    /// J[i][j] = B[colour(i)][j].
    case rows
    /// B = H·S (n × c): the variables of one colour share a Hessian–vector product; each
    /// entry is read at (i, colour(j)), or through its mirror at (j, colour(i)).
    case symmetric
  }

  /// Where the pattern comes from.
  public enum Detection: String, Sendable, Codable, CaseIterable {
    /// At the point: branches run as they do there (`Sparsity.detect`).
    case local
    /// For every point: comparisons on inputs are refused (`Sparsity.detectGlobally`).
    case global
  }

  /// A position in a matrix.
  public struct Entry: Sendable, Hashable, Codable {
    public var row: Int
    public var column: Int

    /// The entry at (`row`, `column`).
    public init(row: Int, column: Int) {
      self.row = row
      self.column = column
    }
  }

  /// The function studied.
  public let example: SparsityExample
  /// The point x.
  public let point: [Double]
  /// b for ``SparsityExample/banded``, nil for the others.
  public let halfBandwidth: Int?
  /// How the pattern was detected.
  public let detection: Detection
  /// The vertex order of the greedy colouring.
  public let order: ColoringOrder
  /// The Jacobian mode asked for (nil for a Hessian).
  public let requestedMode: JacobianMode?
  /// The detected pattern: m × n for a Jacobian, n × n and symmetric for a Hessian.
  public let pattern: SparsityPattern
  /// How B is formed: from the mode the prepared Jacobian chose, or symmetric.
  public let compression: Compression
  /// The colouring the prepared object uses: of the columns, the rows or the variables.
  public let coloring: Coloring
  /// Colours of a column colouring of the pattern (in the same order), the choice
  /// forward mode has; for a Hessian, what ignoring symmetry would cost.
  public let columnColorCount: Int
  /// Colours of a row colouring, the choice reverse mode has (nil for a Hessian).
  public let rowColorCount: Int?
  /// B, row by row, computed with one library pass per colour.
  public let compressed: [[Double]]
  /// For each cell of B, the entries of the derivative that were added into it.
  public let cellEntries: [[[Entry]]]
  /// For each entry of the pattern (in `pattern.entries` order), the cell of B it is
  /// read from.
  public let readFrom: [Entry]
  /// The derivative from the prepared object, decompressed by the library.
  public let derivative: SparseMatrix<Double>
  /// The same derivative from the library's dense `jacobian` or `hessian`.
  public let dense: [[Double]]

  /// Detects, colours, compresses and decompresses the derivative of `example`.
  ///
  /// - Parameters:
  ///   - size: n, in ``SparsityExample/sizes``; by default the example's own.
  ///   - halfBandwidth: b for `.banded` only, 0 ≤ b < n; by default 2 (or n − 1).
  ///   - mode: for the Jacobian examples only; nil is `.automatic`.
  ///   - order: the greedy colouring's vertex order.
  ///   - detection: local (at the point) or global.
  public init(
    example: SparsityExample, size: Int? = nil, halfBandwidth: Int? = nil,
    mode: JacobianMode? = nil, order: ColoringOrder = .largestFirst,
    detection: Detection = .local
  ) {
    let n = size ?? example.defaultSize
    require(
      SparsityExample.sizes.contains(n),
      "SparsityStudy: size \(n) is outside \(SparsityExample.sizes.lowerBound)...\(SparsityExample.sizes.upperBound)")
    require(
      halfBandwidth == nil || example == .banded,
      "SparsityStudy: a half-bandwidth applies to the banded example only, not \(example.rawValue)")
    require(
      mode == nil || example.derivative == .jacobian,
      "SparsityStudy: a Jacobian mode applies to the Jacobian examples only, not \(example.rawValue)")
    let x = SparsityExample.point(size: n)
    let sparsity: Sparsity = detection == .local ? .detect : .detectGlobally
    let parts: Parts
    var bandwidth: Int?
    switch example {
    case .banded:
      let b = halfBandwidth ?? Swift.min(SparsityExample.defaultHalfBandwidth, n - 1)
      require(b >= 0 && b < n, "SparsityStudy: half-bandwidth \(b) is outside 0..<\(n)")
      bandwidth = b
      parts = Self.jacobianParts(
        of: BandedSystem(halfBandwidth: b), at: x, sparsity: sparsity, mode: mode ?? .automatic,
        order: order)
    case .bordered:
      parts = Self.jacobianParts(
        of: BorderedSystem(), at: x, sparsity: sparsity, mode: mode ?? .automatic, order: order)
    case .arrow:
      parts = Self.hessianParts(of: ArrowObjective(), at: x, sparsity: sparsity, order: order)
    case .chain:
      parts = Self.hessianParts(of: CyclicChain(), at: x, sparsity: sparsity, order: order)
    }
    self.example = example
    self.point = x
    self.halfBandwidth = bandwidth
    self.detection = detection
    self.order = order
    self.requestedMode = example.derivative == .jacobian ? (mode ?? .automatic) : nil
    self.pattern = parts.prepared.pattern
    self.compression = parts.compression
    self.coloring = parts.prepared.coloring
    self.columnColorCount = parts.prepared.pattern.columnColoring(order: order).colorCount
    self.rowColorCount =
      example.derivative == .jacobian ? parts.prepared.pattern.rowColoring(order: order).colorCount : nil
    self.compressed = parts.compressed
    self.derivative = parts.derivative
    self.dense = parts.dense
    let cells = Self.cellEntries(of: parts.prepared.pattern, coloring: parts.prepared.coloring, parts.compression)
    self.cellEntries = cells
    self.readFrom = Self.sources(
      of: parts.prepared.pattern, coloring: parts.prepared.coloring, parts.compression, cells: cells)
  }

  /// What the generic part of the study computes for one function.
  private struct Parts {
    var prepared: (pattern: SparsityPattern, coloring: Coloring)
    var compression: Compression
    var compressed: [[Double]]
    var derivative: SparseMatrix<Double>
    var dense: [[Double]]
  }

  /// The unit vector of colour `color` over the vertices: a column of S.
  private static func seed(_ coloring: Coloring, color: Int) -> [Double] {
    coloring.colors.map { $0 == color ? 1 : 0 }
  }

  private static func jacobianParts<F: DifferentiableFunction>(
    of f: F, at x: [Double], sparsity: Sparsity, mode: JacobianMode, order: ColoringOrder
  ) -> Parts {
    let prepared = PreparedSparseJacobian(of: f, at: x, sparsity: sparsity, mode: mode, order: order)
    let coloring = prepared.coloring
    let colors = 0..<coloring.colorCount
    let compression: Compression
    let compressed: [[Double]]
    if prepared.mode == .reverse {
      compression = .rows
      // One recording, then one cotangent per row colour: the rows of Sᵀ·J.
      let (_, pullback) = valueWithPullback(of: { (v: [Tracked<Double>]) in f(v) }, at: x)
      compressed = colors.isEmpty ? [] : pullback(cotangents: colors.map { seed(coloring, color: $0) })
    } else {
      compression = .columns
      // One tangent per column colour: the columns of J·S.
      let columns = colors.map { c in
        jvp(of: { (v: [Dual<Double>]) in f(v) }, at: x, along: seed(coloring, color: c)).tangent
      }
      compressed = (0..<prepared.pattern.rowCount).map { i in columns.map { $0[i] } }
    }
    return Parts(
      prepared: (prepared.pattern, coloring), compression: compression, compressed: compressed,
      derivative: prepared.jacobian(at: x), dense: jacobian(of: f, at: x))
  }

  private static func hessianParts<F: DifferentiableScalarFunction>(
    of f: F, at x: [Double], sparsity: Sparsity, order: ColoringOrder
  ) -> Parts {
    let prepared = PreparedSparseHessian(of: f, at: x, sparsity: sparsity, order: order)
    let coloring = prepared.coloring
    // One Hessian–vector product per colour: the columns of H·S.
    let columns = (0..<coloring.colorCount).map { c in
      hessianVectorProduct(of: { (v: [Tracked<Dual<Double>>]) in f(v) }, at: x, along: seed(coloring, color: c))
    }
    let compressed = x.indices.map { i in columns.map { $0[i] } }
    let dense = hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in f(v) }, at: x)
    return Parts(
      prepared: (prepared.pattern, coloring), compression: .symmetric, compressed: compressed,
      derivative: prepared.hessian(at: x), dense: dense)
  }

  /// For each cell of B, the entries added into it: those of row i whose column has
  /// colour c (`.columns`, `.symmetric`), or those of column j whose row has colour c
  /// (`.rows`).
  private static func cellEntries(
    of pattern: SparsityPattern, coloring: Coloring, _ compression: Compression
  ) -> [[[Entry]]] {
    let c = coloring.colorCount
    var cells: [[[Entry]]]
    switch compression {
    case .columns, .symmetric:
      cells = Array(repeating: Array(repeating: [], count: c), count: pattern.rowCount)
      for (i, j) in pattern.entries {
        cells[i][coloring.colors[j]].append(Entry(row: i, column: j))
      }
    case .rows:
      cells = Array(repeating: Array(repeating: [], count: pattern.columnCount), count: c)
      for (i, j) in pattern.entries {
        cells[coloring.colors[i]][j].append(Entry(row: i, column: j))
      }
    }
    return cells.map { row in row.map { $0.sorted { ($0.row, $0.column) < ($1.row, $1.column) } } }
  }

  /// The cell of B each entry is read from. A Jacobian entry has exactly one; a Hessian
  /// entry (i, j) is read at (i, colour(j)) when it is alone there, else through its
  /// mirror (j, i) at (j, colour(i)), which a star colouring guarantees to be alone.
  private static func sources(
    of pattern: SparsityPattern, coloring: Coloring, _ compression: Compression, cells: [[[Entry]]]
  ) -> [Entry] {
    let colors = coloring.colors
    return pattern.entries.map { (i, j) in
      switch compression {
      case .columns:
        return Entry(row: i, column: colors[j])
      case .rows:
        return Entry(row: colors[i], column: j)
      case .symmetric:
        if cells[i][colors[j]].count == 1 { return Entry(row: i, column: colors[j]) }
        require(
          cells[j][colors[i]].count == 1,
          "SparsityStudy: the entry (\(i), \(j)) shares both of its cells; the colouring is "
            + "not a star colouring")
        return Entry(row: j, column: colors[i])
      }
    }
  }
}

extension SparsityStudy {
  /// n, the number of variables (columns of the derivative).
  public var size: Int { pattern.columnCount }

  /// The function's formula, as headings show it.
  public var formula: String {
    switch example {
    case .banded: return BandedSystem(halfBandwidth: halfBandwidth ?? 0).formula
    case .bordered: return BorderedSystem.formula
    case .arrow: return ArrowObjective.formula
    case .chain: return CyclicChain.formula
    }
  }

  /// The entries of the pattern, column by column.
  public var entries: [Entry] { pattern.entries.map { Entry(row: $0.row, column: $0.column) } }

  /// The vertices the colouring colours: the columns, the rows or the variables.
  public var coloredVertexCount: Int { coloring.colors.count }

  /// The fewest colours any colouring of this kind can have, as the library reports it:
  /// the most entries in one row for a column colouring (they all meet there,
  /// ``SparsityPattern/colorCountLowerBound``), the most entries in one column for a row
  /// colouring (``SparsityPattern/rowColorCountLowerBound``). For a Hessian, the bound of
  /// a column colouring of its pattern.
  ///
  /// A star colouring may go below it, because symmetry gives every off-diagonal entry a
  /// second place to be read from: the arrow needs 2 colours against a bound of n.
  public var lowerBound: Int {
    compression == .rows ? pattern.rowColorCountLowerBound : pattern.colorCountLowerBound
  }

  /// The first row (for a column colouring or a Hessian) or column (for a row colouring)
  /// with the most entries, and how many it has: where the lower bound comes from.
  var lowerBoundWitness: (index: Int, count: Int) {
    let lines = compression == .rows ? pattern : pattern.transposed
    var best = (index: 0, count: 0)
    for k in 0..<lines.columnCount {
      let count = lines.rows(inColumn: k).count
      if count > best.count { best = (k, count) }
    }
    return best
  }

  /// The directions a dense evaluation sweeps: n tangents (forward, Hessian) or m
  /// cotangents (reverse).
  public var denseDirectionCount: Int { compression == .rows ? pattern.rowCount : pattern.columnCount }

  /// The value of every entry as read from B by this study.
  public var recovered: [Double] { readFrom.map { compressed[$0.row][$0.column] } }

  /// The largest |difference| between this study's reading of B and the library's
  /// decompressed values.
  public var largestRecoveryDifference: Double {
    zip(recovered, derivative.values).map { ($0 - $1).magnitude }.max() ?? 0
  }

  /// The largest |difference| between the decompressed derivative (structural zeros
  /// included) and the dense one.
  public var largestDenseDifference: Double {
    zip(derivative.dense, dense).flatMap { zip($0, $1).map { ($0 - $1).magnitude } }.max() ?? 0
  }

  /// Whether every entry of the decompressed derivative equals the dense one to within
  /// 1e-12 · max(1, |entry|), and every dense entry outside the pattern is 0.
  public var agreesWithDense: Bool {
    let sparse = derivative.dense
    guard sparse.count == dense.count else { return false }
    return zip(sparse, dense).allSatisfy { a, b in
      a.count == b.count && zip(a, b).allSatisfy { Self.isClose($0, $1) }
    }
  }

  /// Whether this study's reading of B gives the library's values (same tolerance).
  public var decompressionAgrees: Bool {
    zip(recovered, derivative.values).allSatisfy { Self.isClose($0, $1) }
  }

  /// Whether both checks hold.
  public var checksPass: Bool { agreesWithDense && decompressionAgrees }

  static func isClose(_ a: Double, _ b: Double) -> Bool {
    (a - b).magnitude <= 1e-12 * Swift.max(1, a.magnitude, b.magnitude)
  }

  /// The name of `order` as the command line spells it.
  public static func name(of order: ColoringOrder) -> String {
    switch order {
    case .natural: return "natural"
    case .largestFirst: return "largest-first"
    case .smallestLast: return "smallest-last"
    case .incidenceDegree: return "incidence-degree"
    }
  }

  /// The name of `mode` as the command line spells it.
  public static func name(of mode: JacobianMode) -> String {
    switch mode {
    case .forward: return "forward"
    case .reverse: return "reverse"
    case .automatic: return "automatic"
    }
  }

  /// One character per colour: 0–9, then a–z, then `*` for colours past 35.
  public static func symbol(ofColor c: Int) -> Character {
    let symbols = Array("0123456789abcdefghijklmnopqrstuvwxyz")
    return c >= 0 && c < symbols.count ? symbols[c] : "*"
  }
}
