import RealModule

// Finite-difference references for the derivative tests. Steps are rounded so that
// x ± h is exact, and scaled with |x| so that the step stays meaningful far from 0.

/// f′(x) ≈ [f(x + h) − f(x − h)] / 2h, error O(h²); the default h is ∛ε·max(1, |x|),
/// which balances truncation against rounding.
func centralDifference<T: BinaryFloatingPoint & Real>(
  of f: (T) -> T, at x: T, step: T? = nil
) -> T {
  let h0 = step ?? T.root(T.ulpOfOne, 3) * max(1, x.magnitude)
  let h = (x + h0) - x
  return (f(x + h) - f(x - h)) / (2 * h)
}

/// f′(x) by the five-point stencil [−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)] / 12h,
/// error O(h⁴); the default h is ε^(1/5)·max(1, |x|).
func fivePointDifference<T: BinaryFloatingPoint & Real>(
  of f: (T) -> T, at x: T, step: T? = nil
) -> T {
  let h0 = step ?? T.root(T.ulpOfOne, 5) * max(1, x.magnitude)
  let h = (x + h0) - x
  let forward = 8 * f(x + h) - f(x + 2 * h)
  let backward = 8 * f(x - h) - f(x - 2 * h)
  return (forward - backward) / (12 * h)
}

/// ∂f/∂x and ∂f/∂y of f(x, y) by five-point stencils.
func fivePointPartials<T: BinaryFloatingPoint & Real>(
  of f: (T, T) -> T, at x: T, _ y: T
) -> (dx: T, dy: T) {
  (fivePointDifference(of: { f($0, y) }, at: x), fivePointDifference(of: { f(x, $0) }, at: y))
}

/// ∇f(x) of f: Rⁿ → R, one five-point stencil per coordinate.
func fivePointGradient<T: BinaryFloatingPoint & Real>(of f: ([T]) -> T, at x: [T]) -> [T] {
  x.indices.map { i in
    fivePointDifference(
      of: { xi in
        var moved = x
        moved[i] = xi
        return f(moved)
      }, at: x[i])
  }
}

/// The Jacobian of f: Rⁿ → Rᵐ, m rows of n entries, by five-point stencils.
func fivePointJacobian<T: BinaryFloatingPoint & Real>(of f: ([T]) -> [T], at x: [T]) -> [[T]] {
  let m = f(x).count
  let columns = x.indices.map { j in
    (0..<m).map { i in
      fivePointDifference(
        of: { xj in
          var moved = x
          moved[j] = xj
          return f(moved)[i]
        }, at: x[j])
    }
  }
  return (0..<m).map { i in x.indices.map { j in columns[j][i] } }
}
