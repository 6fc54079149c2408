import RealModule

// Random initial weights with the fan-in/fan-out scalings of Glorot & Bengio (2010) and
// He et al. (2015), seeded through the generator the caller passes (`SplitMix64`).
extension Tensor where Scalar.RawSignificand: FixedWidthInteger {
  /// Glorot (Xavier) uniform weights: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)), so
  /// that activations and gradients keep their variance 2 / (fanIn + fanOut) through a
  /// linear layer. PyTorch: `torch.nn.init.xavier_uniform_`.
  ///
  /// For a layer `matmul(x, w)` with `w` of shape `[inputs, outputs]`, fanIn is `inputs`
  /// and fanOut `outputs` (PyTorch's `Linear` stores the transpose, `[out, in]`).
  ///
  /// ```swift
  /// var generator = SplitMix64(seed: 1)
  /// let w = Tensor<Double>.glorotUniform([784, 128], fanIn: 784, fanOut: 128, using: &generator)
  /// ```
  public static func glorotUniform<G: RandomNumberGenerator>(
    _ shape: [Int], fanIn: Int, fanOut: Int, gain: Scalar = 1, using generator: inout G
  ) -> Tensor {
    requireFans(fanIn, fanOut, "glorotUniform")
    let bound = gain * Scalar.sqrt(6 / Scalar(fanIn + fanOut))
    return randomUniform(shape, in: -bound...bound, using: &generator)
  }

  /// Glorot (Xavier) normal weights: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)).
  /// PyTorch: `torch.nn.init.xavier_normal_`.
  public static func glorotNormal<G: RandomNumberGenerator>(
    _ shape: [Int], fanIn: Int, fanOut: Int, gain: Scalar = 1, using generator: inout G
  ) -> Tensor {
    requireFans(fanIn, fanOut, "glorotNormal")
    let deviation = gain * Scalar.sqrt(2 / Scalar(fanIn + fanOut))
    return randomNormal(shape, standardDeviation: deviation, using: &generator)
  }

  /// He (Kaiming) normal weights for ReLU layers: N(0, σ²) with σ = √(2 / fanIn), which
  /// keeps the variance of activations through a ReLU layer. PyTorch:
  /// `torch.nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu')`.
  public static func heNormal<G: RandomNumberGenerator>(
    _ shape: [Int], fanIn: Int, using generator: inout G
  ) -> Tensor {
    requireFans(fanIn, 1, "heNormal")
    return randomNormal(shape, standardDeviation: Scalar.sqrt(2 / Scalar(fanIn)), using: &generator)
  }

  /// He (Kaiming) uniform weights for ReLU layers: U(−a, a) with a = √(6 / fanIn), the
  /// same variance 2 / fanIn as ``heNormal(_:fanIn:using:)``. PyTorch:
  /// `torch.nn.init.kaiming_uniform_(w, mode='fan_in', nonlinearity='relu')`.
  public static func heUniform<G: RandomNumberGenerator>(
    _ shape: [Int], fanIn: Int, using generator: inout G
  ) -> Tensor {
    requireFans(fanIn, 1, "heUniform")
    let bound = Scalar.sqrt(6 / Scalar(fanIn))
    return randomUniform(shape, in: -bound...bound, using: &generator)
  }

  private static func requireFans(_ fanIn: Int, _ fanOut: Int, _ operation: String) {
    require(
      fanIn > 0 && fanOut > 0,
      "\(operation): fanIn and fanOut must be positive, got fanIn \(fanIn), fanOut \(fanOut)")
  }
}
