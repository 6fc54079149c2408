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
/// Comparisons and hashing use ``ChunkedDual/value`` only.
///
/// `Dual<T>` is ``ChunkedDual`` with one lane, under the names of one tangent
/// (``ChunkedDual/init(_:derivative:)``, ``ChunkedDual/derivative``): one implementation
/// of forward mode whatever the number of tangents, as ForwardDiff.jl's `Dual` is one
/// type whatever its number of partials.
///
/// ## Higher derivatives
///
/// `T` may itself be a dual: `Dual<Dual<Double>>` carries second derivatives. The
/// nesting level is part of the type, so an inner differentiation can never confuse
/// its perturbation with an outer one: see <doc:ForwardModeDifferentiation>.
///
/// `T` is any ``Differentiable`` type: `Float`, `Double`, `Float80` or another dual.
public typealias Dual<T: Differentiable> = ChunkedDual<T, 1>

/// The names of a ``Dual``: one lane is one derivative.
extension ChunkedDual where chunkSize == 1 {
  /// A dual number `value + derivative·ε`; the derivative defaults to 0 (a constant).
  @inlinable
  public init(_ value: T, derivative: T = 0) {
    self.init(value, tangents: InlineArray(repeating: derivative))
  }

  /// The derivative (tangent) b: the one lane.
  @inlinable
  public var derivative: T {
    get { tangents[0] }
    set { tangents[0] = newValue }
  }
}
