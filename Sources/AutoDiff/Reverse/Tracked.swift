import RealModule

/// The reverse-mode scalar: a value and its place on a ``Tape``.
///
/// Every operation on tracked values computes its value as usual and its local partials
/// (from ``UnaryPrimitive`` and ``BinaryPrimitive``, the same rules ``Dual`` uses). A
/// backward sweep over the tape then yields the gradient. `Tracked<T>` conforms to
/// ``Differentiable`` (and so to `Real`), so generic code runs on it unchanged:
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> T { x[0] * (x[0] + x[1]) }
/// gradient(of: f, at: [2.0, 3.0])  // [7, 2]
/// ```
///
/// A tracked value is a multiple of one tape entry vᵢ: it carries ``entryIndex`` and
/// ``derivativeWithRespectToEntry``, its derivative with respect to vᵢ. An operation with
/// one tracked operand (sin x, x², 3·x, 1 − x, x·x) records nothing: it multiplies that
/// derivative by its own local partial, so a chain of such operations is folded into one
/// number (preaccumulation). Operations with two tracked operands append an entry whose
/// partials already include the operands' folded derivatives. Where a folded product
/// would leave the normal floating-point range (overflow, underflow, ∞, NaN) the chain is
/// recorded entry by entry instead, so folding never changes a derivative by more than
/// rounding. Scalars that carry derivatives themselves (`Tracked<Dual<Double>>`) fold
/// negations only (−x, c − x), which are exact: their scale is always 1 or −1, and their
/// derivatives are bit for bit those of recording every operation.
///
/// Literals and ``init(constant:)`` are constants: they are not recorded. A tracked value
/// belongs to the computation that made it; using it in another computation, or after
/// its computation has ended, stops with a message naming the operation.
///
/// `T` can be a ``Dual``: `Tracked<Dual<Double>>` is forward-over-reverse, which is how
/// ``hessian(of:at:)->[[T]]`` works.
@frozen
public struct Tracked<T: Differentiable>: DerivativeCarrying {
  /// The primal value.
  public let value: T
  /// ∂value/∂vᵢ for the entry vᵢ at `index`: 1 for an entry's own value, the product of
  /// the local partials of a folded chain otherwise.
  @usableFromInline let scale: T
  // A raw pointer, so no reference counting per operation. The storage is never freed
  // (`TapeStoragePool`), so a value that outlives its computation still reads a live
  // identity, and `identity` refuses it.
  @usableFromInline let tape: UnsafeMutablePointer<TapeStorage>?
  /// The computation that recorded this value: a generation of its tape's storage, never
  /// reused by that storage. 32 bits, next to `index`, so that `Tracked<Double>` is four
  /// words.
  @usableFromInline let identity: UInt32
  /// The entry this value is a multiple of, or `UInt32.max` for a constant.
  @usableFromInline let index: UInt32

  /// The type of ``magnitude``: the same type, so |x| keeps its place on the tape.
  public typealias Magnitude = Tracked
  /// The type of a distance between two values: the same type, so it keeps its place on the tape.
  public typealias Stride = Tracked
  /// The primal's exponent type: an integer, with no derivative.
  public typealias Exponent = T.Exponent
  /// Integer literals are `Int`, converted to constants.
  public typealias IntegerLiteralType = Int

  /// A constant: a value that is not recorded and has no derivative.
  @inlinable
  public init(constant value: T) {
    self.value = value
    self.scale = 0
    self.tape = nil
    self.identity = 0
    self.index = .max
  }

  @inlinable @inline(__always)
  init(
    value: T, index: UInt32, scale: T = 1, identity: UInt32,
    tape: UnsafeMutablePointer<TapeStorage>?
  ) {
    self.value = value
    self.scale = scale
    self.tape = tape
    self.identity = identity
    self.index = index
  }

  /// Whether this value is recorded on a tape (false for constants).
  @inlinable
  public var isTracked: Bool { tape != nil }

  /// The tape entry (vᵢ) this value is a multiple of, or nil for a constant;
  /// `Tape.entries` and `Tape.adjoints(of:)` are indexed by it. After a chain of
  /// one-operand operations it is the entry the chain started from.
  @inlinable
  public var entryIndex: Int? { tape == nil ? nil : Int(index) }

  /// ∂(this value)/∂vᵢ for the entry vᵢ at ``entryIndex``: 1 for an input and for the
  /// result of an operation on two tracked values; after a folded chain of one-operand
  /// operations, the product of their local partials. 0 for a constant.
  @inlinable
  public var derivativeWithRespectToEntry: T { scale }

  @inlinable
  public func replacingValue(with newValue: T) -> Tracked {
    Tracked(value: newValue, index: index, scale: scale, identity: identity, tape: tape)
  }

