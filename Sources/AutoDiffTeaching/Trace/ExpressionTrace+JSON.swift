// The trace for tools: `autodiff trace --format json`.
extension ExpressionTrace {
  /// The trace as plain data, for `--format json`.
  public struct Report: Sendable, Encodable {
    /// An input and its value.
    public struct Input: Sendable, Encodable {
      public var name: String
      public var value: Double
    }

    /// An operand: an entry or a constant.
    public struct Operand: Sendable, Encodable {
      /// The entry index, or nil for a constant.
      public var entry: Int?
      /// The constant's value, or nil for an entry.
      public var constant: Double?
    }

    /// One line of the Wengert list.
    public struct Entry: Sendable, Encodable {
      public var index: Int
      /// `input`, or the primitive's name (`add`, `sin`, `pow`, …).
      public var operation: String
      public var definition: String
      public var operands: [Operand]
      public var value: Double
      /// ∂vᵢ/∂(operand), one per operand (0 for constant operands).
      public var partials: [Double]
      public var source: String
    }

    /// One forward tangent sweep.
    public struct ForwardPass: Sendable, Encodable {
      /// The input seeded with tangent 1.
      public var seed: String
      /// v̇ᵢ for every entry.
      public var tangents: [Double]
      public var derivative: Double
    }

    /// The reverse adjoint sweep.
    public struct ReverseSweep: Sendable, Encodable {
      /// v̄ᵢ for every entry.
      public var adjoints: [Double]
      public var gradient: [Double]
    }

    /// The gradient from each sweep and from AutoDiff.
    public struct Gradient: Sendable, Encodable {
      public var forward: [Double]
      public var reverse: [Double]
      public var libraryReverse: [Double]
      public var libraryForward: [Double]
      /// Whether all four agree to rounding.
      public var agree: Bool
    }

    public var expression: String
    public var inputs: [Input]
    public var value: Double
    /// The output's entry, or nil if the output is a constant.
    public var output: Int?
    public var entries: [Entry]
    public var forward: [ForwardPass]
    public var reverse: ReverseSweep
    public var gradient: Gradient
    public var work: [String: Work]
  }

  /// The trace as plain data.
  public var report: Report {
    let entries = list.entries.map { entry in
      Report.Entry(
        index: entry.index,
        operation: entry.index < list.inputCount ? "input" : entry.operation.name,
        definition: entry.definition,
        operands: entry.operands.map { operand in
          switch operand {
          case .entry(let j): return Report.Operand(entry: j, constant: nil)
          case .constant(let c): return Report.Operand(entry: nil, constant: c)
          }
        },
        value: entry.value, partials: entry.partials, source: entry.source)
    }
    let output: Int? = if case .entry(let i) = list.output { i } else { nil }
    return Report(
      expression: source,
      inputs: zip(point.names, point.values).map { Report.Input(name: $0, value: $1) },
      value: list.value, output: output, entries: entries,
      forward: tangentSweeps.map {
        Report.ForwardPass(seed: point.names[$0.seed], tangents: $0.tangents, derivative: $0.derivative(of: list))
      },
      reverse: Report.ReverseSweep(adjoints: adjointSweep.adjoints, gradient: reverseGradient),
      gradient: Report.Gradient(
        forward: forwardGradient, reverse: reverseGradient, libraryReverse: libraryGradient.reverse,
        libraryForward: libraryGradient.forward, agree: sweepsAgree),
      work: ["forward": forwardWork, "reverse": reverseWork])
  }
}
