import RealModule

/// The reverse-mode scalar: a value and its place on a ``Tape``.
///
/// Every operation on tracked values computes its value as usual and appends an entry
/// to the tape with its local partials (from ``UnaryPrimitive`` and ``BinaryPrimitive``,
/// the same rules ``Dual`` uses). A backward sweep over the tape then yields the
/// gradient. `Tracked<T>` conforms to ``Differentiable`` (and so to `Real`), so generic
/// code runs on it unchanged:
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> T { x[0] * (x[0] + x[1]) }
/// gradient(of: f, at: [2.0, 3.0])  // [7, 2]
/// ```
///
/// Literals and ``init(constant:)`` are constants: they are not recorded. A tracked value
/// belongs to the computation that made it; using it in another computation, or after
/// its computation has ended, stops with a message naming the operation.
///
/// `T` can be a ``Dual``: `Tracked<Dual<Double>>` is forward-over-reverse, which is how
/// ``hessian(of:at:)`` works.
@frozen
public struct Tracked<T: Differentiable>: DerivativeCarrying {
  /// The primal value.
  public let value: T
  /// The entry that defined this value, or `UInt32.max` for a constant.
  @usableFromInline let index: UInt32
  /// The tape's identity when this value was recorded.
  @usableFromInline let identity: UInt64
  // A raw pointer, so no reference counting per operation. The computation that owns the
  // tape keeps it alive; `identity` catches values that outlive it.
  @usableFromInline let tape: UnsafeMutablePointer<TapeStorage>?

  public typealias Magnitude = Tracked
  public typealias Stride = Tracked
  public typealias Exponent = T.Exponent
  public typealias IntegerLiteralType = Int

  /// A constant: a value that is not recorded and has no derivative.
  @inlinable
  public init(constant value: T) {
    self.value = value
    self.index = .max
    self.identity = 0
    self.tape = nil
  }

  @inlinable
  init(value: T, index: UInt32, identity: UInt64, tape: UnsafeMutablePointer<TapeStorage>?) {
    self.value = value
    self.index = index
    self.identity = identity
    self.tape = tape
  }

  /// Whether this value is recorded on a tape (false for constants).
  @inlinable
  public var isTracked: Bool { tape != nil }

  /// The tape entry (vᵢ) that defined this value, or nil for a constant; `Tape.entries`
  /// and `Tape.adjoints(of:)` are indexed by it.
  @inlinable
  public var entryIndex: Int? { tape == nil ? nil : Int(index) }

  @inlinable
  public func replacingValue(with newValue: T) -> Tracked {
    Tracked(value: newValue, index: index, identity: identity, tape: tape)
  }

  /// Records f(x) with its local derivative f′(x).
  @inlinable @inline(__always)
  public func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> Tracked {
    let r = rule.evaluate(at: value)
    guard let tape else { return Tracked(constant: r.value) }
    tape.pointee.admit(identity, operation: rule.name)
    let entry = tape.pointee.recordUnary(.unary(rule), index, r.derivative)
    return Tracked(value: r.value, index: entry, identity: identity, tape: tape)
  }

  /// Records f(x, y) with both partials; a constant operand makes it a one-operand entry,
  /// and add and subtract store no partials at all.
  @inlinable @inline(__always)
  public func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: Tracked) -> Tracked {
    let r = rule.evaluate(value, other.value)
    switch (tape, other.tape) {
    case (nil, nil):
      return Tracked(constant: r.value)
    case (let tape?, nil):
      tape.pointee.admit(identity, operation: rule.name)
      // x ± c has partial 1: the result can share x's entry, which costs nothing to record.
      if let p = rule as? BinaryPrimitive, p == .add || p == .subtract {
        return Tracked(value: r.value, index: index, identity: identity, tape: tape)
      }
      let entry = tape.pointee.recordUnary(.binary(rule, shape: .unary), index, r.dx)
      return Tracked(value: r.value, index: entry, identity: identity, tape: tape)
    case (nil, let tape?):
      tape.pointee.admit(other.identity, operation: rule.name)
      if let p = rule as? BinaryPrimitive, p == .add {
        return Tracked(value: r.value, index: other.index, identity: other.identity, tape: tape)
      }
      let entry = tape.pointee.recordUnary(.binary(rule, shape: .unary), other.index, r.dy)
      return Tracked(value: r.value, index: entry, identity: other.identity, tape: tape)
    case (let tape?, let otherTape?):
      // Compare identities before touching either tape: one of them may be gone.
      if _slowPath(tape != otherTape || identity != other.identity) {
        TapeStorage.refuseMixing(operation: rule.name)
      }
      tape.pointee.admit(identity, operation: rule.name)
      let entry: UInt32
      if index == other.index {
        entry = tape.pointee.recordUnary(.binary(rule, shape: .unary), index, r.dx + r.dy)
      } else if let p = rule as? BinaryPrimitive, p == .add || p == .subtract {
        entry = tape.pointee.recordLinear(.binary(rule, shape: .linear), index, other.index)
      } else {
        entry = tape.pointee.recordBinary(.binary(rule, shape: .binary), index, r.dx, other.index, r.dy)
      }
      return Tracked(value: r.value, index: entry, identity: identity, tape: tape)
    }
  }

  /// The same value as a constant: the derivative stops here (JAX's `stop_gradient`).
  @inlinable
  public var withoutDerivative: Tracked { Tracked(constant: value) }

  @inlinable
  public var isExactlyZero: Bool { tape == nil && value.isExactlyZero }
}

extension Tracked: CustomStringConvertible {
  /// The value, and the entry that defined it: `2.5 (v3)`, or `2.5 (constant)`.
  public var description: String {
    tape == nil ? "\(value) (constant)" : "\(value) (v\(index))"
  }
}
