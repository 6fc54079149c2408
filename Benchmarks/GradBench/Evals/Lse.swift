// lse: log Σ exp xᵢ, computed stably (the largest element taken out), and its gradient.
import AutoDiff

func logSumExp<T: Differentiable>(_ x: [T]) -> T {
  let largest = x.max() ?? 0
  var sum: T = 0
  for xi in x { sum += .exp(xi - largest) }
  return .log(sum) + largest
}

enum Lse {
  struct Input: Decodable { let x: [Double] }

  static var functions: [String: EvalFunction] { [
    "primal": measured { (input: Input) in { logSumExp(input.x) } },
    "gradient": measured { (input: Input) in
      let tape = Tape<Double>()
      return { tape.gradient(of: logSumExp, at: input.x) }
    },
  ] }
}
