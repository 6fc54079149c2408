import AutoDiff

/// An expression differentiated by hand, both ways, for teaching: its Wengert list, one
/// forward tangent sweep per input, one reverse adjoint sweep, and the work each took.
///
/// ```swift
/// let trace = try ExpressionTrace("a*(a+b)", values: ["a=2", "b=3"])
/// trace.forwardGradient   // [7, 2]  from 2 forward passes
/// trace.reverseGradient   // [7, 2]  from 1 reverse pass
/// print(trace.rendered())
/// ```
///
/// The sweeps are the trace's own, written out so that every step can be shown; the
/// local partials come from AutoDiff's rule tables (``UnaryPrimitive``,
/// ``BinaryPrimitive``, ``IntegerPower``). ``libraryGradient`` is AutoDiff's answer for
/// the same expression, computed with `gradient(of:at:)` and `jacobian(of:at:mode:)`.
public struct ExpressionTrace: Sendable {
  /// The expression as typed.
  public let source: String
  /// The parsed expression.
  public let expression: Expression
  /// The inputs and their values, in order of first appearance in the expression.
  public let point: VariableAssignment
  /// The expression's Wengert list at ``point``.
  public let list: WengertList
  /// One forward pass per input, in input order.
  public let tangentSweeps: [TangentSweep]
  /// The one reverse pass.
  public let adjointSweep: AdjointSweep
  /// AutoDiff's gradient of the same expression by reverse mode (`gradient(of:at:)`)
  /// and by forward mode (`jacobian(of:at:mode: .forward)`).
  public let libraryGradient: (reverse: [Double], forward: [Double])

  /// Parses `source`, reads the variables' values from `name=value` words, and traces.
  ///
  /// - Throws: ``InputError`` for a syntax error, a bad or missing value, an unknown
  ///   variable, an expression without variables, or an evaluation without a real value
  ///   (division by zero).
  public init(_ source: String, values words: [String]) throws(InputError) {
    let expression = try ExpressionParser.parse(source)
    guard !expression.variables.isEmpty else {
      throw InputError(
        .noVariables, "the expression has no variables, so there is nothing to differentiate: use one such as x*(x+y)")
    }
    let point = try VariableAssignment(parsing: words, for: expression)
    self.source = source
    self.expression = expression
    self.point = point
    list = try WengertList(recording: expression, source: source, at: point)
    tangentSweeps = (0..<list.inputCount).map { [list] in TangentSweep(over: list, seed: $0) }
    adjointSweep = AdjointSweep(over: list)
    let formula = Formula(expression, variables: point.names)
    libraryGradient = (
      gradient(of: { formula.value(at: $0) }, at: point.values),
      jacobian(of: formula, at: point.values, mode: .forward)[0]
    )
  }

  /// ∂f/∂xₛ from forward pass s, for each input.
  public var forwardGradient: [Double] { tangentSweeps.map { $0.derivative(of: list) } }

  /// ∂f/∂xⱼ from the adjoints of the one reverse pass.
  public var reverseGradient: [Double] { adjointSweep.gradient(of: list) }

  /// How much work a mode did.
  public struct Work: Sendable, Equatable, Codable {
    /// Sweeps over the list: forward needs one per input, reverse one per output.
    public var passes: Int
    /// Operations processed with their derivatives: forward, each pass's operations;
    /// reverse, the operations recorded once plus those swept back.
    public var operations: Int

    /// A count of passes and operations.
    public init(passes: Int, operations: Int) {
      self.passes = passes
      self.operations = operations
    }
  }

  /// n passes of every operation.
  public var forwardWork: Work {
    Work(passes: list.inputCount, operations: list.inputCount * list.operationCount)
  }

  /// One recording and one backward sweep of every operation.
  public var reverseWork: Work {
    Work(passes: 1, operations: 2 * list.operationCount)
  }
}
