// The study as a table: `autodiff finite-difference`.
extension FiniteDifferenceStudy {
  /// The function, the exact derivative, one row per step, and the best steps.
  public func rendered() -> String {
    let x = NumberFormat.value(point)
    var table = TextTable(columns: [
      .init("step h", alignment: .right), .init("forward difference", alignment: .right),
      .init("|error|", alignment: .right), .init("central difference", alignment: .right),
      .init("|error|", alignment: .right),
    ])
    for row in rows {
      if row.stepVanishes {
        table.append([NumberFormat.scientific(row.step, digits: 0), "x + h rounds to x", "—", "x ± h round to x", "—"])
        continue
      }
      table.append([
        NumberFormat.scientific(row.step, digits: 0),
        NumberFormat.value(row.forward, significantDigits: 16), NumberFormat.scientific(row.forwardError),
        NumberFormat.value(row.central, significantDigits: 16), NumberFormat.scientific(row.centralError),
      ])
    }
    var best = "Smallest error:"
    if let forward = bestForward {
      best += " forward \(NumberFormat.scientific(forward.forwardError)) at h = \(NumberFormat.scientific(forward.step, digits: 0)) (theory: h ≈ √ε ≈ 1.5e-08);"
    }
    if let central = bestCentral {
      best += " central \(NumberFormat.scientific(central.centralError)) at h = \(NumberFormat.scientific(central.step, digits: 0)) (theory: h ≈ ∛ε ≈ 6.1e-06)."
    }
    return """
      Finite differences of f(\(variable)) = \(displayName) at \(variable) = \(x)
        forward  (f(x+h) − f(x)) / h          truncation ≈ |f″|·h/2 = \(NumberFormat.value(secondDerivative.magnitude / 2))·h
        central  (f(x+h) − f(x−h)) / 2h       truncation ≈ |f‴|·h²/6 = \(NumberFormat.value(thirdDerivative.magnitude / 6))·h²
        both: rounding ≈ ε·|f|/h with ε = 2.2e-16, f(\(x)) = \(NumberFormat.value(value))
        exact f′(\(x)) = \(NumberFormat.value(exact, significantDigits: 17)) by forward-mode AD (one pass of Dual numbers)

      \(table.rendered())

      \(best)
      Larger steps: truncation error dominates and falls as h shrinks. Smaller steps: rounding \
      error dominates and grows like 1/h. AD has neither: its derivative is exact to rounding.
      """
  }
}
