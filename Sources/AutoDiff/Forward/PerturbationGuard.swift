// Perturbation confusion (Siskind & Pearlmutter): an inner differentiation whose function
// captures a dual of the *same* level from an enclosing differentiation adds the outer
// perturbation to its own and returns a wrong derivative (2 instead of 1 in the classic
// test). The nesting level is part of the type, so the naive form does not compile; but a
// caller can still lift an inner result back by hand (`Dual(derivative(…))`). Types
// cannot see that, so debug builds check it: evaluated with every seed zero, a function
// that only depends on its inputs returns tangents that are exactly zero (the NaN-safe
// chain rule guarantees 0 · anything = 0). Any other tangent came from a captured dual.
// For `Dual` the check costs one more evaluation, so release builds leave it out. The
// chunked transforms promise ⌈n/k⌉ evaluations, so they only read the lanes of their last
// chunk that carry no seed (free, when n is not a multiple of k): that catches a captured
// outer dual whose perturbation sits in those lanes, not one that shares a seeded lane.

extension Dual {
  @inlinable
  var hasZeroTangent: Bool { derivative.isExactlyZero || derivative.isNaN }
}

@usableFromInline @inline(never)
func refusePerturbationConfusion(in transform: String) -> Never {
  stopMisuse(
    "\(transform): perturbation confusion: the function's result carries a derivative "
      + "that does not come from its own input, so it captured a dual number of the same "
      + "level from an enclosing differentiation. Differentiate the inner function one "
      + "level deeper and enter outer values as constants, e.g. "
      + "derivative(of: { y in Dual(x) + y }, at: 1) inside derivative(of: { x in … }); "
      + "see Docs/ForwardMode.md")
}

/// Debug builds: refuses a function whose output moves when no input does.
@inlinable
func guardPerturbation<T: Differentiable>(
  in transform: String, of f: (Dual<T>) throws -> Dual<T>, at x: T
) rethrows {
  #if DEBUG
  if !(try f(Dual(x, derivative: 0)).hasZeroTangent) { refusePerturbationConfusion(in: transform) }
  #endif
}

@inlinable
func guardPerturbation<T: Differentiable>(
  in transform: String, of f: ([Dual<T>]) throws -> [Dual<T>], at x: [T]
) rethrows {
  #if DEBUG
  let unseeded = try f(x.map { Dual($0, derivative: 0) })
  if !unseeded.allSatisfy(\.hasZeroTangent) { refusePerturbationConfusion(in: transform) }
  #endif
}

extension ChunkedDual {
  /// Whether lanes `width..<chunkSize`, which carried no seed, are still exactly zero.
  @inlinable
  func unseededLanesAreZero(from width: Int) -> Bool {
    for lane in width..<chunkSize where !(tangents[lane].isExactlyZero || tangents[lane].isNaN) {
      return false
    }
    return true
  }
}
