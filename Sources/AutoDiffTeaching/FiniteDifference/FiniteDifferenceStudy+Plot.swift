// The study as a picture: `autodiff finite-difference --svg FILE`.
extension FiniteDifferenceStudy {
  /// A log–log plot of |error| against h for both differences, with the model's
  /// truncation and rounding lines dashed behind them.
  public func svg() -> String {
    var plot = LinePlot(
      title: "Finite-difference error of f(\(variable)) = \(displayName) at \(variable) = \(NumberFormat.value(point))",
      xLabel: "step h", yLabel: "|estimate − exact AD derivative|",
      xScale: .logarithmic(base: 10), yScale: .logarithmic(base: 10))
    plot.series = [
      LinePlot.Series(
        name: "forward difference", points: rows.map { ($0.step, $0.forwardError) }, color: LinePlot.palette[0]),
      LinePlot.Series(
        name: "central difference", points: rows.map { ($0.step, $0.centralError) }, color: LinePlot.palette[1]),
    ]
    // The model lines, dense enough to be straight and to be clipped cleanly.
    let steps = stride(from: -17.0, through: 0, by: 0.25).map { Double.pow(10, $0) }
    plot.series += [
      LinePlot.Series(
        name: "truncation |f″|h/2", points: steps.map { ($0, forwardTruncation(step: $0)) },
        color: LinePlot.palette[0], dashed: true, showsMarkers: false, isGuide: true),
      LinePlot.Series(
        name: "truncation |f‴|h²/6", points: steps.map { ($0, centralTruncation(step: $0)) },
        color: LinePlot.palette[1], dashed: true, showsMarkers: false, isGuide: true),
      LinePlot.Series(
        name: "rounding ε|f|/h", points: steps.map { ($0, rounding(step: $0)) }, color: "#555555", dashed: true,
        showsMarkers: false, isGuide: true),
    ]
    let smallest = rows.map(\.step).min() ?? 1e-16
    let largest = rows.map(\.step).max() ?? 1e-1
    // Below the curves, near the bottom corners: the space the V leaves empty.
    let lowest = rows.flatMap { [$0.forwardError, $0.centralError] }.filter { $0 > 0 }.min() ?? 1e-10
    plot.annotations = [
      LinePlot.Annotation("← rounding error grows", x: smallest * 2, y: lowest),
      LinePlot.Annotation("truncation error falls →", x: largest / 1e3, y: lowest),
    ]
    return plot.svg(width: 720, height: 500)
  }
}
