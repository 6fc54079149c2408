// The trace as a teacher would write it on the board.
extension ExpressionTrace {
  /// The whole trace as text: the Wengert list, the forward sweeps, the reverse sweep,
  /// the gradient from both with AutoDiff's own, and the work per mode.
  public func rendered() -> String {
    [header, wengertSection, forwardSection, reverseSection, gradientSection, workSection]
      .joined(separator: "\n\n")
  }

  private var inputNames: [String] { point.names }

  private var header: String {
    let values = zip(point.names, point.values).map { "\($0) = \(NumberFormat.value($1))" }
    return "f(\(inputNames.joined(separator: ", "))) = \(source)   at   \(values.joined(separator: ", "))"
  }

  private static func plural(_ count: Int, _ word: String) -> String {
    "\(count) \(word)\(count == 1 ? "" : word.hasSuffix("s") ? "es" : "s")"
  }

  private var wengertSection: String {
    var table = TextTable(columns: [
      .init("entry"), .init("definition"), .init("value", alignment: .right), .init("local partials"),
      .init("computes"),
    ])
    for entry in list.entries {
      let partials = entry.dependencies.map { "∂/∂v\($0.entry) = \(NumberFormat.value($0.partial))" }
      table.append([
        entry.name, entry.definition, NumberFormat.value(entry.value), partials.joined(separator: ", "),
        entry.source,
      ])
    }
    return """
      Wengert list (\(Self.plural(list.inputCount, "input")), \(Self.plural(list.operationCount, "operation"))): \
      each line one primitive, in the order it runs
      \(table.rendered())
        output: \(outputName) = \(NumberFormat.value(list.value))
      """
  }

  private var outputName: String {
    switch list.output {
    case .entry(let i): return "v\(i)"
    case .constant(let c): return NumberFormat.value(c)
    }
  }

  /// `5·v̇0 + 2·v̇2`: a sum of partial·symbol terms with unit factors left out.
  private static func linearCombination(_ terms: [(factor: Double, symbol: String)]) -> String {
    guard !terms.isEmpty else { return "0" }
    var text = ""
    for (position, term) in terms.enumerated() {
      let negative = term.factor < 0 || (term.factor == 0 && term.factor.sign == .minus)
      let magnitude = term.factor.magnitude
      let factor = magnitude == 1 ? term.symbol : "\(NumberFormat.value(magnitude))·\(term.symbol)"
      if position == 0 {
        text = (negative ? "−" : "") + factor
      } else {
        text += (negative ? " − " : " + ") + factor
      }
    }
    return text
  }

  private var forwardSection: String {
    var columns: [TextTable.Column] = [.init("entry"), .init("tangent v̇ᵢ = Σ ∂vᵢ/∂vⱼ · v̇ⱼ")]
    for (pass, name) in inputNames.enumerated() {
      columns.append(.init("pass \(pass + 1): seed \(name)", alignment: .right))
    }
    var table = TextTable(columns: columns)
    for entry in list.entries {
      let rule: String
      if entry.index < list.inputCount {
        rule = "seed: 1 in pass \(entry.index + 1), else 0"
      } else {
        rule = Self.linearCombination(entry.dependencies.map { ($0.partial, "v̇\($0.entry)") })
      }
      table.append([entry.name, rule] + tangentSweeps.map { NumberFormat.value($0.tangents[entry.index]) })
    }
    let results = zip(inputNames, forwardGradient).enumerated().map { pass, pair in
      "∂f/∂\(pair.0) = \(NumberFormat.value(pair.1)) (pass \(pass + 1))"
    }
    return """
      Forward mode: one tangent sweep per input, top to bottom (\(Self.plural(tangentSweeps.count, "pass")))
      \(table.rendered())
        \(results.joined(separator: ", "))
      """
  }

