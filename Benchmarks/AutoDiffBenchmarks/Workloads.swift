import AutoDiff
import RealModule

/// W1: x ← sin(x)·e^(−0.01x) + log(1 + x²) / (1 + √(|x| + 1)), K times from x₀.
@inline(never)
func chain<T: Real>(_ x0: T, iterations: Int, rate: T) -> T {
  var x = x0
  for _ in 0..<iterations {
    x = T.sin(x) * T.exp(rate * x) + T.log(1 + x * x) / (1 + T.sqrt(abs(x) + 1))
  }
  return x
}

/// W2: Rosenbrock written element by element, Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)².
@inline(never)
func rosenbrock<T: Real>(_ x: [T]) -> T {
  var sum: T = 0
  for i in 0..<(x.count - 1) {
    let t = x[i + 1] - x[i] * x[i]
    let u = 1 - x[i]
    sum += 100 * (t * t) + u * u
  }
  return sum
}

func rosenbrockPoint(_ n: Int) -> [Double] {
  (0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) }
}
