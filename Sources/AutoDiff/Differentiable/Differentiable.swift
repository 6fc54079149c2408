import RealModule

// Layering. Differentiable/ depends on Rules/ (the rule protocols and the tables
// UnaryPrimitive, BinaryPrimitive, IntegerPower, IntegerRoot), never the other way: the
// rules compute a value and its partials over any `Real`, and this layer applies them —
// `applying(_:)` per carrier, the NaN-safe chain-rule products (ChainRule.swift) and the
// `Real` conformance routed through the rule tables (DerivativeCarrying+…). Forward/
// (Dual, ChunkedDual), Reverse/ (Tracked, the tape) and Tensor/ build on this layer.

/// A real number type that AutoDiff can differentiate through.
///
/// Write a function once, generic over `Differentiable` (or over RealModule's `Real`),
/// and it runs unchanged on `Double` (plain values), on ``Dual`` (forward mode), on
/// ``ChunkedDual`` (several tangents at once) and on ``Tracked`` (reverse mode):
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .sin(x[0])] }
/// jacobian(of: f, at: [1.0, 2.0], mode: .forward)
/// jacobian(of: f, at: [1.0, 2.0], mode: .reverse)
/// ```
///
/// Decimal constants are literals, as in plain numeric code: `x * 0.5`,
/// `0.25 * x * x - 1.5`, `let c: T = 0.1` (to every mode a constant). A `Double` variable
/// enters as `T.constant(weight)` (``constant(_:)``). `T(0.5)` does not compile —
/// `Real` converts integers only, and an unlabelled `init(_: Double)` would make
/// `T(i * 3 + 1)` on integer expressions too costly for the type checker. One literal
/// alone, `Dual(3.0)`, needs its type: `Dual<Double>(3.0)` or `Dual(3.0, derivative: 0)`.
///
/// `Float`, `Double` and (on x86) `Float80` conform, as do AutoDiff's own number types.
/// The protocol is unrelated to the `_Differentiation` module's protocol of the same
/// name; AutoDiff does not use the toolchain's experimental differentiation.
public protocol Differentiable: Real, ExpressibleByFloatLiteral {
  /// `value` as a constant of this type (rounded to its precision): data held as `Double`
  /// entering a function generic over `Differentiable` — sample points, weights, a step
  /// size: `T.constant(weight) * x`. To every mode the result is a constant (no
  /// derivative). A static function rather than an initialiser, so that it adds no
  /// candidate to `T(i * 3 + 1)` on integer expressions or to `doubles.map(Float.init)`.
  static func constant(_ value: Double) -> Self

  /// Applies a user-declared one-argument primitive: plain numbers evaluate it,
  /// ``Dual`` applies the chain rule, ``Tracked`` records it on its tape.
  func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> Self

  /// Applies a user-declared two-argument primitive to `self` and `other`.
  func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: Self) -> Self

  /// The same value with no derivative: the result is a constant to every mode.
  var withoutDerivative: Self { get }

  /// True when the value and every derivative component it carries are exactly zero.
  ///
  /// The NaN-safe chain rule tests this on tangents and cotangents: a value-only test
  /// would drop the inner derivative of a nested dual whose value happens to be 0.
  var isExactlyZero: Bool { get }

  /// `partial · perturbation` under the NaN-safe rule: exactly zero when either factor is
  /// exactly zero (see `chainProduct`). A customization point so that IEEE types can
  /// take a one-compare fast path; carriers use the structural ``isExactlyZero``.
  static func _nanSafeProduct(_ partial: Self, _ perturbation: Self) -> Self

  /// `p·t + q·u` with both products NaN-safe: the chain rule of a binary operation.
  static func _nanSafeSum(_ p: Self, _ t: Self, _ q: Self, _ u: Self) -> Self

  /// ``_nanSafeProduct(_:_:)`` up to the sign of a zero result, for products that are
  /// added to an accumulator that is never −0.
  static func _nanSafeAccumulatedProduct(_ partial: Self, _ perturbation: Self) -> Self

  /// `partial · scale` (NaN-safe) when reverse mode may fold it into a ``Tracked`` value
  /// instead of recording an entry, nil when it must record: the product is not normal
  /// (overflow, underflow, ∞ or NaN would make the folded order differ from the
  /// sweep's by more than rounding), or `Self` carries derivatives, which fold no products.
  static func _foldedScale(_ partial: Self, _ scale: Self) -> Self?

  /// `p·t + q·u` (NaN-safe) under the same condition as ``_foldedScale(_:_:)``.
  static func _foldedSum(_ p: Self, _ t: Self, _ q: Self, _ u: Self) -> Self?

  /// Whether a backward sweep may multiply plainly (``_plainProduct(_:_:)``) and check its
  /// result afterwards (``_containsNaN``): true for IEEE types and for duals of them, where
  /// a product the NaN-safe rule would change has a NaN component and leaves NaN in every
  /// adjoint it reaches; false for deeper carriers.
  static var _sweepsWithPlainProducts: Bool { get }

  /// `partial · perturbation` with IEEE products throughout (0 · ∞ = NaN), for a sweep
  /// that checks its result with ``_containsNaN`` and sweeps again NaN-safely if needed.
  static func _plainProduct(_ partial: Self, _ perturbation: Self) -> Self

  /// `x + y` with IEEE sums throughout, for the plain sweep's accumulation of adjoints.
  ///
  /// `+` on a dual adds +0 to each tangent so that a sum of two −0 is +0 (the sign
  /// convention forward mode keeps with reverse mode). No adjoint component is ever −0:
  /// the buffer starts at +0, seeds are a scale (±1 over +0 tangents) or a cotangent
  /// added to +0, and a sum with an operand that is not −0 is never −0. Every sum in a
  /// sweep has an adjoint as an operand, or (two contributions to one entry) becomes the
  /// carry that is next added to one; so the plain sum gives the same adjoints bit for bit
  /// (PlainSweepTests).
  static func _plainSum(_ x: Self, _ y: Self) -> Self

  /// Whether this type carries derivatives (``Dual``, ``ChunkedDual``, ``Tracked``): a
  /// static test the optimiser folds, where a dynamic cast could look up a conformance on
  /// every call.
  static var _carriesDerivatives: Bool { get }

  /// Whether the value or any derivative component this type carries is NaN (``isNaN``
  /// looks at the value only). Read only where ``_sweepsWithPlainProducts`` is true.
  var _containsNaN: Bool { get }
}