  /// This value's entry, appending one that records the folded chain if its scale is not 1.
  @inlinable @inline(__always)
  func materializedEntry(on tape: UnsafeMutablePointer<TapeStorage>) -> UInt32 {
    Self.materializedEntry(index, scale: scale, on: tape)
  }

  /// `partial · scale` for a carrier, whose scale is exactly 1 or −1 (carriers fold
  /// negations only): the partial or its negation. Both are exact, so an entry with this
  /// partial sweeps to the same adjoints, bit for bit, as the partial's entry followed by
  /// a negation's (up to the sign of a zero, which an adjoint summed from +0 cannot show).
  @inlinable @inline(__always)
  static func signed(_ partial: T, by scale: T) -> T { scale == 1 ? partial : 0 - partial }

  /// Entry `index`, or a "folded chain" entry appended for `scale`·vᵢ when `scale` is not 1.
  @inlinable @inline(__always)
  static func materializedEntry(
    _ index: UInt32, scale: T, on tape: UnsafeMutablePointer<TapeStorage>
  ) -> UInt32 {
    scale == 1 ? index : tape.pointee.recordUnary(.chain, index, scale)
  }

  /// f(x) with its local derivative f′(x), folded into x's scale (or recorded).
  @inlinable @inline(__always)
  public func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> Tracked {
    let r = rule.evaluate(at: value)
    guard let tape else { return Tracked(constant: r.value) }
    tape.pointee.admit(identity, operation: rule.name)
    return folding(r.value, partial: r.derivative, on: tape, as: .unary(rule))
  }

  /// `value`, with local partial `partial` with respect to self: folded when the product
  /// of partials stays normal, recorded as an entry otherwise.
  @inlinable @inline(__always)
  func folding(
    _ value: T, partial: T, on tape: UnsafeMutablePointer<TapeStorage>, as operation: TapeOperation
  ) -> Tracked {
    if let folded = T._foldedScale(partial, scale) {
      return Tracked(value: value, index: index, scale: folded, identity: identity, tape: tape)
    }
    if T._carriesDerivatives {
      // Carriers never fold (the condition is constant): recording is their common case,
      // so it is inlined rather than called with the carriers passed through memory.
      return Self.recorded(
        value, partial: partial, operand: index, operandScale: scale, identity: identity, on: tape,
        as: operation)
    }
    return Self.recording(
      value, partial: partial, operand: index, operandScale: scale, identity: identity, on: tape,
      as: operation)
  }

  /// The rare side of ``folding(_:partial:on:as:)``, kept out of line so that the folded
  /// side stays small enough to inline into the caller's loop. It takes the operand's
  /// fields rather than the operand: a method would need the whole value in memory to
  /// pass it, and the caller would store it there on the hot path too.
  @inlinable @inline(never)
  static func recording(
    _ value: T, partial: T, operand: UInt32, operandScale: T, identity: UInt32,
    on tape: UnsafeMutablePointer<TapeStorage>, as operation: TapeOperation
  ) -> Tracked {
    recorded(
      value, partial: partial, operand: operand, operandScale: operandScale, identity: identity,
      on: tape, as: operation)
  }

  /// `value` recorded as a one-operand entry with `partial` (after the operand's folded
  /// chain, if any): the one body of ``recording(_:partial:operand:operandScale:identity:on:as:)``
  /// and of the carriers' inlined path.
  @inlinable @inline(__always)
  static func recorded(
    _ value: T, partial: T, operand: UInt32, operandScale: T, identity: UInt32,
    on tape: UnsafeMutablePointer<TapeStorage>, as operation: TapeOperation
  ) -> Tracked {
    if T._carriesDerivatives {
      // A carrier's scale is ±1: its sign goes into the partial, with no entry of its own.
      let result = tape.pointee.recordUnary(operation, operand, signed(partial, by: operandScale))
      return Tracked(value: value, index: result, identity: identity, tape: tape)
    }
    let entry = materializedEntry(operand, scale: operandScale, on: tape)
    let result = tape.pointee.recordUnary(operation, entry, partial)
    return Tracked(value: value, index: result, identity: identity, tape: tape)
  }

  /// −x: the ``UnaryPrimitive/negate`` rule, folded into x's scale for scalars that carry
  /// derivatives too (for other scalars ``applying(_:)`` folds it): the rule's partial −1
  /// flips the sign of the scale, exactly, so nothing is recorded.
  @inlinable @inline(__always)
  public static prefix func - (operand: Tracked) -> Tracked {
    let rule = UnaryPrimitive.negate
    guard T._carriesDerivatives, let tape = operand.tape else { return operand.applying(rule) }
    tape.pointee.admit(operand.identity, operation: rule.name)
    let r = rule.evaluate(at: operand.value)
    return Tracked(
      value: r.value, index: operand.index, scale: signed(operand.scale, by: r.derivative),
      identity: operand.identity, tape: tape)
  }

