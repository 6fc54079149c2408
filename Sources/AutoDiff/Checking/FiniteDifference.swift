import RealModule

// Numerical differentiation: what AD is checked against, and what it replaces.
//
// A difference quotient has two errors that pull the step h in opposite directions.
// Truncation: the Taylor terms the quotient drops, ≈ |f″|·h/2 for the forward difference
// and ≈ |f‴|·h²/6 for the central one, falling as h shrinks. Rounding: f(x ± h) carry
// relative error ε, and subtracting two nearly equal values keeps only that error, so
// ≈ ε·|f|/h, rising as h shrinks. The total is smallest near h ≈ √ε (forward) and
// h ≈ ∛ε (central): about 1e-8 and 1e-11 relative accuracy for Double at best, where AD
// is exact to rounding at any point.

/// The step that balances truncation against rounding for the forward difference:
/// √ε · max(1, |x|).
@inlinable
public func forwardDifferenceStep<T: BinaryFloatingPoint & Real>(at x: T) -> T {
  T.sqrt(T.ulpOfOne) * Swift.max(1, x.magnitude)
}

/// The step that balances truncation against rounding for the central difference:
/// ∛ε · max(1, |x|).
@inlinable
public func centralDifferenceStep<T: BinaryFloatingPoint & Real>(at x: T) -> T {
  T.root(T.ulpOfOne, 3) * Swift.max(1, x.magnitude)
}

/// The forward difference (f(x + h) − f(x)) / h, an estimate of f′(x) with truncation
/// error ≈ |f″(x)|·h/2 and rounding error ≈ ε·|f(x)|/h.
///
/// The step is first rounded to `(x + h) − x`, so that x + h is exactly x plus the
/// step divided by: what remains is the error of the quotient itself.
///
/// ```swift
/// func f(_ x: Double) -> Double { 3 * x * x * x - 5 * x * x }
/// forwardDifference(of: f, at: 1.5)             // 5.2500000…  (exact: 5.25)
/// forwardDifference(of: f, at: 1.5, step: 0.1)  // 6.13
/// ```
///
/// - Parameters:
///   - f: the function to differentiate.
///   - x: the point.
///   - h: the step; nil (the default) uses ``forwardDifferenceStep(at:)``.
/// - Complexity: two evaluations of `f`.
@inlinable
public func forwardDifference<T: BinaryFloatingPoint & Real>(
  of f: (T) throws -> T, at x: T, step h: T? = nil
) rethrows -> T {
  let step = (x + (h ?? forwardDifferenceStep(at: x))) - x
  return try (f(x + step) - f(x)) / step
}

/// The central difference (f(x + h) − f(x − h)) / 2h, an estimate of f′(x) with
/// truncation error ≈ |f‴(x)|·h²/6 and rounding error ≈ ε·|f(x)|/h.
///
/// The step is first rounded to `(x + h) − x`, so that x + h is exact.
///
/// ```swift
/// centralDifference(of: f, at: 1.5)             // 5.25000000000…
/// centralDifference(of: f, at: 1.5, step: 0.1)  // 5.28
/// ```
///
/// - Parameters:
///   - f: the function to differentiate.
///   - x: the point.
///   - h: the step; nil (the default) uses ``centralDifferenceStep(at:)``.
/// - Complexity: two evaluations of `f`.
@inlinable
public func centralDifference<T: BinaryFloatingPoint & Real>(
  of f: (T) throws -> T, at x: T, step h: T? = nil
) rethrows -> T {
  let step = (x + (h ?? centralDifferenceStep(at: x))) - x
  return try (f(x + step) - f(x - step)) / (2 * step)
}

/// Central differences (f(x + hⱼeⱼ) − f(x − hⱼeⱼ)) / 2hⱼ of f: Rⁿ → Rᵐ, one column per
/// input, with hⱼ = ``centralDifferenceStep(at:)`` of xⱼ.
///
/// The quotient divides by the distance actually stepped, (xⱼ + hⱼ) − (xⱼ − hⱼ), so the
/// rounding of x ± h does not enter the estimate.
///
/// - Returns: m rows of n entries.
/// - Complexity: 2n + 1 evaluations of `f`.
@inlinable
public func centralDifferenceJacobian<T: BinaryFloatingPoint & Real>(
  of f: ([T]) throws -> [T], at x: [T]
) rethrows -> [[T]] {
  let m = try f(x).count
  var rows = Array(repeating: [T](repeating: 0, count: x.count), count: m)
  for j in x.indices {
    let h = centralDifferenceStep(at: x[j])
    var plus = x
    var minus = x
    plus[j] += h
    minus[j] -= h
    let (fPlus, fMinus) = (try f(plus), try f(minus))
    require(
      fPlus.count == m && fMinus.count == m,
      "centralDifferenceJacobian: the function returned \(m) outputs at the point, "
        + "\(fPlus.count) at x[\(j)] + h and \(fMinus.count) at x[\(j)] − h; its output count "
        + "must not depend on the point")
    for i in 0..<m { rows[i][j] = (fPlus[i] - fMinus[i]) / (plus[j] - minus[j]) }
  }
  return rows
}
