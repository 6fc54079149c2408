import RealModule

/// A dual number carrying `chunkSize` tangents at once: a + (b₁, …, bₖ)·ε.
///
/// This is vector forward mode (ForwardDiff.jl's chunks): one evaluation of f at
/// `ChunkedDual` values seeded with k basis directions yields k columns of the
/// Jacobian, so f: Rⁿ → Rᵐ needs ⌈n/k⌉ evaluations instead of n. The chunk size is part
/// of the type (an `InlineArray`), so the tangents live inline with no allocation. With
/// one lane it is ``Dual``, which names that lane ``derivative``: forward mode has this
/// one implementation.
///
/// You rarely build these by hand: ``gradient(of:at:mode:)-(([ChunkedDual<T,k>])->ChunkedDual<T,k>,_,_)``
/// and ``jacobian(of:at:mode:)-(([ChunkedDual<T,k>])->[ChunkedDual<T,k>],_,_)`` with a
/// ``ForwardMode`` do it for you.
@frozen
public struct ChunkedDual<T: Differentiable, let chunkSize: Int>: DerivativeCarrying {
  /// The primal value a.
  public var value: T
  /// The k tangents b₁ … bₖ.
  public var tangents: InlineArray<chunkSize, T>

  /// The type of ``magnitude``: the same type, so |x| keeps its tangents.
  public typealias Magnitude = ChunkedDual
  /// The type of a distance between two values: the same type, so it keeps its tangents.
  public typealias Stride = ChunkedDual
  /// The primal's exponent type: an integer, with no derivative.
  public typealias Exponent = T.Exponent
  /// Integer literals are `Int`, converted to constants.
  public typealias IntegerLiteralType = Int

  /// A value with the given tangents.
  @inlinable
  public init(_ value: T, tangents: InlineArray<chunkSize, T>) {
    self.value = value
    self.tangents = tangents
  }

  @inlinable
  public init(constant value: T) {
    self.init(value, tangents: InlineArray(repeating: 0))
  }

  @inlinable
  public func replacingValue(with newValue: T) -> ChunkedDual {
    ChunkedDual(newValue, tangents: tangents)
  }

  @inlinable @inline(__always)
  public func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> ChunkedDual {
    let r = rule.evaluate(at: value)
    var result = ChunkedDual(constant: r.value)
    for lane in 0..<chunkSize {
      result.tangents[lane] = chainProduct(r.derivative, tangents[lane])
    }
    return result
  }

