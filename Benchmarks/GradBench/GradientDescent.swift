// The gradient-descent solver that GradBench prescribes for particle and saddle
// (upstream cpp/gradbench/gd.hpp), generic so that an outer derivative can flow through it.
import AutoDiff

/// Whether an outer or inner derivative is taken in forward or reverse mode.
enum Mode { case forward, reverse }

/// A minimiser of `f` found by gradient descent from `start`, with the step halved after
/// every failed step and doubled after ten successful ones.
func argmin<T: Differentiable>(
  _ f: ([T]) -> T, gradient: ([T]) -> [T], from start: [T]
) -> [T] {
  func norm(_ v: [T]) -> T { .sqrt(v.reduce(0) { $0 + $1 * $1 }) }
  let tolerance = T.constant(1e-5)
  var x = start
  var fx = f(x)
  var gx = gradient(x)
  var successes = 0
  var eta = T.constant(1e-5)
  while true {
    if norm(gx) <= tolerance { return x }
    if successes == 10 {
      eta *= 2
      successes = 0
      continue
    }
    let candidate = zip(x, gx).map { $0 - eta * $1 }
    if norm(zip(x, candidate).map { $0 - $1 }) <= tolerance { return x }
    let fCandidate = f(candidate)
    if fCandidate < fx {
      x = candidate
      fx = fCandidate
      gx = gradient(x)
      successes += 1
    } else {
      eta /= 2
      successes = 0
    }
  }
}

/// A maximiser of `f`: the minimiser of −f.
func argmax<T: Differentiable>(
  _ f: ([T]) -> T, gradient: ([T]) -> [T], from start: [T]
) -> [T] {
  argmin({ -f($0) }, gradient: { gradient($0).map { -$0 } }, from: start)
}
