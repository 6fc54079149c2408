import RealModule

/// A ``Differentiable`` type whose values carry derivative information on top of a
/// primal value: ``Dual`` and ``ChunkedDual`` carry tangents, ``Tracked`` carries a
/// place on a tape.
///
/// A conforming type supplies only how a rule's local partials combine with what it
/// carries (``Differentiable/applying(_:)``); every `Real` requirement — arithmetic,
/// elementary functions, comparisons, classification — is implemented once, here in
/// the `DerivativeCarrying+…` files, by routing to ``UnaryPrimitive`` and
/// ``BinaryPrimitive``. That is how each derivative rule is written once for all modes.
///
/// Comparisons, hashing and classification look at ``value`` only.
public protocol DerivativeCarrying: Differentiable
where Magnitude == Self, Stride == Self, IntegerLiteralType == Int {
  /// The type of the primal value.
  associatedtype Primal: Differentiable

  /// The primal value.
  var value: Primal { get }

  /// A constant: `value` with no derivative.
  init(constant value: Primal)

  /// The same derivative information with another primal value. Used where the primal
  /// is computed more accurately than the rules compose it (a fused multiply-add).
  func replacingValue(with newValue: Primal) -> Self
}
