// The study for tools: `autodiff sparsity --format json`.
extension SparsityStudy {
  /// The study as plain data.
  public struct Report: Sendable, Encodable {
    public var example: SparsityExample
    /// `jacobian` or `hessian`.
    public var derivative: SparsityExample.Derivative
    public var formula: String
    public var point: [Double]
    public var halfBandwidth: Int?
    public var detection: Detection
    public var order: String
    /// The mode asked for and the one used (`forward`, `reverse`; nil for a Hessian).
    public var requestedMode: String?
    public var mode: String?
    public var rowCount: Int
    public var columnCount: Int
    /// The pattern, column by column.
    public var entries: [Entry]
    public var compression: Compression
    /// The colour of each column, row or variable.
    public var colors: [Int]
    public var colorCount: Int
    public var lowerBound: Int
    public var columnColorCount: Int
    public var rowColorCount: Int?
    public var denseDirectionCount: Int
    /// S: one row per coloured vertex, one column per colour.
    public var seedMatrix: [[Int]]
    /// B = J·S, Sᵀ·J or H·S, row by row.
    public var compressed: [[Double]]
    /// For each cell of B, the entries added into it.
    public var cellEntries: [[[Entry]]]
    /// For each entry, the cell of B it is read from.
    public var readFrom: [Entry]
    /// The decompressed values, aligned with `entries`.
    public var values: [Double]
    public var dense: [[Double]]
    public var largestDenseDifference: Double
    public var largestRecoveryDifference: Double
    public var agreesWithDense: Bool
    public var decompressionAgrees: Bool
  }

  /// The study as plain data, for `--format json`.
  public var report: Report {
    Report(
      example: example, derivative: example.derivative, formula: formula, point: point,
      halfBandwidth: halfBandwidth, detection: detection, order: Self.name(of: order),
      requestedMode: requestedMode.map { Self.name(of: $0) },
      mode: example.derivative == .jacobian ? (compression == .rows ? "reverse" : "forward") : nil,
      rowCount: pattern.rowCount, columnCount: pattern.columnCount, entries: entries,
      compression: compression, colors: coloring.colors, colorCount: coloring.colorCount,
      lowerBound: lowerBound, columnColorCount: columnColorCount, rowColorCount: rowColorCount,
      denseDirectionCount: denseDirectionCount, seedMatrix: coloring.seedMatrix,
      compressed: compressed, cellEntries: cellEntries, readFrom: readFrom, values: derivative.values,
      dense: dense, largestDenseDifference: largestDenseDifference,
      largestRecoveryDifference: largestRecoveryDifference, agreesWithDense: agreesWithDense,
      decompressionAgrees: decompressionAgrees)
  }
}
