/// The Hessian ∂²f/∂xᵢ∂xⱼ of f: Rⁿ → R by forward-over-reverse mode (the default).
///
/// Each pass records f on `Tracked<ChunkedDual<T, 8>>` with eight input directions
/// seeded in the tangents and sweeps once: the adjoints' tangents are eight columns of
/// the Hessian. Like JAX's `hessian` (`jacfwd(jacrev(f))`).
///
/// - Complexity: ⌈n/8⌉ recordings and sweeps.
@inlinable
public func hessian<T: Differentiable>(
  of f: ([Tracked<ChunkedDual<T, 8>>]) throws -> Tracked<ChunkedDual<T, 8>>, at x: [T]
) rethrows -> [[T]] {
  var rows = Array(repeating: [T](repeating: 0, count: x.count), count: x.count)
  var seeded = x.map { ChunkedDual<T, 8>(constant: $0) }
  // One tape for every pass: reset() keeps its storage, so later passes record into
  // memory that is already mapped.
  let tape = Tape<ChunkedDual<T, 8>>()
  var start = 0
  while start < x.count {
    let width = Swift.min(8, x.count - start)
    for lane in 0..<width { seeded[start + lane].tangents[lane] = 1 }
    tape.reset()
    let y = try tape.record(seeded, f)
    tape.end()
    let g =
      tape.sweep(
        from: y, in: "gradient", .keptReadingFirst(x.count),
        read: { adjoint in (0..<x.count).map { adjoint[$0][0] } })
      ?? [ChunkedDual<T, 8>](repeating: 0, count: x.count)
    for lane in 0..<width { seeded[start + lane].tangents[lane] = 0 }
    for i in 0..<x.count {
      for lane in 0..<width { rows[i][start + lane] = g[i].tangents[lane] }
    }
    start += width
  }
  return rows
}

/// The Hessian of f: Rⁿ → R by forward-over-forward mode: the forward Jacobian of the
/// forward gradient, ⌈n/k⌉² evaluations on nested chunked duals.
@inlinable
public func hessian<T: Differentiable, let k: Int>(
  of f: ([ChunkedDual<ChunkedDual<T, k>, k>]) throws -> ChunkedDual<ChunkedDual<T, k>, k>,
  at x: [T], mode: ForwardMode<k>
) rethrows -> [[T]] {
  try jacobian(
    of: { (inner: [ChunkedDual<T, k>]) in
      try gradient(of: f, at: inner, mode: ForwardMode<k>())
    }, at: x, mode: mode)
}

/// The Hessian–vector product H·v of f: Rⁿ → R without forming H, by forward-over-reverse:
/// one recording on `Tracked<Dual<T>>` with v seeded in the tangents, one sweep.
///
/// - Precondition: `v.count == x.count`.
/// - Complexity: one evaluation of `f` and one sweep, like one gradient.
@inlinable
public func hessianVectorProduct<T: Differentiable>(
  of f: ([Tracked<Dual<T>>]) throws -> Tracked<Dual<T>>, at x: [T], along v: [T]
) rethrows -> [T] {
  try gradientAndHessianVectorProduct(of: f, at: x, along: v).hessianVectorProduct
}

/// ∇f(x) and H·v together: the one forward-over-reverse sweep of
/// ``hessianVectorProduct(of:at:along:)->[T]`` computes the gradient in its adjoints' values
/// and H·v in their tangents, so a Newton–Krylov or trust-region step gets both for the
/// price of one.
///
/// ```swift
/// let (g, hv) = gradientAndHessianVectorProduct(
///   of: { (x: [Tracked<Dual<Double>>]) in x[0] * x[0] * x[1] }, at: [1.0, 2], along: [1, 0])
/// // g = [4, 1] (2x₀x₁, x₀²), hv = [4, 2] (first column of [[2x₁, 2x₀], [2x₀, 0]])
/// ```
///
/// - Precondition: `v.count == x.count`.
@inlinable
public func gradientAndHessianVectorProduct<T: Differentiable>(
  of f: ([Tracked<Dual<T>>]) throws -> Tracked<Dual<T>>, at x: [T], along v: [T]
) rethrows -> (gradient: [T], hessianVectorProduct: [T]) {
  require(
    v.count == x.count,
    "hessianVectorProduct: the vector has \(v.count) elements but the point has \(x.count)")
  let seeded = zip(x, v).map { Dual($0, derivative: $1) }
  let adjoints = try gradient(of: f, at: seeded)
  return (adjoints.map { $0.value }, adjoints.map { $0.derivative })
}