  private var reverseSection: String {
    var table = TextTable(columns: [
      .init("entry"), .init("adjoint v̄ⱼ = Σ ∂vᵢ/∂vⱼ · v̄ᵢ"), .init("value", alignment: .right),
    ])
    for entry in list.entries.reversed() {
      let rule: String
      if case .entry(entry.index) = list.output {
        rule = "seed: v̄\(entry.index) = 1 (the output)"
      } else {
        let terms = adjointSweep.terms[entry.index].map { ($0.partial, "v̄\($0.from)") }
        rule = terms.isEmpty ? "0 (the output does not use it)" : Self.linearCombination(terms)
      }
      table.append([entry.name, rule, NumberFormat.value(adjointSweep.adjoints[entry.index])])
    }
    let results = zip(inputNames, reverseGradient).enumerated().map { index, pair in
      "∂f/∂\(pair.0) = v̄\(index) = \(NumberFormat.value(pair.1))"
    }
    return """
      Reverse mode: one adjoint sweep from the output, bottom to top (1 pass)
      \(table.rendered())
        \(results.joined(separator: ", "))
      """
  }

  /// How two derivatives compare: `✓ equal`, `✓ equal to rounding`, or `✗ differ`.
  static func agreement(_ a: Double, _ b: Double) -> String {
    if a == b || (a.isNaN && b.isNaN) { return "✓ equal" }
    if (a - b).magnitude <= 1e-12 * max(1, a.magnitude, b.magnitude) { return "✓ equal to rounding" }
    return "✗ differ"
  }

  /// Whether every pair of derivatives agrees to rounding.
  public var sweepsAgree: Bool {
    let pairs =
      Array(zip(forwardGradient, reverseGradient)) + Array(zip(reverseGradient, libraryGradient.reverse))
      + Array(zip(forwardGradient, libraryGradient.forward))
    return pairs.allSatisfy { !Self.agreement($0, $1).hasPrefix("✗") }
  }

  private var gradientSection: String {
    var table = TextTable(columns: [
      .init("input"), .init("forward (v̇ of output)", alignment: .right),
      .init("reverse (v̄ of input)", alignment: .right), .init(""),
    ])
    for (j, name) in inputNames.enumerated() {
      let (forward, reverse) = (forwardGradient[j], reverseGradient[j])
      table.append(["∂f/∂\(name)", NumberFormat.value(forward), NumberFormat.value(reverse), Self.agreement(forward, reverse)])
    }
    let library = libraryGradient
    let libraryAgrees =
      zip(reverseGradient, library.reverse).allSatisfy { !Self.agreement($0, $1).hasPrefix("✗") }
      && zip(forwardGradient, library.forward).allSatisfy { !Self.agreement($0, $1).hasPrefix("✗") }
    func list(_ values: [Double]) -> String { "[" + values.map { NumberFormat.value($0) }.joined(separator: ", ") + "]" }
    return """
      Gradient from both sweeps
      \(table.rendered())
        \(libraryAgrees ? "✓" : "✗") AutoDiff: gradient(of:at:) = \(list(library.reverse)), \
      jacobian(of:at:mode: .forward) = [\(list(library.forward))]
      """
  }

  private var workSection: String {
    let n = list.inputCount
    let operations = list.operationCount
    var table = TextTable(columns: [
      .init("mode"), .init("passes", alignment: .right), .init(""), .init("operations", alignment: .right),
      .init(""),
    ])
    table.append([
      "forward", "\(forwardWork.passes)", "one tangent sweep per input", "\(forwardWork.operations)",
      "\(Self.plural(n, "pass")) × \(Self.plural(operations, "operation"))",
    ])
    table.append([
      "reverse", "\(reverseWork.passes)", "one adjoint sweep per output", "\(reverseWork.operations)",
      "\(operations) recorded + \(operations) swept back",
    ])
    return """
      Work per mode
      \(table.rendered())
        Forward mode pays per input, reverse mode per output: for f: Rⁿ → R, reverse needs 1 pass where forward needs n.
      """
  }
}
