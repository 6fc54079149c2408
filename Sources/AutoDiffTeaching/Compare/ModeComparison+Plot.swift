// The comparison as a picture: `autodiff compare --svg FILE`.
extension ModeComparison {
  /// Two log–log panels side by side: time against n with m fixed, and time against m
  /// with n fixed, one line per method, with a dashed line where n = m.
  public func svg() -> String {
    let inputs = panel(
      title: "Time vs inputs n (m = \(grid.fixedOutputCount))", xLabel: "inputs n",
      reference: grid.fixedOutputCount, referenceLabel: "n = m = \(grid.fixedOutputCount)",
      points: { varyingInputs($0).map { (Double($0.inputCount), $0.seconds) } })
    let outputs = panel(
      title: "Time vs outputs m (n = \(grid.fixedInputCount))", xLabel: "outputs m",
      reference: grid.fixedInputCount, referenceLabel: "m = n = \(grid.fixedInputCount)",
      points: { varyingOutputs($0).map { (Double($0.outputCount), $0.seconds) } })
    return LinePlot.svg(panels: [inputs, outputs])
  }

  private func panel(
    title: String, xLabel: String, reference: Int, referenceLabel: String,
    points: (JacobianMethod) -> [(x: Double, y: Double)]
  ) -> LinePlot {
    var plot = LinePlot(
      title: title, xLabel: xLabel, yLabel: "time per Jacobian", xScale: .logarithmic(base: 2),
      yScale: .logarithmic(base: 10))
    plot.yTickLabel = { NumberFormat.duration(seconds: $0, significantDigits: 3) }
    for (index, method) in JacobianMethod.allCases.enumerated() {
      plot.series.append(
        LinePlot.Series(
          name: method.label, points: points(method), color: LinePlot.palette[index],
          dashed: method == .forwardUnchunked))
    }
    plot.referenceLines = [LinePlot.ReferenceLine(x: Double(reference), label: referenceLabel)]
    return plot
  }
}
