import _Differentiation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// W2's point: xᵢ = 0.5 + 0.3·sin(i), the same as AutoDiff's benchmark.
func rosenbrockPoint(_ n: Int) -> [Double] {
  (0..<n).map { 0.5 + 0.3 * sin(Double($0)) }
}

/// W2 on plain `Double`, the baseline: Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², element by element.
@inline(never)
func rosenbrock(_ x: [Double]) -> Double {
  var sum = 0.0
  for i in 0..<(x.count - 1) {
    let t = x[i + 1] - x[i] * x[i]
    let u = 1 - x[i]
    sum += 100 * (t * t) + u * u
  }
  return sum
}

/// The running state of the element loop: the sum so far and the previous element.
struct Carry: Differentiable {
  var sum: Double
  var previous: Double
  @noDerivative var started: Bool
}

/// W2 as a `@differentiable(reverse)` function: the same element loop, written as a
/// `differentiableReduce` that carries xᵢ to the step that reads xᵢ₊₁.
///
/// An index loop (`x[i]`, `x[i + 1]`) also compiles, but the toolchain's pullback of
/// `Array.subscript` builds a dense n-element tangent for every read, so its gradient is
/// O(n²): see ``rosenbrockIndexLoop(_:)``.
@inline(never)
@differentiable(reverse)
func rosenbrockReduce(_ x: [Double]) -> Double {
  x.differentiableReduce(Carry(sum: 0, previous: 0, started: false)) {
    (carry: Carry, element: Double) -> Carry in
    if !carry.started { return Carry(sum: carry.sum, previous: element, started: true) }
    let t = element - carry.previous * carry.previous
    let u = 1 - carry.previous
    return Carry(sum: carry.sum + 100 * (t * t) + u * u, previous: element, started: true)
  }.sum
}

/// W2 written literally as an index loop, differentiable as written. Quadratic in n under
/// `gradient(at:of:)` (each `x[i]` pulls back to a one-hot array of n tangents).
@inline(never)
@differentiable(reverse)
func rosenbrockIndexLoop(_ x: [Double]) -> Double {
  var sum: Double = 0
  for i in withoutDerivative(at: 0..<(x.count - 1)) {
    let t = x[i + 1] - x[i] * x[i]
    let u = 1 - x[i]
    sum += 100 * (t * t) + u * u
  }
  return sum
}
