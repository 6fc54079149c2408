// gmm: the log-posterior of a Gaussian mixture model with a Wishart prior (ADBench), and its
// gradient with respect to all parameters.
import AutoDiff
import RealModule

/// The data and hyperparameters: everything but the parameters.
struct GmmData: Sendable {
  let d: Int, k: Int, n: Int
  let x: [Double]  // n × d, row-major
  let gamma: Double
  let m: Int
}

/// log Γ_d(a), the multivariate gamma function.
func logMultivariateGamma(_ a: Double, _ d: Int) -> Double {
  var result = 0.25 * Double(d * (d - 1)) * Double.log(.pi)
  for j in 1...d { result += Double.logGamma(a + 0.5 * Double(1 - j)) }
  return result
}

/// The parameters as tensors: α (k), μ (k × d), q (k × d), l (k × d(d−1)/2).
struct GmmParameters {
  let alpha: Tensor<Double>, mu: Tensor<Double>, q: Tensor<Double>, l: Tensor<Double>
}

/// What the objective needs besides the parameters, made once per input: the points as a
/// [1, n, d] tensor, the constant terms, and where each entry of Qₖᵀ comes from.
struct GmmModel {
  let data: GmmData
  let points: Tensor<Double>
  /// For entry (a, b) of Qₖᵀ (row-major, d × d): its position in the row
  /// [exp qₖ (d), lₖ (d(d−1)/2), 0] — Qₖ = diag(exp qₖ) + lₖ strictly below the diagonal,
  /// filled column by column.
  let transposedQSource: [Int]
  let constant: Double

  init(_ data: GmmData) {
    self.data = data
    let (d, k, n) = (data.d, data.k, data.n)
    points = Tensor(shape: [1, n, d], scalars: data.x)
    let lowerCount = d * (d - 1) / 2
    var source = [Int](repeating: d + lowerCount, count: d * d)  // the trailing 0
    var next = d
    for a in 0..<d {
      source[a * d + a] = a
      // Qₖ[b][a] for b > a, which is Qₖᵀ[a][b].
      for b in (a + 1)..<d {
        source[a * d + b] = next
        next += 1
      }
    }
    transposedQSource = source
    let likelihoodConstant = -Double(n * d) * 0.5 * Double.log(2 * .pi)
    let wishartN = d + data.m + 1
    let priorConstant =
      Double(wishartN * d) * (Double.log(data.gamma) - 0.5 * Double.log(2))
      - logMultivariateGamma(0.5 * Double(wishartN), d)
    constant = likelihoodConstant + Double(k) * priorConstant
  }

  /// The log-posterior, on tensors as PyTorch's and JAX's tools write it: every point
  /// against every component is one batched product with the Qₖᵀ.
  func objective(
    _ alpha: Tensor<Double>, _ mu: Tensor<Double>, _ q: Tensor<Double>, _ l: Tensor<Double>
  ) -> Tensor<Double> {
    let (d, k, n) = (data.d, data.k, data.n)
    let diagonal = Tensor.exp(q)  // k × d
    let sumQ = q.sum(alongAxes: [1], keepingDimensions: true)  // k × 1
    let rows = concatenate([diagonal, l, Tensor.zeros([k, 1])], alongAxis: 1)
    let transposedQ = rows.gathering(indices: transposedQSource, alongAxis: 1).reshaped(to: [k, d, d])
    let centred = points - mu.reshaped(to: [k, 1, d])  // k × n × d
    let product = batchedMatmul(centred, transposedQ)  // row i of slice c: Qc·(xᵢ − μc)
    let squaredNorms = (product * product).sum(alongAxes: [2])  // k × n
    let mainTerms = alpha.reshaped(to: [k, 1]) + sumQ - 0.5 * squaredNorms
    let likelihood = mainTerms.logSumExp(alongAxes: [0]).sum() - Double(n) * alpha.logSumExp()
    let frobenius = (diagonal * diagonal).sum() + (l * l).sum()
    let prior = 0.5 * data.gamma * data.gamma * frobenius - Double(data.m) * sumQ.sum()
    return likelihood - prior + constant
  }
}

enum Gmm {
  struct Input: Decodable {
    let d: Int, k: Int, n: Int
    let x: [[Double]]
    let m: Int
    let gamma: Double
    let alpha: [Double]
    let mu: [[Double]]
    let q: [[Double]]
    let l: [[Double]]

    var data: GmmData { GmmData(d: d, k: k, n: n, x: x.flatMap { $0 }, gamma: gamma, m: m) }
    var parameters: GmmParameters {
      GmmParameters(
        alpha: Tensor(alpha), mu: Gmm.matrix(mu, k, d), q: Gmm.matrix(q, k, d),
        l: Gmm.matrix(l, k, d * (d - 1) / 2))
    }
  }

  struct Gradient: Encodable {
    let alpha: [Double]
    let mu: [[Double]]
    let q: [[Double]]
    let l: [[Double]]
  }

  /// Rows of `width` numbers as a count × width tensor (width may be 0: l when d = 1).
  static func matrix(_ rows: [[Double]], _ count: Int, _ width: Int) -> Tensor<Double> {
    Tensor(shape: [count, width], scalars: rows.flatMap { $0 })
  }

  static func rows(_ matrix: Tensor<Double>) -> [[Double]] {
    let (count, width) = (matrix.shape[0], matrix.shape[1])
    return (0..<count).map { Array(matrix.scalars[($0 * width)..<(($0 + 1) * width)]) }
  }

  static var functions: [String: EvalFunction] { [
    "objective": measured { (input: Input) in
      let (model, p) = (GmmModel(input.data), input.parameters)
      return { model.objective(p.alpha, p.mu, p.q, p.l).scalar }
    },
    "jacobian": measured { (input: Input) in
      let (model, p) = (GmmModel(input.data), input.parameters)
      return {
        let (alpha, mu, q, l) = gradient(of: model.objective, at: p.alpha, p.mu, p.q, p.l)
        return Gradient(alpha: alpha.scalars, mu: rows(mu), q: rows(q), l: rows(l))
      }
    },
  ] }
}
