/// Where a sparse Jacobian or Hessian gets its pattern.
public enum Sparsity: Sendable, Hashable {
  /// Detect it at the point the derivative is taken (local detection): branches run as
  /// they do there. Exact at that point; a prepared object reusing it at other points is
  /// right wherever the function takes the same branches (each evaluation also checks
  /// that no derivative appears outside the pattern where that is visible in its
  /// compressed result, and stops if one does).
  case detect
  /// Detect a pattern that holds at every point (global detection). A function that
  /// compares or classifies a value depending on its inputs stops with a message; use
  /// ``detect`` for it.
  case detectGlobally
  /// A pattern you know; it must contain every entry that can be non-zero.
  case pattern(SparsityPattern)
}
