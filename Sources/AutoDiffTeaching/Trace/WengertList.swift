import AutoDiff

/// One line of a Wengert list: vᵢ = operation(operands), with its value and the local
/// partial derivative with respect to each operand.
public struct WengertEntry: Sendable, Equatable {
  /// What produced an entry.
  public enum Operation: Sendable, Hashable {
    /// An input of the expression, by name.
    case input(String)
    case unary(UnaryPrimitive)
    case binary(BinaryPrimitive)
    /// xⁿ for a constant integer n, by the exact ``IntegerPower`` rule.
    case integerPower(Int)

    /// The name shown in the list: `add`, `sin`, `pow`, or the input's name.
    public var name: String {
      switch self {
      case .input(let name): return name
      case .unary(let primitive): return primitive.name
      case .binary(let primitive): return primitive.name
      case .integerPower: return "pow"
      }
    }
  }

  /// An argument of an operation: an earlier entry or a constant folded into the line.
  public enum Operand: Sendable, Hashable {
    case entry(Int)
    case constant(Double)
  }

  /// i: this entry defines vᵢ.
  public var index: Int
  public var operation: Operation
  /// The arguments, in order (for `pow(v0, 3)` the 3 is a constant operand).
  public var operands: [Operand]
  /// vᵢ.
  public var value: Double
  /// ∂vᵢ/∂(operand) for each operand, from AutoDiff's rule for the operation (the
  /// entries for constant operands are never used).
  public var partials: [Double]
  /// The part of the expression this entry computes, as typed.
  public var source: String

  /// `vᵢ`-style name: `v2`.
  public var name: String { "v\(index)" }

  /// The right-hand side as written in the list: `multiply(v0, v2)`, `pow(v1, 3)`, or
  /// the input's name.
  public var definition: String {
    if case .input(let name) = operation { return name }
    let arguments = operands.map { operand -> String in
      switch operand {
      case .entry(let j): return "v\(j)"
      case .constant(let c): return NumberFormat.value(c)
      }
    }
    return "\(operation.name)(\(arguments.joined(separator: ", ")))"
  }

  /// The (operand entry, partial) pairs through which derivatives flow; constants
  /// carry none.
  public var dependencies: [(entry: Int, partial: Double)] {
    zip(operands, partials).compactMap { operand, partial in
      if case .entry(let j) = operand { return (j, partial) }
      return nil
    }
  }
}

/// A Wengert list (evaluation trace) of an expression at a point: the inputs first,
/// then one entry per primitive operation in the order a program would run them.
///
/// Parts without variables are folded into constants, so every entry depends on an
/// input. The list is in topological order by construction: the forward sweep reads it
/// top to bottom, the reverse sweep bottom to top; there is no graph to sort.
public struct WengertList: Sendable, Equatable {
  /// Every entry; the first ``inputCount`` are the inputs.
  public private(set) var entries: [WengertEntry] = []
  /// The number of inputs n.
  public let inputCount: Int
  /// The entry (or constant) holding the expression's value.
  public private(set) var output: WengertEntry.Operand = .constant(0)

  /// The number of primitive operations (entries that are not inputs).
  public var operationCount: Int { entries.count - inputCount }

  /// The expression's value.
  public var value: Double {
    switch output {
    case .entry(let i): return entries[i].value
    case .constant(let c): return c
    }
  }

  /// Evaluates `expression` at `point`, recording every primitive.
  ///
  /// - Throws: ``InputError`` for a division by zero or an operation with no real value
  ///   (such as `sqrt(-1)` or `log(-2)`), pointing at the operation.
  public init(recording expression: Expression, source: String, at point: VariableAssignment) throws(InputError) {
    var inputs: [WengertEntry] = []
    for (index, name) in point.names.enumerated() {
      inputs.append(
        WengertEntry(
          index: index, operation: .input(name), operands: [], value: point.values[index], partials: [],
          source: name))
    }
    var recorder = Recorder(entries: inputs, text: Array(source), source: source, inputs: point.names)
    let output = try recorder.record(expression)
    inputCount = point.names.count
    entries = recorder.entries
    self.output = output
  }

  /// Appends entries while walking the expression tree in evaluation order.
  private struct Recorder {
    var entries: [WengertEntry]
    let text: [Character]
    let source: String
    let inputs: [String]

    func value(_ operand: WengertEntry.Operand) -> Double {
      switch operand {
      case .entry(let i): return entries[i].value
      case .constant(let c): return c
      }
    }

    mutating func record(_ node: Expression) throws(InputError) -> WengertEntry.Operand {
      switch node.kind {
      case .number(let x):
        return .constant(x)
      case .variable(let name):
        return .entry(inputs.firstIndex(of: name)!)
      case .unary(let primitive, let operand):
        let x = try record(operand)
        let result = primitive.evaluate(at: value(x))
        return try append(.unary(primitive), [x], result.value, [result.derivative], node)
      case .binary(let primitive, let lhs, let rhs):
        let x = try record(lhs)
        if let n = node.integerExponent {
          let result = IntegerPower(n).evaluate(at: value(x))
          return try append(.integerPower(n), [x, .constant(Double(n))], result.value, [result.derivative, 0], node)
        }
        let y = try record(rhs)
        if primitive == .divide && value(y) == 0 {
          let divisor = String(text[rhs.span]).trimmingWhitespace()
          throw InputError(
            .divisionByZero,
            "division by zero at column \(node.operatorPosition + 1): the divisor \(divisor) is 0 here",
            at: InputError.Location(source: source, span: node.operatorPosition..<node.operatorPosition + 1))
        }
        let result = primitive.evaluate(value(x), value(y))
        return try append(.binary(primitive), [x, y], result.value, [result.dx, result.dy], node)
      }
    }

    /// Records one operation, or folds it into a constant when no operand is an entry.
    mutating func append(
      _ operation: WengertEntry.Operation, _ operands: [WengertEntry.Operand], _ result: Double,
      _ partials: [Double], _ node: Expression
    ) throws(InputError) -> WengertEntry.Operand {
      let arguments = operands.map(value)
      if result.isNaN && !arguments.contains(where: \.isNaN) {
        let shown = arguments.map { NumberFormat.value($0) }.joined(separator: ", ")
        let spelled = String(text[node.span]).trimmingWhitespace()
        throw InputError(
          .notARealNumber,
          "\(spelled) has no real value at column \(node.span.lowerBound + 1): \(operation.name)(\(shown)) is undefined",
          at: InputError.Location(source: source, span: node.span))
      }
      guard operands.contains(where: { if case .entry = $0 { return true } else { return false } }) else {
        return .constant(result)
      }
      let index = entries.count
      entries.append(
        WengertEntry(
          index: index, operation: operation, operands: operands, value: result, partials: partials,
          source: Self.withoutEnclosingParentheses(String(text[node.span]).trimmingWhitespace())))
      return .entry(index)
    }

    /// `(a+b)` → `a+b`, but `(a)*(b)` stays: only a pair that encloses everything goes.
    static func withoutEnclosingParentheses(_ text: String) -> String {
      var text = Substring(text)
      while text.first == "(" && text.last == ")" {
        var depth = 0
        var enclosesAll = true
        for (offset, character) in text.enumerated() {
          if character == "(" { depth += 1 }
          if character == ")" { depth -= 1 }
          if depth == 0 && offset < text.count - 1 {
            enclosesAll = false
            break
          }
        }
        guard enclosesAll else { break }
        text = text.dropFirst().dropLast()
      }
      return String(text)
    }
  }
}
