// saddle: the saddle point min over p₁ of max over p₂ of (‖p₁‖² − ‖p₂‖²) by nested gradient
// descent (Siskind & Pearlmutter). The outer derivative (of the inner maximum with respect
// to p₁) flows through the inner ascent, which takes its own gradients. Functions `ff`,
// `fr`, `rf`, `rr`: outer mode, inner mode.
import AutoDiff

func saddleObjective<T: Differentiable>(_ p1: [T], _ p2: [T]) -> T {
  (p1[0] * p1[0] + p1[1] * p1[1]) - (p2[0] * p2[0] + p2[1] * p2[1])
}

/// The maximiser over p₂ of the objective at p₁, by gradient ascent from `start`.
func innerArgmax<T: Differentiable>(_ p1: [T], from start: [Double], inner: Mode) -> [T] {
  let slope: ([T]) -> [T]
  switch inner {
  case .forward:
    let lifted = p1.map { ChunkedDual<T, 2>(constant: $0) }
    slope = { p2 in
      gradient(
        of: { (q: [ChunkedDual<T, 2>]) in saddleObjective(lifted, q) }, at: p2,
        mode: ForwardMode<2>())
    }
  case .reverse:
    let lifted = p1.map { Tracked<T>(constant: $0) }
    slope = { p2 in gradient(of: { (q: [Tracked<T>]) in saddleObjective(lifted, q) }, at: p2) }
  }
  return argmax({ saddleObjective(p1, $0) }, gradient: slope, from: start.constants())
}

func innerMaximum<T: Differentiable>(_ p1: [T], from start: [Double], inner: Mode) -> T {
  saddleObjective(p1, innerArgmax(p1, from: start, inner: inner))
}

func saddlePoint(from start: [Double], outer: Mode, inner: Mode) -> [Double] {
  let slope: ([Double]) -> [Double]
  switch outer {
  case .forward:
    slope = { p1 in
      gradient(
        of: { (p: [ChunkedDual<Double, 2>]) in innerMaximum(p, from: start, inner: inner) },
        at: p1, mode: ForwardMode<2>())
    }
  case .reverse:
    slope = { p1 in
      gradient(of: { (p: [Tracked<Double>]) in innerMaximum(p, from: start, inner: inner) }, at: p1)
    }
  }
  let p1 = argmin(
    { innerMaximum($0, from: start, inner: inner) }, gradient: slope, from: start)
  return p1 + innerArgmax(p1, from: start, inner: inner)
}

enum Saddle {
  struct Input: Decodable { let start: [Double] }

  static func variant(_ outer: Mode, _ inner: Mode) -> EvalFunction {
    measured { (input: Input) in { saddlePoint(from: input.start, outer: outer, inner: inner) } }
  }

  static var functions: [String: EvalFunction] { [
    "ff": variant(.forward, .forward),
    "fr": variant(.forward, .reverse),
    "rf": variant(.reverse, .forward),
    "rr": variant(.reverse, .reverse),
  ] }
}
