import RealModule

/// xⁿ for an integer n, the rule behind `pow(_:_: Int)`.
///
/// The derivative n·xⁿ⁻¹ is taken with an integer power too, so it is exact wherever
/// the value is, and it is 0 for n == 0 at every x (including x == 0).
public struct IntegerPower: UnaryDerivativeRule {
  /// The exponent.
  public let exponent: Int

  /// The rule for x raised to `exponent`.
  @inlinable
  public init(_ exponent: Int) { self.exponent = exponent }

  public var name: String { "pow(·, \(exponent))" }

  @inlinable @inline(__always)
  public func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) {
    let n = exponent
    if n == 0 { return (T.pow(x, 0), 0) }
    return (T.pow(x, n), T(n) * T.pow(x, n - 1))
  }
}

/// The real n-th root, the rule behind `root(_:_:)`.
///
/// d/dx ⁿ√x = 1 / (n · (ⁿ√x)ⁿ⁻¹), which is +∞ at x == 0 for n > 1 (as √x is).
public struct IntegerRoot: UnaryDerivativeRule {
  /// The index n of the root.
  public let index: Int

  /// The rule for the `index`-th root.
  @inlinable
  public init(_ index: Int) { self.index = index }

  public var name: String { "root(·, \(index))" }

  @inlinable @inline(__always)
  public func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) {
    let y = T.root(x, index)
    return (y, 1 / (T(index) * T.pow(y, index - 1)))
  }
}
