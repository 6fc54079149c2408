import AutoDiff

/// An arithmetic expression parsed from text, such as `a*(a+b)` or `sin(x)^2 + 1e-3`.
///
/// A tree of numbers, variables and AutoDiff's primitives, each node remembering where
/// it came from in the source text, so that traces can show it and errors can point at
/// it. Operators and functions map onto ``UnaryPrimitive`` and ``BinaryPrimitive``, the
/// library's rule tables: the derivative rules are never written a second time.
///
/// Make one with ``ExpressionParser``:
///
/// ```swift
/// let expression = try ExpressionParser.parse("a*(a+b)")
/// expression.variables  // ["a", "b"]
/// ```
public struct Expression: Sendable, Hashable {
  /// What a node is.
  public indirect enum Kind: Sendable, Hashable {
    /// A number literal or a named constant such as `pi`.
    case number(Double)
    /// A named input.
    case variable(String)
    /// An operator or function of one argument: unary minus, `sin(x)`, `sqrt(x)`, …
    case unary(UnaryPrimitive, Expression)
    /// An operator or function of two arguments: `x + y`, `x ^ y`, `atan2(y, x)`, …
    case binary(BinaryPrimitive, Expression, Expression)
  }

  /// The node.
  public var kind: Kind
  /// The characters of the source text this node was parsed from (offsets in
  /// `Character`s from the start).
  public var span: Range<Int>
  /// Where the operator or the function name is, for errors that concern the operation
  /// itself (division by zero points at the `/`).
  public var operatorPosition: Int

  /// A node; `operatorPosition` defaults to the start of `span`.
  public init(_ kind: Kind, span: Range<Int>, operatorPosition: Int? = nil) {
    self.kind = kind
    self.span = span
    self.operatorPosition = operatorPosition ?? span.lowerBound
  }

  /// The distinct variables, in order of first appearance.
  public var variables: [String] {
    var seen: [String] = []
    func visit(_ node: Expression) {
      switch node.kind {
      case .number: break
      case .variable(let name): if !seen.contains(name) { seen.append(name) }
      case .unary(_, let operand): visit(operand)
      case .binary(_, let lhs, let rhs):
        visit(lhs)
        visit(rhs)
      }
    }
    visit(self)
    return seen
  }

  /// Whether the node involves no variable, so it is a constant to every mode.
  public var isConstant: Bool {
    switch kind {
    case .number: return true
    case .variable: return false
    case .unary(_, let operand): return operand.isConstant
    case .binary(_, let lhs, let rhs): return lhs.isConstant && rhs.isConstant
    }
  }

  /// For `x ^ n` with a constant integer exponent n (|n| ≤ 64), n: such powers use the
  /// exact ``IntegerPower`` rule, as `pow(x, n)` with an `Int` does in Swift.
  public var integerExponent: Int? {
    guard case .binary(.pow, _, let exponent) = kind, exponent.isConstant else { return nil }
    let n = exponent.constantValue
    guard n.isFinite, n == n.rounded(), n.magnitude <= 64 else { return nil }
    return Int(n)
  }
}
