import RealModule

/// The result of comparing a derivative from AutoDiff with central finite differences.
public struct DerivativeCheck<T: Differentiable & BinaryFloatingPoint>: CustomStringConvertible {
  /// The derivative AutoDiff computed: m rows of n entries (one row for a gradient).
  public var computed: [[T]]
  /// The central-difference estimate, same layout.
  public var estimated: [[T]]
  /// The largest relative error |computed − estimated| / max(1, |estimated|).
  public var worstRelativeError: T
  /// Where the worst error is: output row and input column.
  public var worstPosition: (row: Int, column: Int)
  /// The tolerance the check was made against.
  public var tolerance: T

  /// Whether every entry agrees to within `tolerance`.
  public var passed: Bool { worstRelativeError <= tolerance }

  public var description: String {
    let verdict = passed ? "passed" : "FAILED"
    let (i, j) = worstPosition
    let where_ = computed.count == 1 ? "∂f/∂x[\(j)]" : "∂f[\(i)]/∂x[\(j)]"
    guard !computed.isEmpty, !computed[0].isEmpty else { return "derivative check \(verdict): nothing to compare" }
    return "derivative check \(verdict): worst relative error \(worstRelativeError) at \(where_) "
      + "(AutoDiff \(computed[i][j]), central difference \(estimated[i][j]); tolerance \(tolerance))"
  }

  @usableFromInline
  init(computed: [[T]], estimated: [[T]], tolerance: T) {
    self.computed = computed
    self.estimated = estimated
    self.tolerance = tolerance
    worstRelativeError = 0
    worstPosition = (0, 0)
    for i in computed.indices {
      for j in computed[i].indices {
        let a = computed[i][j]
        let e = estimated[i][j]
        let error = (a - e).magnitude / Swift.max(1, e.magnitude)
        if error > worstRelativeError || error.isNaN {
          worstRelativeError = error.isNaN ? .infinity : error
          worstPosition = (i, j)
        }
      }
    }
  }
}

/// Compares the reverse-mode gradient of f: Rⁿ → R with central differences, like
/// `torch.autograd.gradcheck`.
///
/// The function is evaluated on untracked (constant) ``Tracked`` values for the finite
/// differences, so one closure serves both.
///
/// ```swift
/// let check = checkGradient(of: rosenbrock, at: [0.5, 1.5])
/// check.passed  // true
/// print(check)  // derivative check passed: worst relative error 3.1e-10 at ∂f/∂x[0] …
/// ```
@inlinable
public func checkGradient<T: Differentiable & BinaryFloatingPoint>(
  of f: ([Tracked<T>]) throws -> Tracked<T>, at x: [T], tolerance: T = T.root(T.ulpOfOne, 3)
) rethrows -> DerivativeCheck<T> {
  let computed = try gradient(of: f, at: x)
  let estimated = try centralDifferenceJacobian(
    of: { try [f($0.map { Tracked(constant: $0) }).value] }, at: x)
  return DerivativeCheck(computed: [computed], estimated: estimated, tolerance: tolerance)
}

/// Compares the reverse-mode Jacobian of f: Rⁿ → Rᵐ with central differences.
@inlinable
public func checkJacobian<T: Differentiable & BinaryFloatingPoint>(
  of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T], tolerance: T = T.root(T.ulpOfOne, 3)
) rethrows -> DerivativeCheck<T> {
  let computed = try jacobian(of: f, at: x, mode: .reverse)
  let estimated = try centralDifferenceJacobian(
    of: { try f($0.map { Tracked(constant: $0) }).map(\.value) }, at: x)
  return DerivativeCheck(computed: computed, estimated: estimated, tolerance: tolerance)
}
