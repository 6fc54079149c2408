import RealModule

/// A number that records which inputs it depends on: runs a function written generically
/// over ``Differentiable`` and yields its Jacobian's or Hessian's sparsity pattern
/// (operator-overloading detection, like SparseConnectivityTracer.jl).
///
/// Each operation asks its rule's structure (``UnaryRuleStructure``,
/// ``BinaryRuleStructure``) what it does to dependencies: a linear rule passes them on, a
/// product makes its two operands interact, a non-linear function makes its operand
/// interact with itself.
///
/// Two detectors share this type:
/// - **local** (``jacobianSparsity(of:at:)-(F,_)``): values are carried, so branches and
///   comparisons run as they would at that point, and `max`/`min` keep only the argument
///   they pick. The pattern is exact at the point and holds wherever the function takes
///   the same branches; at a point where a comparison goes the other way it may differ.
/// - **global** (``jacobianSparsity(of:inputCount:)``): no values, so the pattern holds at
///   every point; a comparison or a classification of a value that depends on the inputs
///   has no answer and stops with a message.
///
/// You rarely use this type by name: the detection functions and the sparse transforms
/// run your function on it.
public struct SparsityTracer<T: Differentiable>: DerivativeCarrying {
  /// The value at the point (local detection), or NaN when it depends on the inputs and
  /// the detection is global.
  public var value: T
  /// The node of the detection's graph this value depends on, −1 for a constant.
  @usableFromInline var node: Int32
  /// False for a value that depends on the inputs in global detection.
  @usableFromInline var isKnown: Bool
  /// The detection this value belongs to; nil for constants.
  @usableFromInline var graph: DependencyGraph?

  /// The type of ``magnitude``: the same type, so |x| keeps its dependencies.
  public typealias Magnitude = SparsityTracer
  /// The type of a distance between two values: the same type, so it keeps its dependencies.
  public typealias Stride = SparsityTracer
  /// The primal's exponent type: an integer, with no derivative.
  public typealias Exponent = T.Exponent
  /// Integer literals are `Int`, converted to constants.
  public typealias IntegerLiteralType = Int

  @inlinable
  init(value: T, node: Int32, isKnown: Bool, graph: DependencyGraph?) {
    self.value = value
    self.node = node
    self.isKnown = isKnown
    self.graph = graph
  }

  /// A constant: depends on no input.
  @inlinable
  public init(constant value: T) {
    self.init(value: value, node: -1, isKnown: true, graph: nil)
  }

  /// The same dependencies with another value (unknown stays unknown).
  public func replacingValue(with newValue: T) -> SparsityTracer {
    SparsityTracer(value: isKnown ? newValue : .nan, node: node, isKnown: isKnown, graph: graph)
  }

  /// Whether the value depends on an input.
  public var dependsOnInputs: Bool { node >= 0 }

  /// The rule's value, depending on what `self` depends on as the rule's structure says:
  /// nothing for a step function, the same node for a linear rule, a new node that
  /// interacts with itself for a non-linear one (Hessian detection).
  @inlinable
  public func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> SparsityTracer {
    let r = rule.evaluate(at: value)
    let result = isKnown ? r.value : .nan
    guard let graph, node >= 0 else {
      return SparsityTracer(value: result, node: -1, isKnown: isKnown, graph: nil)
    }
    switch rule.structure {
    case .constant:
      return SparsityTracer(value: result, node: -1, isKnown: isKnown, graph: nil)
    case .linear:
      return SparsityTracer(value: result, node: node, isKnown: isKnown, graph: graph)
    case .nonlinear:
      guard graph.recordsInteractions else {
        return SparsityTracer(value: result, node: node, isKnown: isKnown, graph: graph)
      }
      graph.interact(node, node)
      return SparsityTracer(value: result, node: graph.join(node, -1), isKnown: isKnown, graph: graph)
    }
  }

