import AutoDiff
import RealModule
import Testing

/// A named function Rⁿ → Rᵐ, generic over the scalar, with the box its inputs are drawn
/// from (inside every primitive's domain).
struct CatalogFunction: DifferentiableFunction, CustomTestStringConvertible, Sendable {
  let name: String
  let inputCount: Int
  let domain: ClosedRange<Double>
  let function: any DifferentiableFunction & Sendable

  init(
    _ name: String, inputs: Int, domain: ClosedRange<Double> = 0.3...1.2,
    _ function: any DifferentiableFunction & Sendable
  ) {
    self.name = name
    self.inputCount = inputs
    self.domain = domain
    self.function = function
  }

  var testDescription: String { name }

  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { function(x) }
}

// MARK: - The catalogue

struct CubicPolynomial: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [3 * x[0] * x[0] * x[0] - 5 * x[0] * x[0]] }
}
struct ExpOfSine: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.exp(.sin(x[0]))] }
}
struct Logistic: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [1 / (1 + .exp(-x[0]))] }
}
struct NestedTanh: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.tanh(.tanh(.tanh(3 * x[0])))] }
}
struct RealPower: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.pow(x[0], x[1]), .pow(x[1], x[0] * x[1])] }
}
struct PolarCoordinates: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [.hypot(x[0], x[1]), .atan2(y: x[1], x: x[0] - 1)] }
}
struct Rosenbrock: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var sum: T = 0
    for i in 0..<(x.count - 1) {
      let t = x[i + 1] - x[i] * x[i]
      sum += 100 * t * t + (1 - x[i]) * (1 - x[i])
    }
    return [sum]
  }
}
struct LogSumExp: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let m = x.max()!
    return [m + .log(x.map { T.exp($0 - m) }.reduce(0, +))]
  }
}
struct Softmax: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let e = x.map { T.exp($0) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }
}
struct Product: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x.reduce(1, *)] }
}
struct Normalize: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let norm = T.sqrt(x.map { $0 * $0 }.reduce(0, +))
    return x.map { $0 / norm }
  }
}
struct MatrixVector: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    (0..<5).map { i in (0..<x.count).map { j in T(i * 3 - j * 2 + 1) * x[j] }.reduce(0, +) }
  }
}
struct BranchOnValue: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    x.map { $0 > T(3) / 4 ? $0 * $0 * $0 : T.sin($0) * 2 }
  }
}
struct NewtonSquareRoot: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var y = x[0]
    for _ in 0..<30 { y = (y + x[0] / y) / 2 }
    return [y]
  }
}
struct HornerLoop: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var y: T = 0
    for c in [3, -2, 5, 1, -7, 2] { y = y * x[0] + T(c) }
    return [y, y * x[1]]
  }
}
struct SpecialFunctions: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [.erf(x[0]) + .logGamma(x[1] + 3), .gamma(x[0] + 1) * .erfc(x[1])]
  }
}
struct TrigonometricMix: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [.sin(x[0]) * .cos(x[1]) + .tan(x[0] * x[1] / 4)]
  }
}
struct HyperbolicMix: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [.asinh(x[0]), .acosh(x[0] + 2), .atanh(x[1] / 3), .sinh(x[0]) * .cosh(x[1])]
  }
}
struct InverseTrigonometric: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [.asin(x[0] / 2) + .acos(x[1] / 3), .atan(x[0] * x[1])]
  }
}
struct ExponentialFamily: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [.expMinusOne(x[0]) + .exp2(x[1]), .exp10(x[0] / 4) * .log(onePlus: x[1]), .log2(x[0]) - .log10(x[1])]
  }
}
struct RootsAndPowers: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [.root(x[0], 3) + .pow(x[1], 5), .sqrt(x[0] * x[1]) / .pow(x[0], -2)]
  }
}
struct MinimumMaximum: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [T.maximum(x[0], x[1] + 1) * T.minimum(x[1], x[0] * 3), x[0].magnitude * x[1]]
  }
}
struct Remainders: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [(x[0] * 7).truncatingRemainder(dividingBy: x[1]), (x[0] * 5).remainder(dividingBy: x[1] + 1)]
  }
}
struct FusedMultiplyAdd: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0].addingProduct(x[1], x[2]), x[2].squareRoot()] }
}
struct EulerSteps: DifferentiableFunction, Sendable {
  // Brusselator, ten explicit Euler steps: a loop whose every step feeds the next.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var (u, v) = (x[0], x[1])
    let (a, b, h) = (x[2], x[3], T(1) / 20)
    for _ in 0..<10 {
      let du = a + u * u * v - (b + 1) * u
      let dv = b * u - u * u * v
      (u, v) = (u + h * du, v + h * dv)
    }
    return [u, v]
  }
}
struct CumulativeSumAndProduct: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var sums: [T] = []
    var products: [T] = []
    var (s, p): (T, T) = (0, 1)
    for xi in x {
      s += xi
      p *= xi
      sums.append(s)
      products.append(p)
    }
    return sums + products
  }
}
struct ScalarChain: DifferentiableFunction, Sendable {
  // The W1 chain, twenty steps.
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var y = x[0]
    for _ in 0..<20 {
      let damped = T.sin(y) * T.exp(-y / 100)
      let denominator = 1 + T.sqrt(abs(y) + 1)
      y = damped + T.log(1 + y * y) / denominator
    }
    return [y]
  }
}
struct QuadraticForm: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    var q: T = 0
    for i in x.indices { for j in x.indices { q += T(i + 2 * j + 1) * x[i] * x[j] } }
    return [q]
  }
}
struct CustomRuleFunction: DifferentiableFunction, Sendable {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0].applying(Softplus()) * x[1]] }
}

