/// The algebraic kind of a one-argument rule: what its derivatives are structurally,
/// whatever the point. Sparsity detection reads it to know whether f(x) can make the
/// Hessian depend on x twice.
public enum UnaryRuleStructure: Sendable, Hashable {
  /// f′ is 0 wherever it is defined (a step function): the result depends on nothing.
  case constant
  /// f′ is a non-zero constant on each piece (−x, |x|): f″ = 0, so the rule adds no
  /// second-order interaction.
  case linear
  /// Anything else: f″ may be non-zero, so x interacts with itself.
  case nonlinear
}

/// The algebraic kind of a two-argument rule f(x, y): which second partials may be non-zero.
///
/// - `linear` (x ± y): none. `bilinear` (x·y): ∂²f/∂x∂y only. `general` (pow, atan2, hypot):
///   all three. Division has ∂²/∂x∂y and ∂²/∂y² but ∂²/∂x² = 0.
public struct BinaryRuleStructure: Sendable, Hashable {
  /// Which second partials may be non-zero.
  public struct Interactions: OptionSet, Sendable, Hashable {
    /// One bit per second partial.
    public let rawValue: UInt8
    /// The set with the bits of `rawValue`.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// ∂²f/∂x².
    public static let first = Interactions(rawValue: 1)
    /// ∂²f/∂x∂y.
    public static let mixed = Interactions(rawValue: 2)
    /// ∂²f/∂y².
    public static let second = Interactions(rawValue: 4)
    /// All three.
    public static let all: Interactions = [.first, .mixed, .second]
  }

  /// The second partials that may be non-zero.
  public var interactions: Interactions
  /// Whether the rule picks one argument by value (minimum, maximum): its partial for the
  /// other is 0 at the point, so a detector that knows the point may drop that argument.
  public var selectsArgument: Bool

  /// A structure with the given second-order interactions.
  public init(interactions: Interactions, selectsArgument: Bool = false) {
    self.interactions = interactions
    self.selectsArgument = selectsArgument
  }

  /// Constant partials: x + y, x − y, remainders.
  public static let linear = BinaryRuleStructure(interactions: [])
  /// x·y: only the mixed second partial.
  public static let bilinear = BinaryRuleStructure(interactions: .mixed)
  /// Every second partial may be non-zero.
  public static let general = BinaryRuleStructure(interactions: .all)
}

/// The algebraic form of a two-argument rule: what its value and partials are, so that a
/// fast path can compute them without evaluating the rule (and so that no fast path
/// states a derivative of its own).
public enum BinaryRuleForm: Sendable, Hashable {
  /// x + y: partials 1 and 1.
  case sum
  /// x − y: partials 1 and −1.
  case difference
  /// x·y, bilinear: ∂f/∂x = y and ∂f/∂y = x.
  case product
  /// x / y: the value is the IEEE quotient; the partials come from the rule.
  case quotient
  /// Anything else: evaluate the rule.
  case general

  /// The partials of a sum or difference, constant everywhere; nil for other forms.
  @inlinable
  public var constantPartials: (dx: Int, dy: Int)? {
    switch self {
    case .sum: return (1, 1)
    case .difference: return (1, -1)
    default: return nil
    }
  }
}

extension UnaryDerivativeRule {
  /// A rule declared without a structure is taken as ``UnaryRuleStructure/nonlinear``:
  /// the conservative answer, never a pattern with an entry missing.
  public var structure: UnaryRuleStructure { .nonlinear }
}

extension BinaryDerivativeRule {
  /// A rule declared without a structure is taken as ``BinaryRuleStructure/general``.
  public var structure: BinaryRuleStructure { .general }

  /// A rule declared without a form is evaluated: ``BinaryRuleForm/general``.
  public var form: BinaryRuleForm { .general }
}

extension UnaryPrimitive {
  /// −x and |x| are (piecewise) linear; every other built-in function is not.
  public var structure: UnaryRuleStructure {
    switch self {
    case .negate, .abs: return .linear
    default: return .nonlinear
    }
  }
}

extension BinaryPrimitive {
  /// Each built-in rule's second-order structure (see ``BinaryRuleStructure``).
  public var structure: BinaryRuleStructure {
    switch self {
    case .add, .subtract: return .linear
    case .multiply: return .bilinear
    case .divide: return BinaryRuleStructure(interactions: [.mixed, .second])
    case .pow, .atan2, .hypot: return .general
    case .minimum, .maximum: return BinaryRuleStructure(interactions: [], selectsArgument: true)
    // x − n·y with n piecewise constant: linear on each piece.
    case .remainder, .truncatingRemainder: return .linear
    }
  }
}

extension BinaryPrimitive {
  /// The four arithmetic operations' forms; every other rule is evaluated.
  @inlinable
  public var form: BinaryRuleForm {
    switch self {
    case .add: return .sum
    case .subtract: return .difference
    case .multiply: return .product
    case .divide: return .quotient
    default: return .general
    }
  }
}

extension IntegerPower {
  /// x⁰ is constant, x¹ linear, any other power not.
  public var structure: UnaryRuleStructure {
    switch exponent {
    case 0: return .constant
    case 1: return .linear
    default: return .nonlinear
    }
  }
}

extension IntegerRoot {
  /// The first root is x itself; any other is not linear.
  public var structure: UnaryRuleStructure { index == 1 ? .linear : .nonlinear }
}
