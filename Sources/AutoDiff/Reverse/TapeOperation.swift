/// The one-byte tag of a tape entry: how many operands it has, where its partials
/// live, and which primitive produced it (for traces and the non-finite finder).
///
/// The top two bits are the entry's shape, so the backward sweep reads one byte and
/// knows what to do; the low six bits name the operation.
@frozen
public struct TapeOperation: Hashable, Sendable {
  /// The raw byte stored on the tape.
  public let rawValue: UInt8

  @inlinable
  init(rawValue: UInt8) { self.rawValue = rawValue }

  /// How an entry contributes to the backward sweep.
  @frozen
  public enum Shape: UInt8, Sendable {
    /// An input (leaf): nothing to propagate.
    case input = 0
    /// One operand, one stored partial.
    case unary = 1
    /// Two operands, two stored partials.
    case binary = 2
    /// Two operands with partials ±1 that need no storage (add, subtract), or with first
    /// partial 1 and the second stored (an accumulation x ± c·y, told apart by its code).
    case linear = 3
  }

  @inlinable
  var shape: Shape { Shape(rawValue: rawValue >> 6)! }

  @inlinable
  var code: UInt8 { rawValue & 0x3F }

  @inlinable
  init(shape: Shape, code: UInt8) {
    rawValue = shape.rawValue << 6 | (code & 0x3F)
  }

  // Codes: unary primitives from 0, binary primitives from 32, then the rest. Fixed
  // numbers rather than counts of `allCases`, so that they fold to constants on the
  // recording path; TapeOperationTests checks that the primitives fit.
  @inlinable static var binaryBase: UInt8 { 32 }
  @inlinable static var integerPowerCode: UInt8 { 56 }
  @inlinable static var integerRootCode: UInt8 { 57 }
  @inlinable static var customCode: UInt8 { 58 }
  @inlinable static var inputCode: UInt8 { 59 }
  @inlinable static var chainCode: UInt8 { 60 }
  @inlinable static var scaledSumCode: UInt8 { 61 }
  @inlinable static var scaledDifferenceCode: UInt8 { 62 }

  /// An input of the computation.
  @inlinable
  static var input: TapeOperation { TapeOperation(shape: .input, code: inputCode) }

  /// A folded chain of one-operand operations, recorded when it meets an operation that
  /// cannot fold (its partial is the chain's product of partials).
  @inlinable
  static var chain: TapeOperation { TapeOperation(shape: .unary, code: chainCode) }

  @inlinable
  static func unary<Rule: UnaryDerivativeRule>(_ rule: Rule) -> TapeOperation {
    if let p = rule as? UnaryPrimitive { return TapeOperation(shape: .unary, code: p.rawValue) }
    if rule is IntegerPower { return TapeOperation(shape: .unary, code: integerPowerCode) }
    if rule is IntegerRoot { return TapeOperation(shape: .unary, code: integerRootCode) }
    return TapeOperation(shape: .unary, code: customCode)
  }

  /// x + c·y or x − c·y: a sum or difference whose first operand is an entry's own value
  /// and whose second is a multiple of one, recorded with the second partial (±c) only.
  @inlinable
  static func scaledLinear(difference: Bool) -> TapeOperation {
    TapeOperation(shape: .linear, code: difference ? scaledDifferenceCode : scaledSumCode)
  }

  /// Whether a linear entry stores its second partial (``scaledLinear(difference:)``).
  @inlinable
  var storesSecondPartial: Bool { rawValue >= Shape.linear.rawValue << 6 | Self.scaledSumCode }

  /// A binary rule recorded with `shape` (unary when one operand is a constant).
  @inlinable
  static func binary<Rule: BinaryDerivativeRule>(_ rule: Rule, shape: Shape) -> TapeOperation {
    if let p = rule as? BinaryPrimitive {
      return TapeOperation(shape: shape, code: binaryBase + p.rawValue)
    }
    return TapeOperation(shape: shape, code: customCode)
  }

  /// The primitive's name, as shown in traces and diagnostics.
  public var name: String {
    let code = self.code
    if code < Self.binaryBase { return UnaryPrimitive(rawValue: code)!.name }
    if code < Self.integerPowerCode { return BinaryPrimitive(rawValue: code - Self.binaryBase)!.name }
    switch code {
    case Self.integerPowerCode: return "pow(·, n)"
    case Self.integerRootCode: return "root(·, n)"
    case Self.customCode: return "custom rule"
    case Self.chainCode: return "folded chain"
    case Self.scaledSumCode: return BinaryPrimitive.add.name
    case Self.scaledDifferenceCode: return BinaryPrimitive.subtract.name
    default: return "input"
    }
  }

  /// The number of operands the entry reads.
  public var operandCount: Int {
    switch shape {
    case .input: 0
    case .unary: 1
    case .binary, .linear: 2
    }
  }
}
