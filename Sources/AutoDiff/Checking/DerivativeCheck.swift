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

  /// Whether ``computed`` and ``estimated`` have the same number of rows and each row
  /// the same number of entries. When they do not, the check fails: an entry missing
  /// from either side is a derivative nobody checked.
  public var shapesAgree: Bool {
    computed.count == estimated.count && zip(computed, estimated).allSatisfy { $0.count == $1.count }
  }

  /// Whether the shapes agree and every entry agrees to within `tolerance`.
  public var passed: Bool { shapesAgree && worstRelativeError <= tolerance }

  public var description: String {
    let verdict = passed ? "passed" : "FAILED"
    guard shapesAgree else {
      return "derivative check FAILED: AutoDiff gave \(Self.shape(computed)), "
        + "the central difference \(Self.shape(estimated))"
    }
    let (i, j) = worstPosition
    let where_ = computed.count == 1 ? "∂f/∂x[\(j)]" : "∂f[\(i)]/∂x[\(j)]"
    guard computed.contains(where: { !$0.isEmpty }) else { return "derivative check \(verdict): nothing to compare" }
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
    guard shapesAgree else {
      // The first place where one side has an entry the other lacks.
      let rows = Swift.min(computed.count, estimated.count)
      let row = (0..<rows).first { computed[$0].count != estimated[$0].count } ?? rows
      let column = row < rows ? Swift.min(computed[row].count, estimated[row].count) : 0
      worstRelativeError = .infinity
      worstPosition = (row, column)
      return
    }
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

  /// `3 rows of 2 entries`, or the row lengths when they differ: `2 rows of [2, 1] entries`.
  static func shape(_ rows: [[T]]) -> String {
    let lengths = rows.map { $0.count }
    let rowWord = rows.count == 1 ? "row" : "rows"
    if let first = lengths.first, lengths.allSatisfy({ $0 == first }) {
      return "\(rows.count) \(rowWord) of \(first) \(first == 1 ? "entry" : "entries")"
    }
    return lengths.isEmpty ? "no rows" : "\(rows.count) \(rowWord) of \(lengths) entries"
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
    of: { try f($0.map { Tracked(constant: $0) }).map { $0.value } }, at: x)
  return DerivativeCheck(computed: computed, estimated: estimated, tolerance: tolerance)
}
