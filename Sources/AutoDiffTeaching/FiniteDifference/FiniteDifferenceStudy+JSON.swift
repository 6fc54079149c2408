// The study for tools: `autodiff finite-difference --format json`.
extension FiniteDifferenceStudy {
  /// The study as plain data.
  public struct Report: Sendable, Encodable {
    public var expression: String
    public var variable: String
    public var point: Double
    public var value: Double
    public var exact: Double
    public var secondDerivative: Double
    public var thirdDerivative: Double
    public var rows: [Row]
  }

  /// The study as plain data, for `--format json`.
  public var report: Report {
    Report(
      expression: source, variable: variable, point: point, value: value, exact: exact,
      secondDerivative: secondDerivative, thirdDerivative: thirdDerivative, rows: rows)
  }
}
