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

/// The mixture's parameters in one array: α (k), μ (k × d), q (k × d), l (k × d(d−1)/2).
struct GmmLayout {
  let alpha: Int, mu: Int, q: Int, l: Int, count: Int, lowerCount: Int
  init(_ data: GmmData) {
    lowerCount = data.d * (data.d - 1) / 2
    alpha = 0
    mu = data.k
    q = mu + data.k * data.d
    l = q + data.k * data.d
    count = l + data.k * lowerCount
  }
}

/// log Γ_d(a), the multivariate gamma function.
func logMultivariateGamma(_ a: Double, _ d: Int) -> Double {
  var result = 0.25 * Double(d * (d - 1)) * Double.log(.pi)
  for j in 1...d { result += Double.logGamma(a + 0.5 * Double(1 - j)) }
  return result
}

func gmmObjective<T: Differentiable>(_ p: [T], _ data: GmmData) -> T {
  let (d, k, n) = (data.d, data.k, data.n)
  let layout = GmmLayout(data)
  // Qₖ = diag(exp qₖ) + strictly lower triangular lₖ (column by column).
  let diagonal = (0..<(k * d)).map { T.exp(p[layout.q + $0]) }
  let sumQ = (0..<k).map { c in (0..<d).reduce(T(0)) { $0 + p[layout.q + c * d + $1] } }

  var centred = [T](repeating: 0, count: d)
  var product = [T](repeating: 0, count: d)
  var mainTerm = [T](repeating: 0, count: k)
  var sumLogSumExp: T = 0
  for i in 0..<n {
    for c in 0..<k {
      for j in 0..<d { centred[j] = .constant(data.x[i * d + j]) - p[layout.mu + c * d + j] }
      for j in 0..<d { product[j] = diagonal[c * d + j] * centred[j] }
      var li = layout.l + c * layout.lowerCount
      for a in 0..<d {
        for b in (a + 1)..<d {
          product[b] += p[li] * centred[a]
          li += 1
        }
      }
      var squaredNorm: T = 0
      for j in 0..<d { squaredNorm += product[j] * product[j] }
      mainTerm[c] = p[layout.alpha + c] + sumQ[c] - squaredNorm / 2
    }
    sumLogSumExp += logSumExp(mainTerm)
  }
  let likelihoodConstant = -Double(n * d) * 0.5 * Double.log(2 * .pi)
  let likelihood =
    .constant(likelihoodConstant) + sumLogSumExp
    - T(n) * logSumExp(Array(p[layout.alpha..<(layout.alpha + k)]))

  // The Wishart prior on each Qₖᵀ Qₖ.
  let wishartN = d + data.m + 1
  let priorConstant =
    Double(wishartN * d) * (Double.log(data.gamma) - 0.5 * Double.log(2))
    - logMultivariateGamma(0.5 * Double(wishartN), d)
  var prior: T = 0
  for c in 0..<k {
    var frobenius: T = 0
    for j in 0..<d { frobenius += diagonal[c * d + j] * diagonal[c * d + j] }
    for j in 0..<layout.lowerCount {
      let lj = p[layout.l + c * layout.lowerCount + j]
      frobenius += lj * lj
    }
    prior += .constant(0.5 * data.gamma * data.gamma) * frobenius - T(data.m) * sumQ[c]
  }
  return likelihood - prior + .constant(Double(k) * priorConstant)
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
    var parameters: [Double] { alpha + mu.flatMap { $0 } + q.flatMap { $0 } + l.flatMap { $0 } }
  }

  struct Gradient: Encodable {
    let alpha: [Double]
    let mu: [[Double]]
    let q: [[Double]]
    let l: [[Double]]
  }

  static func rows(_ flat: ArraySlice<Double>, _ count: Int, _ width: Int) -> [[Double]] {
    (0..<count).map { Array(flat[(flat.startIndex + $0 * width)..<(flat.startIndex + ($0 + 1) * width)]) }
  }

  static var functions: [String: EvalFunction] { [
    "objective": measured { (input: Input) in
      let (data, parameters) = (input.data, input.parameters)
      return { gmmObjective(parameters, data) }
    },
    "jacobian": measured { (input: Input) in
      let (data, parameters) = (input.data, input.parameters)
      let layout = GmmLayout(data)
      let tape = Tape<Double>()
      return {
        let g = tape.gradient(of: { gmmObjective($0, data) }, at: parameters)
        return Gradient(
          alpha: Array(g[layout.alpha..<layout.mu]),
          mu: rows(g[layout.mu..<layout.q], data.k, data.d),
          q: rows(g[layout.q..<layout.l], data.k, data.d),
          l: rows(g[layout.l..<layout.count], data.k, layout.lowerCount))
      }
    },
  ] }
}