/// `x` with no derivative in any mode (`stopGradient` in JAX, `detach` in PyTorch).
@inlinable
public func withoutDerivative<T: Differentiable>(at x: T) -> T {
  x.withoutDerivative
}

// Plain IEEE types carry no derivative: rules only evaluate.
extension Differentiable where Self: BinaryFloatingPoint {
  @inlinable
  public func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> Self {
    rule.evaluate(at: self).value
  }

  @inlinable
  public func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: Self) -> Self {
    rule.evaluate(self, other).value
  }

  @inlinable
  public var withoutDerivative: Self { self }

  @inlinable
  public var isExactlyZero: Bool { self == 0 }

  /// The IEEE product, made +0 whenever it is zero, and corrected only when it is NaN
  /// because one factor was ±0 and the other ±∞ or NaN.
  ///
  /// Adding +0 turns −0 into +0 and leaves every other value as it is, so a zero factor
  /// always gives +0, as the symmetric rule says. Without it, forward mode would
  /// multiply a zero tangent by a negative partial into −0 where reverse mode leaves an
  /// untouched adjoint at +0, and the modes would differ in the sign of zero.
  @inlinable @inline(__always)
  public static func _nanSafeProduct(_ partial: Self, _ perturbation: Self) -> Self {
    let product = partial * perturbation + 0
    if _slowPath(product.isNaN) && (partial == 0 || perturbation == 0) { return 0 }
    return product
  }

  /// The plain sum of products (+0 for zero, as in ``_nanSafeProduct(_:_:)``), redone
  /// term by term only if it is NaN. A sum that is not NaN had no NaN term, and a term
  /// that is not NaN is its NaN-safe value, so the result is the same as summing NaN-safe
  /// products, with one test instead of two.
  @inlinable @inline(__always)
  public static func _nanSafeSum(_ p: Self, _ t: Self, _ q: Self, _ u: Self) -> Self {
    let sum = p * t + q * u + 0
    if _slowPath(sum.isNaN) { return _nanSafeProduct(p, t) + _nanSafeProduct(q, u) }
    return sum
  }

  @inlinable @inline(__always)
  public static func _nanSafeAccumulatedProduct(_ partial: Self, _ perturbation: Self) -> Self {
    let product = partial * perturbation
    if _slowPath(product.isNaN) && (partial == 0 || perturbation == 0) { return 0 }
    return product
  }

  @inlinable
  public static var _sweepsWithPlainProducts: Bool { true }

  @inlinable @inline(__always)
  public static func _plainProduct(_ partial: Self, _ perturbation: Self) -> Self {
    partial * perturbation
  }

  @inlinable @inline(__always)
  public static func _plainSum(_ x: Self, _ y: Self) -> Self { x + y }

  @inlinable
  public var _containsNaN: Bool { isNaN }

  @inlinable
  public static var _carriesDerivatives: Bool { false }

  @inlinable @inline(__always)
  public static func _foldedScale(_ partial: Self, _ scale: Self) -> Self? {
    // A normal product is neither NaN nor zero, so it is its own NaN-safe value.
    let product = partial * scale
    let magnitude = product.magnitude
    if _fastPath(magnitude >= .leastNormalMagnitude && magnitude <= .greatestFiniteMagnitude) {
      return product
    }
    // Zero only from a zero factor: a product that underflowed to 0 must be recorded.
    guard partial == 0 || scale == 0 else { return nil }
    let zero = chainProduct(partial, scale)
    return zero == 0 ? zero : nil
  }

  @inlinable @inline(__always)
  public static func _foldedSum(_ p: Self, _ t: Self, _ q: Self, _ u: Self) -> Self? {
    // A normal sum had no NaN and no overflowing term, so it is its own NaN-safe value.
    let sum = p * t + q * u
    let magnitude = sum.magnitude
    if _fastPath(magnitude >= .leastNormalMagnitude && magnitude <= .greatestFiniteMagnitude) {
      return sum
    }
    guard (p == 0 || t == 0) && (q == 0 || u == 0) else { return nil }
    let zero = chainSum(p, t, q, u)
    return zero == 0 ? zero : nil
  }
}