enum Catalog {
  static let functions: [CatalogFunction] = [
    CatalogFunction("3x³ − 5x²", inputs: 1, CubicPolynomial()),
    CatalogFunction("exp(sin x)", inputs: 1, ExpOfSine()),
    CatalogFunction("logistic", inputs: 1, Logistic()),
    CatalogFunction("tanh∘tanh∘tanh", inputs: 1, NestedTanh()),
    CatalogFunction("real powers", inputs: 2, RealPower()),
    CatalogFunction("polar coordinates", inputs: 2, PolarCoordinates()),
    CatalogFunction("Rosenbrock", inputs: 6, Rosenbrock()),
    CatalogFunction("log-sum-exp (max branch)", inputs: 5, LogSumExp()),
    CatalogFunction("softmax", inputs: 4, Softmax()),
    CatalogFunction("product", inputs: 5, Product()),
    CatalogFunction("normalize", inputs: 4, Normalize()),
    CatalogFunction("matrix × vector", inputs: 3, MatrixVector()),
    CatalogFunction("branch on value", inputs: 4, BranchOnValue()),
    CatalogFunction("Newton square root (loop)", inputs: 1, NewtonSquareRoot()),
    CatalogFunction("Horner (loop)", inputs: 2, HornerLoop()),
    CatalogFunction("erf, logGamma, gamma, erfc", inputs: 2, SpecialFunctions()),
    CatalogFunction("trigonometric mix", inputs: 2, TrigonometricMix()),
    CatalogFunction("hyperbolic mix", inputs: 2, HyperbolicMix()),
    CatalogFunction("inverse trigonometric", inputs: 2, InverseTrigonometric()),
    CatalogFunction("exponential family", inputs: 2, ExponentialFamily()),
    CatalogFunction("roots and powers", inputs: 2, RootsAndPowers()),
    CatalogFunction("minimum, maximum, magnitude", inputs: 2, MinimumMaximum()),
    CatalogFunction("remainders", inputs: 2, domain: 0.31...0.52, Remainders()),
    CatalogFunction("fused multiply-add", inputs: 3, FusedMultiplyAdd()),
    CatalogFunction("Brusselator Euler steps (loop)", inputs: 4, EulerSteps()),
    CatalogFunction("cumulative sum and product", inputs: 5, CumulativeSumAndProduct()),
    CatalogFunction("W1 chain, 20 steps", inputs: 1, ScalarChain()),
    CatalogFunction("quadratic form", inputs: 4, QuadraticForm()),
    CatalogFunction("custom rule (softplus)", inputs: 2, CustomRuleFunction()),
  ]
}
