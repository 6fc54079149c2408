import RealModule

/// A dual number carrying `chunkSize` tangents at once: a + (b₁, …, bₖ)·ε.
///
/// This is vector forward mode (ForwardDiff.jl's chunks): one evaluation of f at
/// `ChunkedDual` values seeded with k basis directions yields k columns of the
/// Jacobian, so f: Rⁿ → Rᵐ needs ⌈n/k⌉ evaluations instead of n. The chunk size is part
/// of the type (an `InlineArray`), so the tangents live inline with no allocation.
///
/// You rarely build these by hand: ``gradient(of:at:mode:)-(([ChunkedDual<T,k>])->ChunkedDual<T,k>,_,_)``
/// and ``jacobian(of:at:mode:)`` with a ``ForwardMode`` do it for you.
@frozen
public struct ChunkedDual<T: Differentiable, let chunkSize: Int>: DerivativeCarrying {
  /// The primal value a.
  public var value: T
  /// The k tangents b₁ … bₖ.
  public var tangents: InlineArray<chunkSize, T>

  public typealias Magnitude = ChunkedDual
  public typealias Stride = ChunkedDual
  public typealias Exponent = T.Exponent
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
  /// `value + (b₁, …, bₖ)ε`.
  public var description: String {
    let lanes = (0..<chunkSize).map { "\(tangents[$0])" }.joined(separator: ", ")
    return "\(value) + (\(lanes))ε"
  }
}
