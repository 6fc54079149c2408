// llsq: ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)² over n sample points tᵢ = −1 + 2i/(n−1), sᵢ = sign tᵢ.
import AutoDiff

func leastSquares<T: Differentiable>(_ x: [T], samples n: Int) -> T {
  var sum: T = 0
  for i in 0..<n {
    let ti = -1 + Double(i) * 2 / Double(n - 1)
    let t = T.constant(ti)
    var residual = T.constant(ti > 0 ? 1 : ti < 0 ? -1 : 0)
    var power: T = 1
    for xj in x {
      residual -= xj * power
      power *= t
    }
    sum += residual * residual
  }
  return sum / 2
}

enum Llsq {
  struct Input: Decodable {
    let x: [Double]
    let n: Int
  }

  static var functions: [String: EvalFunction] { [
    "primal": measured { (input: Input) in { leastSquares(input.x, samples: input.n) } },
    "gradient": measured { (input: Input) in
      let tape = Tape<Double>()
      return { tape.gradient(of: { leastSquares($0, samples: input.n) }, at: input.x) }
    },
  ] }
}
