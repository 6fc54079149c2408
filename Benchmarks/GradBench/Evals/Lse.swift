// lse: log Σ exp xᵢ, computed stably (the largest element taken out), and its gradient.
import AutoDiff

/// log Σ exp xᵢ over an array, for code that works element by element (gmm's mixture
/// weights and its per-point sums).
func logSumExp<T: Differentiable>(_ x: [T]) -> T {
  let largest = x.max() ?? 0
  var sum: T = 0
  for xi in x { sum += .exp(xi - largest) }
  return .log(sum) + largest
}

enum Lse {
  struct Input: Decodable { let x: [Double] }

  // One vector of up to 10⁶ elements: a tensor reduction, as PyTorch's and JAX's tools
  // write it (`Tensor.logSumExp` takes the maximum out itself).
  static var functions: [String: EvalFunction] { [
    "primal": measured { (input: Input) in
      let x = Tensor(input.x)
      return { x.logSumExp().scalar }
    },
    "gradient": measured { (input: Input) in
      let x = Tensor(input.x)
      return { gradient(of: { $0.logSumExp() }, at: x).scalars }
    },
  ] }
}
