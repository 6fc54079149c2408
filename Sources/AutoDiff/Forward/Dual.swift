import RealModule

/// A dual number a + bε with ε² = 0: a value and one directional derivative.
///
/// Evaluating f at `Dual(x, derivative: 1)` yields f(x) and f′(x) together; that is
/// forward-mode differentiation. `Dual<T>` conforms to RealModule's `Real` (and so to
/// `FloatingPoint`, `ElementaryFunctions`, `RealFunctions` and `AlgebraicField`), so
/// any code generic over those protocols runs on it, including code that has never
/// heard of this library, such as `Complex<Dual<Double>>`.
///
/// ```swift
/// func f<T: Real>(_ x: T) -> T { 3 * x * x * x - 5 * x * x }
/// let y = f(Dual(1.5, derivative: 1))
/// // y.value == -1.125, y.derivative == 5.25
/// ```
///
/// Every function applies the chain rule with its rule from ``UnaryPrimitive`` or
/// ``BinaryPrimitive``: d/dx g(u) = g′(u)·u′. Literals are constants (derivative 0).
/// Comparisons and hashing use ``value`` only.
///
/// ## Higher derivatives
///
/// `T` may itself be a dual: `Dual<Dual<Double>>` carries second derivatives. The
/// nesting level is part of the type, so an inner differentiation can never confuse
/// its perturbation with an outer one: see <doc:ForwardModeDifferentiation>.
///
/// `T` is any ``Differentiable`` type: `Float`, `Double`, `Float80` or another dual.
@frozen
public struct Dual<T: Differentiable>: DerivativeCarrying {
  /// The primal value a.
  public var value: T
  /// The derivative (tangent) b.
  public var derivative: T

  /// The type of ``magnitude``: the same type, so |x| keeps its derivative.
  public typealias Magnitude = Dual
  /// The type of a distance between two values: the same type, so it keeps its derivative.
  public typealias Stride = Dual
  /// The primal's exponent type: an integer, with no derivative.
  public typealias Exponent = T.Exponent
  /// Integer literals are `Int`, converted to constants.
  public typealias IntegerLiteralType = Int

  /// A dual number `value + derivative·ε`; the derivative defaults to 0 (a constant).
  @inlinable
  public init(_ value: T, derivative: T = 0) {
    self.value = value
    self.derivative = derivative
  }

  @inlinable
  public init(constant value: T) {
    self.init(value, derivative: 0)
  }

  @inlinable
  public func replacingValue(with newValue: T) -> Dual {
    Dual(newValue, derivative: derivative)
  }

  /// f(a) + f′(a)·b·ε.
  @inlinable @inline(__always)
  public func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> Dual {
    let r = rule.evaluate(at: value)
    return Dual(r.value, derivative: chainProduct(r.derivative, derivative))
  }

  /// f(a, c) + (∂ₓf·b + ∂ᵧf·d)·ε for `self` = a + bε and `other` = c + dε.
  @inlinable @inline(__always)
  public func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: Dual) -> Dual {
    let r = rule.evaluate(value, other.value)
    return Dual(
      r.value,
      derivative: chainSum(r.dx, derivative, r.dy, other.derivative))
  }

  @inlinable
  public var withoutDerivative: Dual { Dual(constant: value) }

  @inlinable
  public var isExactlyZero: Bool { value.isExactlyZero && derivative.isExactlyZero }

  /// Over an IEEE type the backward sweep multiplies plainly and checks the adjoints it
  /// reads afterwards, as for ``ChunkedDual``.
  @inlinable
  public static var _sweepsWithPlainProducts: Bool {
    // Over IEEE numbers only: a nested dual keeps the NaN-safe sweep.
    T._sweepsWithPlainProducts && !T._carriesDerivatives
  }

  /// (p + ṗε)(a + ȧε) = pa + (aṗ + pȧ)ε with IEEE products.
  @inlinable @inline(__always)
  public static func _plainProduct(_ partial: Dual, _ perturbation: Dual) -> Dual {
    Dual(
      partial.value * perturbation.value,
      derivative: perturbation.value * partial.derivative + partial.value * perturbation.derivative)
  }

  /// Whether the value or the derivative is NaN.
  @inlinable
  public var _containsNaN: Bool { (value + derivative)._containsNaN }
}

extension Dual: Sendable where T: Sendable {}

extension Dual: CustomStringConvertible {
  /// `value + derivativeε`, for example `1.5 + 1.0ε`.
  public var description: String { "\(value) + \(derivative)ε" }
}