  @inlinable @inline(__always)
  public func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: ChunkedDual)
    -> ChunkedDual
  {
    let r = rule.evaluate(value, other.value)
    var result = ChunkedDual(constant: r.value)
    for lane in 0..<chunkSize {
      result.tangents[lane] = chainSum(r.dx, tangents[lane], r.dy, other.tangents[lane])
    }
    return result
  }

  /// The sum rule without its general machinery, over an IEEE type: the add rule's
  /// partials are 1 and 1, and the NaN-safe chain sum 1·t + 1·u + 0 is then t + u + 0 in
  /// every case (a NaN or ∞ − ∞ gives NaN either way), so the lanes are that, bit for bit
  /// (t + u without the NaNSafe trait, as its chain sum is). The backward sweep adds
  /// adjoints with it, two or three times an entry.
  @inlinable @inline(__always)
  public static func + (lhs: ChunkedDual, rhs: ChunkedDual) -> ChunkedDual {
    guard T._sweepsWithPlainProducts else { return lhs.applying(BinaryPrimitive.add, rhs) }
    var sum = ChunkedDual(constant: lhs.value + rhs.value)
    for lane in 0..<chunkSize {
      #if NaNSafe
      sum.tangents[lane] = lhs.tangents[lane] + rhs.tangents[lane] + 0
      #else
      sum.tangents[lane] = lhs.tangents[lane] + rhs.tangents[lane]
      #endif
    }
    return sum
  }

  /// The difference rule likewise: 1·t + (−1)·u + 0 is t − u + 0.
  @inlinable @inline(__always)
  public static func - (lhs: ChunkedDual, rhs: ChunkedDual) -> ChunkedDual {
    guard T._sweepsWithPlainProducts else { return lhs.applying(BinaryPrimitive.subtract, rhs) }
    var difference = ChunkedDual(constant: lhs.value - rhs.value)
    for lane in 0..<chunkSize {
      #if NaNSafe
      difference.tangents[lane] = lhs.tangents[lane] - rhs.tangents[lane] + 0
      #else
      difference.tangents[lane] = lhs.tangents[lane] - rhs.tangents[lane]
      #endif
    }
    return difference
  }

  /// The negation rule likewise: (−1)·t + 0 is 0 − t (+0 for either zero, as the
  /// NaN-safe product makes it). Inlined, so that a negated partial nobody reads (the
  /// quotient's ∂/∂y when the divisor is a constant) costs nothing.
  @inlinable @inline(__always)
  public static prefix func - (operand: ChunkedDual) -> ChunkedDual {
    guard T._sweepsWithPlainProducts else { return operand.applying(UnaryPrimitive.negate) }
    var negation = ChunkedDual(constant: -operand.value)
    for lane in 0..<chunkSize {
      #if NaNSafe
      negation.tangents[lane] = 0 - operand.tangents[lane]
      #else
      negation.tangents[lane] = -operand.tangents[lane]
      #endif
    }
    return negation
  }

  /// Over an IEEE type the backward sweep multiplies plainly and checks the adjoints it
  /// reads afterwards: a product the NaN-safe rule would change has a NaN lane, and a NaN
  /// lane spreads to every adjoint it reaches.
  @inlinable
  public static var _sweepsWithPlainProducts: Bool {
    // Over IEEE numbers only: a nested dual keeps the NaN-safe sweep.
    T._sweepsWithPlainProducts && !T._carriesDerivatives
  }

  /// (p + ṗε)(a + ȧε) = pa + (aṗ + pȧ)ε lane by lane, with IEEE products.
  @inlinable @inline(__always)
  public static func _plainProduct(_ partial: ChunkedDual, _ perturbation: ChunkedDual)
    -> ChunkedDual
  {
    var product = ChunkedDual(constant: partial.value * perturbation.value)
    for lane in 0..<chunkSize {
      product.tangents[lane] =
        perturbation.value * partial.tangents[lane] + partial.value * perturbation.tangents[lane]
    }
    return product
  }

  /// Lane by lane, with IEEE sums (no +0 for a sum of two −0; see
  /// ``Differentiable/_plainSum(_:_:)``).
  @inlinable @inline(__always)
  public static func _plainSum(_ x: ChunkedDual, _ y: ChunkedDual) -> ChunkedDual {
    guard T._sweepsWithPlainProducts else { return x + y }
    var sum = ChunkedDual(constant: x.value + y.value)
    for lane in 0..<chunkSize { sum.tangents[lane] = x.tangents[lane] + y.tangents[lane] }
    return sum
  }

  /// Whether the value or a tangent is NaN, in one test of their sum (which is also NaN
  /// for ∞ − ∞: a false alarm costs a NaN-safe sweep, never a wrong number).
  @inlinable
  public var _containsNaN: Bool {
    var sum = value
    for lane in 0..<chunkSize { sum += tangents[lane] }
    return sum._containsNaN
  }

  /// The backward sweep's NaN-safe product of a partial and an adjoint, over an IEEE type:
  /// the plain product, unless a component came out NaN, and then the NaN-safe one.
  ///
  /// The NaN-safe product tests both factors for structural zero, then multiplies with a
  /// NaN-safe chain sum per lane. Where no component is NaN, the plain product has the
  /// same value bit for bit up to the sign of a zero, which a product added to an
  /// accumulator cannot show (``Differentiable/_nanSafeAccumulatedProduct(_:_:)``).
  @inlinable @inline(__always)
  public static func _nanSafeAccumulatedProduct(
    _ partial: ChunkedDual, _ perturbation: ChunkedDual
  ) -> ChunkedDual {
    guard T._sweepsWithPlainProducts else { return _nanSafeProduct(partial, perturbation) }
    let product = _plainProduct(partial, perturbation)
    if _slowPath(product._containsNaN) { return _nanSafeProduct(partial, perturbation) }
    return product
  }

  @inlinable @inline(__always)
  public static func += (lhs: inout ChunkedDual, rhs: ChunkedDual) { lhs = lhs + rhs }

  @inlinable @inline(__always)
  public static func -= (lhs: inout ChunkedDual, rhs: ChunkedDual) { lhs = lhs - rhs }

  @inlinable
  public var withoutDerivative: ChunkedDual { ChunkedDual(constant: value) }

  @inlinable
  public var isExactlyZero: Bool {
    guard value.isExactlyZero else { return false }
    for lane in 0..<chunkSize where !tangents[lane].isExactlyZero { return false }
    return true
  }
}

extension ChunkedDual: Sendable where T: Sendable {}

extension ChunkedDual: CustomStringConvertible {
  /// `value + (b₁, …, bₖ)ε`, and `value + bε` for one lane (a ``Dual``), for example
  /// `1.5 + 1.0ε`.
  public var description: String {
    if chunkSize == 1 { return "\(value) + \(tangents[0])ε" }
    let lanes = (0..<chunkSize).map { "\(tangents[$0])" }.joined(separator: ", ")
    return "\(value) + (\(lanes))ε"
  }
}
