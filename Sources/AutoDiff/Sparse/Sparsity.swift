/// Where a sparse Jacobian or Hessian gets its pattern.
public enum Sparsity: Sendable, Hashable {
  /// Detect it at the point the derivative is taken (local detection): branches run as
  /// they do there. Exact at that point. A prepared object evaluated anywhere else
  /// detects again there and stops if the derivative has an entry its pattern lacks (the
  /// function took another branch), so reuse is always right, at the price of one
  /// detection per new point; ``detectGlobally`` avoids that for functions without
  /// comparisons.
  case detect
  /// Detect a pattern that holds at every point (global detection). A function that
  /// compares or classifies a value depending on its inputs stops with a message; use
  /// ``detect`` for it.
  case detectGlobally
  /// A pattern you know. It must contain every entry that can be non-zero: an entry it
  /// lacks is found only when its compressed lane is otherwise unused (and then the
  /// evaluation stops); when the lane is shared with an entry of the pattern, the two are
  /// added up unseen. Use it for patterns known by construction.
  case pattern(SparsityPattern)
}
