// particle: the control w that makes a charged particle, pushed by two fixed charges (one
// placed by w), reach the origin (Siskind & Pearlmutter). Nested AD: the argmin over w takes
// a derivative (outer mode) through an Euler integration that takes the gradient of the
// potential at every step (inner mode). Functions `ff`, `fr`, `rf`, `rr`: outer, inner.
import AutoDiff

/// The potential Σ 1/‖x − c‖ of the charges at x.
func potential<U: Differentiable>(_ charges: [[U]], _ x: [U]) -> U {
  var p: U = 0
  for c in charges {
    let (dx, dy) = (x[0] - c[0], x[1] - c[1])
    p += 1 / .sqrt(dx * dx + dy * dy)
  }
  return p
}

/// x₀(t_f)², where the particle's path, integrated by Euler steps, crosses y = 0.
func particleMiss<T: Differentiable>(_ w: T, inner: Mode) -> T {
  let charges: [[T]] = [[10, 10 - w], [10, 0]]
  let dt = T.constant(0.1)
  var x: [T] = [0, 8]
  var v: [T] = [.constant(0.75), 0]
  while true {
    let force: [T]
    switch inner {
    case .forward:
      let lifted = charges.map { $0.map { ChunkedDual<T, 2>(constant: $0) } }
      force = gradient(
        of: { (p: [ChunkedDual<T, 2>]) in potential(lifted, p) }, at: x, mode: ForwardMode<2>())
    case .reverse:
      let lifted = charges.map { $0.map { Tracked<T>(constant: $0) } }
      force = gradient(of: { (p: [Tracked<T>]) in potential(lifted, p) }, at: x)
    }
    x = [x[0] + dt * v[0], x[1] + dt * v[1]]
    if x[1] <= 0 {
      let tf = -x[1] / v[1]
      let xf = x[0] + tf * v[0]
      return xf * xf
    }
    v = [v[0] - dt * force[0], v[1] - dt * force[1]]
  }
}

func particleControl(from w0: Double, outer: Mode, inner: Mode) -> Double {
  let objective = { (w: [Double]) in particleMiss(w[0], inner: inner) }
  let slope: ([Double]) -> [Double]
  switch outer {
  case .forward:
    slope = { w in [derivative(of: { particleMiss($0, inner: inner) }, at: w[0])] }
  case .reverse:
    slope = { w in gradient(of: { (v: [Tracked<Double>]) in particleMiss(v[0], inner: inner) }, at: w) }
  }
  return argmin(objective, gradient: slope, from: [w0])[0]
}

enum Particle {
  struct Input: Decodable { let w: Double }

  static func variant(_ outer: Mode, _ inner: Mode) -> EvalFunction {
    measured { (input: Input) in { particleControl(from: input.w, outer: outer, inner: inner) } }
  }

  static var functions: [String: EvalFunction] { [
    "ff": variant(.forward, .forward),
    "fr": variant(.forward, .reverse),
    "rf": variant(.reverse, .forward),
    "rr": variant(.reverse, .reverse),
  ] }
}
