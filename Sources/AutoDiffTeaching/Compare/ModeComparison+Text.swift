// The comparison as tables: `autodiff compare`.
extension ModeComparison {
  /// Both sweeps as aligned tables with units, then where the modes cross over.
  public func rendered() -> String {
    let heading = """
      Jacobians of F: Rⁿ → Rᵐ, \(SineMixture.formula)
      time: median of \(runs) run\(runs == 1 ? "" : "s"); operations: primitives processed with derivatives; \
      memory: duals (forward) or tape + adjoints (reverse)
      """
    let inputs = table(
      title: "m = \(grid.fixedOutputCount) outputs, n varies", rows: grid.inputCounts.map { ($0, grid.fixedOutputCount) })
    let outputs = table(
      title: "n = \(grid.fixedInputCount) inputs, m varies", rows: grid.outputCounts.map { (grid.fixedInputCount, $0) })
    return [heading, inputs, outputs, crossoverSummary].joined(separator: "\n\n")
  }

  private func table(title: String, rows: [(n: Int, m: Int)]) -> String {
    var table = TextTable(columns: [
      .init("n", alignment: .right), .init("m", alignment: .right), .init("method"),
      .init("passes", alignment: .right), .init("operations", alignment: .right),
      .init("time", alignment: .right), .init("memory", alignment: .right),
    ])
    for (n, m) in rows {
      for method in JacobianMethod.allCases {
        guard let result = measurement(method, n: n, m: m) else { continue }
        let passes =
          result.sweeps == 0
          ? "\(result.evaluations)" : "\(result.evaluations) + \(result.sweeps) sweep\(result.sweeps == 1 ? "" : "s")"
        table.append([
          "\(n)", "\(m)", method.label, passes, NumberFormat.count(result.operations),
          NumberFormat.duration(seconds: result.seconds), NumberFormat.bytes(result.bytes),
        ])
      }
    }
    return title + "\n" + table.rendered()
  }

  /// Where the modes trade places, in words.
  public var crossoverSummary: String {
    var lines = ["Crossover"]
    let m = grid.fixedOutputCount
    let n = grid.fixedInputCount
    if let from = reverseFasterFromInputCount {
      let when = from == grid.inputCounts.first ? "at every n measured" : "from n = \(from) inputs on"
      lines.append("  m = \(m): reverse mode is faster than chunked forward mode \(when)")
    } else {
      lines.append("  m = \(m): chunked forward mode stays faster up to the largest n measured")
    }
    if let from = forwardFasterFromOutputCount {
      let when = from == grid.outputCounts.first ? "at every m measured" : "from m = \(from) outputs on"
      lines.append("  n = \(n): chunked forward mode is faster than reverse mode \(when)")
    } else {
      lines.append("  n = \(n): reverse mode stays faster up to the largest m measured")
    }
    lines.append("  Forward mode costs ⌈n/8⌉ passes, reverse mode 1 recording + ⌈m/8⌉ sweeps: forward wins")
    lines.append("  when n is small against m, reverse when n is large; where they cross depends on the")
    lines.append("  constant factors (a reverse pass records a tape, then sweeps it).")
    return lines.joined(separator: "\n")
  }
}
