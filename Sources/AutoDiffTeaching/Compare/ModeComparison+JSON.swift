// The comparison for tools: `autodiff compare --format json`.
extension ModeComparison {
  /// The comparison as plain data.
  public struct Report: Sendable, Encodable {
    /// The formula of the family differentiated.
    public var function: String
    public var runs: Int
    public var chunkSize: Int
    public var grid: Grid
    public var measurements: [JacobianMeasurement]
    public var reverseFasterFromInputCount: Int?
    public var forwardFasterFromOutputCount: Int?
  }

  /// The comparison as plain data, for `--format json`.
  public var report: Report {
    Report(
      function: SineMixture.formula, runs: runs, chunkSize: JacobianMethod.chunkSize, grid: grid,
      measurements: measurements, reverseFasterFromInputCount: reverseFasterFromInputCount,
      forwardFasterFromOutputCount: forwardFasterFromOutputCount)
  }
}
