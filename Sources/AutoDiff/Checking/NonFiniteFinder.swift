/// Where a non-finite derivative came from: the first recorded operation whose local
/// partial is infinite or NaN and that lies on a path to the output.
public struct NonFiniteOrigin<T: Differentiable>: CustomStringConvertible {
  /// The tape entry (vᵢ) of the operation.
  public var entry: Int
  /// The operation's name, e.g. `log` or `divide`.
  public var operation: String
  /// The non-finite local partial(s) it recorded.
  public var partials: [T]
  /// The cotangent that reached it from the output.
  public var cotangent: T

  @usableFromInline
  init(entry: Int, operation: String, partials: [T], cotangent: T) {
    self.entry = entry
    self.operation = operation
    self.partials = partials
    self.cotangent = cotangent
  }

  public var description: String {
    "v\(entry) = \(operation)(…) has local partial \(partials.map { "\($0)" }.joined(separator: ", ")) "
      + "and receives cotangent \(cotangent): the gradient turns non-finite here"
  }
}

/// Finds the operation that makes the gradient of f: Rⁿ → R non-finite, like PyTorch's
/// anomaly mode or JAX's `debug_nans`: records f, sweeps once, and returns the first
/// entry in recording order whose local partial is ±∞ or NaN while the cotangent reaching
/// it is non-zero. Returns nil when no such operation exists.
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> T { .sqrt(x[0]) * x[1] }
/// findNonFiniteDerivative(of: f, at: [0, 2])  // v2 = squareRoot(…) has local partial inf …
/// ```
@inlinable
public func findNonFiniteDerivative<T: Differentiable>(
  of f: ([Tracked<T>]) throws -> Tracked<T>, at x: [T]
) rethrows -> NonFiniteOrigin<T>? {
  let tape = Tape<T>()
  return try withExtendedLifetime(tape) {
    let y = try tape.record(x, f)
    tape.end()
    guard let output = tape.entry(of: y, in: "findNonFiniteDerivative") else { return nil }
    return tape.withAdjoints { (adjoint: UnsafeMutablePointer<InlineArray<1, T>>) in
      adjoint[output.index][0] = output.scale
      tape.sweep(adjoint)
      return tape.walkEntries { entry -> NonFiniteOrigin<T>? in
        let cotangent = adjoint[entry.index][0]
        guard !cotangent.isExactlyZero else { return nil }
        let partials = entry.partials
        guard partials.contains(where: { !$0.isFinite }) else { return nil }
        return NonFiniteOrigin(
          entry: entry.index, operation: entry.operation.name, partials: partials,
          cotangent: cotangent)
      }
    }
  }
}
