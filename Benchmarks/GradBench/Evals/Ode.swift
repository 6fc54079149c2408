// ode: s steps of classical Runge–Kutta from t = 0 to 2 on y₀′ = x₀, yᵢ′ = xᵢ yᵢ₋₁ with
// y(0) = 0, and the gradient of the last component of y(2) with respect to x.
import AutoDiff

func odeRight<T: Differentiable>(_ x: [T], _ y: [T], into z: inout [T]) {
  z[0] = x[0]
  for i in 1..<x.count { z[i] = x[i] * y[i - 1] }
}

func odeSolve<T: Differentiable>(_ x: [T], steps s: Int) -> [T] {
  let n = x.count
  let h = T(2) / T(s)
  var y = [T](repeating: 0, count: n)
  var k1 = y, k2 = y, k3 = y, k4 = y, stage = y
  for _ in 0..<s {
    odeRight(x, y, into: &k1)
    for i in 0..<n { stage[i] = y[i] + h * k1[i] / 2 }
    odeRight(x, stage, into: &k2)
    for i in 0..<n { stage[i] = y[i] + h * k2[i] / 2 }
    odeRight(x, stage, into: &k3)
    for i in 0..<n { stage[i] = y[i] + h * k3[i] }
    odeRight(x, stage, into: &k4)
    for i in 0..<n { y[i] += h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6 }
  }
  return y
}

enum Ode {
  struct Input: Decodable {
    let x: [Double]
    let s: Int
  }

  static var functions: [String: EvalFunction] { [
    "primal": measured { (input: Input) in { odeSolve(input.x, steps: input.s) } },
    "gradient": measured { (input: Input) in
      let tape = Tape<Double>()
      return { tape.gradient(of: { odeSolve($0, steps: input.s).last! }, at: input.x) }
    },
  ] }
}