  /// f(x, y) with both partials. A constant operand makes it a one-operand operation,
  /// folded like ``applying(_:)``; two tracked operands append one
  /// entry, which for add and subtract of unscaled values stores no partials at all, and
  /// for an accumulation `s ± c·y` (s unscaled) only the second.
  @inlinable @inline(__always)
  public func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: Tracked) -> Tracked {
    let r = rule.evaluate(value, other.value)
    switch (tape, other.tape) {
    case (nil, nil):
      return Tracked(constant: r.value)
    case (let tape?, nil):
      tape.pointee.admit(identity, operation: rule.name)
      // x ± c has partial 1: the result keeps x's entry and scale.
      if rule.form.constantPartials?.dx == 1 {
        return Tracked(value: r.value, index: index, scale: scale, identity: identity, tape: tape)
      }
      return folding(r.value, partial: r.dx, on: tape, as: .binary(rule, shape: .unary))
    case (nil, let tape?):
      tape.pointee.admit(other.identity, operation: rule.name)
      if rule.form == .sum {
        return Tracked(
          value: r.value, index: other.index, scale: other.scale, identity: other.identity,
          tape: tape)
      }
      // c − y has partial −1, and a scale that folds (normal or zero) stays so negated:
      // no range check; a carrier's scale ±1 stays ±1. (The condition is constant.)
      if rule.form == .difference, T._carriesDerivatives || T._foldedScale(1, 1) != nil {
        return Tracked(
          value: r.value, index: other.index, scale: 0 - other.scale, identity: other.identity,
          tape: tape)
      }
      return other.folding(r.value, partial: r.dy, on: tape, as: .binary(rule, shape: .unary))
    case (let tape?, let otherTape?):
      // Compare identities before touching either tape: one of them may be gone.
      if _slowPath(tape != otherTape || identity != other.identity) {
        TapeStorage.refuseMixing(operation: rule.name)
      }
      tape.pointee.admit(identity, operation: rule.name)
      if index == other.index {
        // Both operands are multiples of one entry: f(x, y) is too.
        if let folded = T._foldedSum(r.dx, scale, r.dy, other.scale) {
          return Tracked(value: r.value, index: index, scale: folded, identity: identity, tape: tape)
        }
        if T._carriesDerivatives {
          let partial = Self.signed(r.dx, by: scale) + Self.signed(r.dy, by: other.scale)
          let entry = tape.pointee.recordUnary(.binary(rule, shape: .unary), index, partial)
          return Tracked(value: r.value, index: entry, identity: identity, tape: tape)
        }
        if scale == 1 && other.scale == 1 {
          let entry = tape.pointee.recordUnary(.binary(rule, shape: .unary), index, r.dx + r.dy)
          return Tracked(value: r.value, index: entry, identity: identity, tape: tape)
        }
      }
      let entry: UInt32
      // Linear entries tell add from subtract by the primitive's code, so a user's rule of
      // the same form stores its partials like any other rule.
      if let partials = rule.form.constantPartials, partials.dx == 1, abs(partials.dy) == 1,
        rule is BinaryPrimitive
      {
        if scale == 1 && other.scale == 1 {
          entry = tape.pointee.recordLinear(.binary(rule, shape: .linear), index, other.index)
        } else if scale == 1 {
          // An accumulation s ± c·y: only the second partial is stored (17 bytes for
          // Double rather than 25). The scale is normal or zero, so it is the partial.
          entry = tape.pointee.recordScaledLinear(
            .scaledLinear(difference: partials.dy == -1), index, other.index,
            partials.dy == 1 ? other.scale : -other.scale)
        } else {
          // The scales are normal or zero, so they are the partials as they stand.
          entry = tape.pointee.recordBinary(
            .binary(rule, shape: .binary), index, scale, other.index,
            partials.dy == 1 ? other.scale : -other.scale)
        }
      } else if T._carriesDerivatives {
        entry = tape.pointee.recordBinary(
          .binary(rule, shape: .binary), index, Self.signed(r.dx, by: scale), other.index,
          Self.signed(r.dy, by: other.scale))
      } else if scale == 1 && other.scale == 1 {
        // Two entries' own values (a product of two results): the partials as they stand,
        // which is also what the branches below record then, without their range checks.
        entry = tape.pointee.recordBinary(.binary(rule, shape: .binary), index, r.dx, other.index, r.dy)
      } else if let dx = T._foldedScale(r.dx, scale), let dy = T._foldedScale(r.dy, other.scale) {
        entry = tape.pointee.recordBinary(.binary(rule, shape: .binary), index, dx, other.index, dy)
      } else {
        let x = materializedEntry(on: tape)
        let y = other.materializedEntry(on: tape)
        entry = tape.pointee.recordBinary(.binary(rule, shape: .binary), x, r.dx, y, r.dy)
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
    if tape == nil { return "\(value) (constant)" }
    return scale == 1 ? "\(value) (v\(index))" : "\(value) (\(scale)·v\(index))"
  }
}