  /// The rule's value, depending on both operands (or, in local detection, only on the one
  /// a selecting rule such as `max` picks), with the interactions the rule's structure
  /// names recorded for Hessian detection.
  @inlinable
  public func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: SparsityTracer)
    -> SparsityTracer
  {
    let r = rule.evaluate(value, other.value)
    let known = isKnown && other.isKnown
    let result = known ? r.value : .nan
    let graph: DependencyGraph
    switch (self.graph, other.graph) {
    case (nil, nil):
      return SparsityTracer(value: result, node: -1, isKnown: known, graph: nil)
    case (let g?, nil), (nil, let g?):
      graph = g
    case (let g?, let h?):
      if g !== h { refuseMixedDetections(rule.name) }
      graph = g
    }
    var a = node
    var b = other.node
    let structure = rule.structure
    if structure.selectsArgument && graph.knowsValues {
      if r.dx == 0 { a = -1 }
      if r.dy == 0 { b = -1 }
    }
    var interacted = false
    if graph.recordsInteractions {
      let kinds = structure.interactions
      if a >= 0 && kinds.contains(.first) {
        graph.interact(a, a)
        interacted = true
      }
      if a >= 0 && b >= 0 && kinds.contains(.mixed) {
        graph.interact(a, b)
        interacted = true
      }
      if b >= 0 && kinds.contains(.second) {
        graph.interact(b, b)
        interacted = true
      }
    }
    let joined: Int32
    if interacted {
      joined = graph.join(a, a == b ? -1 : b)
    } else if a < 0 || a == b {
      joined = b
    } else if b < 0 {
      joined = a
    } else {
      joined = graph.join(a, b)
    }
    return SparsityTracer(
      value: result, node: joined, isKnown: known, graph: joined >= 0 ? graph : nil)
  }

  /// The same value, depending on nothing.
  @inlinable
  public var withoutDerivative: SparsityTracer {
    SparsityTracer(value: value, node: -1, isKnown: isKnown, graph: nil)
  }

  /// A known constant 0.
  @inlinable
  public var isExactlyZero: Bool { node < 0 && isKnown && value == 0 }

  // Everything below reads the value. Global detection has none for a value that depends
  // on the inputs, so each of these refuses such a value instead of answering from NaN.

  /// The value, refusing one the global detector does not know.
  func knownValue(_ operation: @autoclosure () -> String) -> T {
    if _slowPath(!isKnown) {
      stopMisuse(
        "sparsity detection (global): \(operation()) on a value that depends on the "
          + "inputs; its answer differs between points, so no one pattern holds for all of "
          + "them. Detect at a point instead (jacobianSparsity(of:at:), sparsity: .detect)")
    }
    return value
  }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.knownValue("==") == rhs.knownValue("==") }
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.knownValue("<") < rhs.knownValue("<") }
  public static func <= (lhs: Self, rhs: Self) -> Bool { lhs.knownValue("<=") <= rhs.knownValue("<=") }
  public static func > (lhs: Self, rhs: Self) -> Bool { lhs.knownValue(">") > rhs.knownValue(">") }
  public static func >= (lhs: Self, rhs: Self) -> Bool { lhs.knownValue(">=") >= rhs.knownValue(">=") }
  public func hash(into hasher: inout Hasher) { hasher.combine(knownValue("hash")) }
  public func isEqual(to other: Self) -> Bool { knownValue("isEqual") == other.knownValue("isEqual") }
  public func isLess(than other: Self) -> Bool { knownValue("isLess") < other.knownValue("isLess") }
  public func isLessThanOrEqualTo(_ other: Self) -> Bool {
    knownValue("isLessThanOrEqualTo") <= other.knownValue("isLessThanOrEqualTo")
  }
  public func isTotallyOrdered(belowOrEqualTo other: Self) -> Bool {
    knownValue("isTotallyOrdered").isTotallyOrdered(
      belowOrEqualTo: other.knownValue("isTotallyOrdered"))
  }
  public var isNormal: Bool { knownValue("isNormal").isNormal }
  public var isFinite: Bool { knownValue("isFinite").isFinite }
  public var isZero: Bool { knownValue("isZero").isZero }
  public var isSubnormal: Bool { knownValue("isSubnormal").isSubnormal }
  public var isInfinite: Bool { knownValue("isInfinite").isInfinite }
  public var isNaN: Bool { knownValue("isNaN").isNaN }
  public var isSignalingNaN: Bool { knownValue("isSignalingNaN").isSignalingNaN }
  public var isCanonical: Bool { knownValue("isCanonical").isCanonical }
  public var sign: FloatingPointSign { knownValue("sign").sign }
  public var exponent: T.Exponent { knownValue("exponent").exponent }
  public var ulp: SparsityTracer { SparsityTracer(constant: knownValue("ulp").ulp) }
  public var nextUp: SparsityTracer { SparsityTracer(constant: knownValue("nextUp").nextUp) }

  /// The significand |x|·2^(−exponent(x)), linear in x on each binade. The protocol's
  /// version reads the value to choose the scale and, on global detection's unknown
  /// value (NaN), would answer a constant: a dependency silently lost. Here an unknown
  /// value keeps its dependency (the derivative is non-zero at every finite x ≠ 0).
  public var significand: SparsityTracer {
    guard isKnown else {
      return SparsityTracer(value: .nan, node: node, isKnown: false, graph: graph)
    }
    guard value.isFinite, !value.isZero else { return SparsityTracer(constant: value.significand) }
    return SparsityTracer(value: value.significand, node: node, isKnown: true, graph: graph)
  }

  /// Rounding is a step function: the result depends on nothing, and global detection
  /// does not know its value.
  public mutating func round(_ rule: FloatingPointRoundingRule) {
    self = SparsityTracer(
      value: isKnown ? value.rounded(rule) : .nan, node: -1, isKnown: isKnown, graph: nil)
  }
}

@usableFromInline @inline(never)
func refuseMixedDetections(_ operation: String) -> Never {
  stopMisuse(
    "sparsity detection (in \(operation)): the operands come from two different "
      + "detections; a value from one detection was kept and used in another")
}

extension SparsityTracer: CustomStringConvertible {
  /// The value (or `?` in global detection) and the node it depends on.
  public var description: String {
    let shown = isKnown ? "\(value)" : "?"
    return node < 0 ? "\(shown) (constant)" : "\(shown) (depends on node \(node))"
  }
}