extension DerivativeCarrying {
  /// Carriers test structural zero: a nested dual whose value is 0 may still carry a
  /// derivative, which a value-only test would drop.
  @inlinable @inline(__always)
  public static func _nanSafeProduct(_ partial: Self, _ perturbation: Self) -> Self {
    perturbation.isExactlyZero || partial.isExactlyZero ? 0 : partial * perturbation
  }

  @inlinable @inline(__always)
  public static func _nanSafeSum(_ p: Self, _ t: Self, _ q: Self, _ u: Self) -> Self {
    _nanSafeProduct(p, t) + _nanSafeProduct(q, u)
  }

  @inlinable @inline(__always)
  public static func _nanSafeAccumulatedProduct(_ partial: Self, _ perturbation: Self) -> Self {
    _nanSafeProduct(partial, perturbation)
  }

  @inlinable
  public static var _sweepsWithPlainProducts: Bool { false }

  /// The carrier's own product: never plain, since carriers sweep NaN-safely unless they
  /// say otherwise (``ChunkedDual`` and ``Dual`` over IEEE types do).
  @inlinable @inline(__always)
  public static func _plainProduct(_ partial: Self, _ perturbation: Self) -> Self {
    _nanSafeProduct(partial, perturbation)
  }

  /// The carrier's own sum, for the same reason.
  @inlinable @inline(__always)
  public static func _plainSum(_ x: Self, _ y: Self) -> Self { x + y }

  /// The value's test; a carrier that sweeps plainly tests every component.
  @inlinable
  public var _containsNaN: Bool { value._containsNaN }

  @inlinable
  public static var _carriesDerivatives: Bool { true }

  /// Carriers fold no products: `Tracked<Dual<…>>` records every operation but a negation
  /// (which flips its scale between 1 and −1, exactly).
  @inlinable @inline(__always)
  public static func _foldedScale(_ partial: Self, _ scale: Self) -> Self? { nil }

  @inlinable @inline(__always)
  public static func _foldedSum(_ p: Self, _ t: Self, _ q: Self, _ u: Self) -> Self? { nil }
}

/// `Float` is ``Differentiable``: generic code runs on it as plain values, and it is the
/// scalar inside `Dual<Float>`, `Tracked<Float>` and `Tensor<Float>`.
extension Float: Differentiable {
  /// `value` rounded to `Float`: ``Differentiable/constant(_:)``.
  @inlinable
  public static func constant(_ value: Double) -> Float { Float(value) }
}
/// `Double` is ``Differentiable``: generic code runs on it as plain values, and it is the
/// scalar inside `Dual<Double>`, `Tracked<Double>` and `Tensor<Double>`.
extension Double: Differentiable {
  /// `value` itself: ``Differentiable/constant(_:)``.
  @inlinable
  public static func constant(_ value: Double) -> Double { value }
}
#if arch(x86_64) || arch(i386)
/// `Float80` is ``Differentiable`` (on x86): generic code runs on it as plain values, and
/// `Dual<Float80>` and `Tracked<Float80>` differentiate in extended precision.
extension Float80: Differentiable {
  /// `value`, exactly: ``Differentiable/constant(_:)``.
  @inlinable
  public static func constant(_ value: Double) -> Float80 { Float80(value) }
}
#endif
