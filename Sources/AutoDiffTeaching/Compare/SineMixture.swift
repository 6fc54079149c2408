import AutoDiff

/// The family of test functions F: Rⁿ → Rᵐ that `autodiff compare` differentiates:
///
///     Fⱼ(x) = Σᵢ sin((j + 1)·xᵢ) · x₍ᵢ₊ⱼ₎ mod n,   j = 0 … m − 1,  i = 0 … n − 1
///
/// Every output depends on every input, so the Jacobian is dense, and each output costs
/// about 4n operations (a scaling, a sine, a product and a sum per term): about 4nm in
/// all. The number of inputs and outputs can be set independently, which is what the
/// comparison of forward and reverse mode needs.
public struct SineMixture: DifferentiableFunction, Sendable {
  /// m, the number of outputs.
  public var outputCount: Int

  /// The member of the family with `outputCount` outputs (the input count is the
  /// length of the argument).
  public init(outputCount: Int) {
    require(outputCount >= 1, "SineMixture: outputCount must be at least 1, got \(outputCount)")
    self.outputCount = outputCount
  }

  /// F(x), for any differentiable scalar type.
  ///
  /// - Precondition: `x` is not empty.
  public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    require(n >= 1, "SineMixture: at least one input, got an empty array")
    return (0..<outputCount).map { j in
      let frequency = T(j + 1)
      var sum: T = 0
      for i in 0..<n { sum += .sin(x[i] * frequency) * x[(i + j) % n] }
      return sum
    }
  }

  /// A fixed point with n distinct coordinates in [−0.5, 1], where the comparison runs.
  public static func samplePoint(inputCount n: Int) -> [Double] {
    (0..<n).map { i in
      let step = Double((i * 7) % 11) / 10
      return -0.5 + 1.5 * step
    }
  }

  /// How the formula is written in tables and plots.
  public static let formula = "Fⱼ(x) = Σᵢ sin((j+1)·xᵢ)·x₍ᵢ₊ⱼ₎ mod n"
}
