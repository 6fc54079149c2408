import CAutoDiffNesting

// Perturbation confusion (Siskind & Pearlmutter): an inner differentiation whose function
// captures a dual of the *same* type from an enclosing differentiation adds the outer
// perturbation to its own and returns a wrong derivative (2 instead of 1 in the classic
// test). The nesting level is part of the type, so the naive form does not compile; but a
// caller can still lift an inner result back by hand (`Dual(derivative(…))`), and types
// cannot see that.
//
// So every forward-mode transform notes its dual type on this thread while its function
// runs (CAutoDiffNesting). One that starts inside another of the same type, the only place
// a captured perturbation of its type can come from a transform, first evaluates its
// function with every seed zero: a function that depends only on its inputs then returns
// tangents that are exactly zero (0 · anything = 0 under the NaN-safe chain rule, and a
// NaN is let through as zero for the NaNSafe-off build), and any other tangent came from a
// captured dual. That costs one evaluation per nested transform and nothing at the top
// level, in release builds as in debug. The chunked transforms also check, for free, the
// lanes of their last chunk that carry no seed.
//
// What is not caught: a dual seeded by hand (not by a transform) and captured by a
// transform's function, or one captured by a transform that runs on another thread.

// "Zero" compares the tangent's value (`==` reads values only, level by level): when the
// scalars are themselves tracked (`ChunkedDual<Tracked<Double>, k>`), a tangent that is 0 on
// the outer tape is still a recorded value there, not a constant, without the NaNSafe trait.
extension ChunkedDual where chunkSize == 1 {
  @inlinable
  var hasZeroTangent: Bool { derivative == 0 || derivative.isNaN }
}

extension ChunkedDual {
  /// Whether lanes `width..<chunkSize`, which carried no seed, are still exactly zero.
  @inlinable
  func unseededLanesAreZero(from width: Int) -> Bool {
    for lane in width..<chunkSize where !(tangents[lane] == 0 || tangents[lane].isNaN) {
      return false
    }
    return true
  }
}

@usableFromInline @inline(never)
func refusePerturbationConfusion(in transform: String) -> Never {
  stopMisuse(
    "\(transform): perturbation confusion: the function's result carries a derivative "
      + "that does not come from its own input, so it captured a dual number of the same "
      + "level from an enclosing differentiation. Differentiate the inner function one "
      + "level deeper and enter outer values as constants, e.g. "
      + "derivative(of: { y in Dual(x) + y }, at: 1) inside derivative(of: { x in … }); "
      + "see Sources/AutoDiff/AutoDiff.docc/ForwardModeDifferentiation.md")
}

/// Runs `body` as a forward-mode transform on dual type `Carrier`, telling it whether a
/// transform of the same type encloses it on this thread.
@inlinable
func withForwardTransform<Carrier, Result>(
  on _: Carrier.Type, _ body: (_ nested: Bool) throws -> Result
) rethrows -> Result {
  let nested = autodiff_forward_enter(UInt(bitPattern: ObjectIdentifier(Carrier.self)))
  defer { autodiff_forward_leave() }
  return try body(nested)
}

/// Refuses a function whose output moves when no input does.
@inlinable
func guardPerturbation<T: Differentiable>(
  in transform: String, of f: (Dual<T>) throws -> Dual<T>, at x: T
) rethrows {
  if !(try f(Dual(x, derivative: 0)).hasZeroTangent) { refusePerturbationConfusion(in: transform) }
}

@inlinable
func guardPerturbation<T: Differentiable>(
  in transform: String, of f: ([Dual<T>]) throws -> [Dual<T>], at x: [T]
) rethrows {
  let unseeded = try f(x.map { Dual($0, derivative: 0) })
  if !unseeded.allSatisfy({ $0.hasZeroTangent }) { refusePerturbationConfusion(in: transform) }
}
