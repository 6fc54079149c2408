import AutoDiff

/// A fully connected layer `x·W + b`, with W of shape `[inputs, outputs]` (the transpose
/// of PyTorch's `nn.Linear.weight`), Glorot-uniform weights and zero bias.
public struct DenseLayer: Layer {
  /// W, `[inputs, outputs]`, a leaf that requires a gradient.
  public var weight: Tensor<Double>
  /// b, `[outputs]`, a leaf that requires a gradient.
  public var bias: Tensor<Double>
  public static var parameterKeyPaths: [WritableKeyPath<DenseLayer, Tensor<Double>>] { [\.weight, \.bias] }

  /// A layer from `inputs` to `outputs` with weights drawn from `generator`.
  public init(inputs: Int, outputs: Int, using generator: inout SplitMix64) {
    weight = Tensor.glorotUniform([inputs, outputs], fanIn: inputs, fanOut: outputs, using: &generator)
    bias = Tensor(repeating: 0, shape: [outputs])
    weight.requiresGradient = true
    bias.requiresGradient = true
  }

  public func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { matmul(x, weight) + bias }
}

/// The spiral classifier: an MLP 2 → h → h → 2 with tanh between the layers, giving two
/// logits per point. tanh rather than ReLU: its smooth boundary follows the spirals' arcs
/// with few units.
public struct SpiralClassifier: Layer {
  /// 2 → h.
  public var first: DenseLayer
  /// h → h.
  public var second: DenseLayer
  /// h → 2, the logits.
  public var output: DenseLayer
  public static var parameterKeyPaths: [WritableKeyPath<SpiralClassifier, Tensor<Double>>] {
    parameterKeyPaths(of: \.first) + parameterKeyPaths(of: \.second) + parameterKeyPaths(of: \.output)
  }

  /// The width of each hidden layer.
  public static let hiddenUnits = 32

  /// A classifier with weights drawn, layer by layer, from `generator`.
  public init(using generator: inout SplitMix64) {
    let h = Self.hiddenUnits
    first = DenseLayer(inputs: 2, outputs: h, using: &generator)
    second = DenseLayer(inputs: h, outputs: h, using: &generator)
    output = DenseLayer(inputs: h, outputs: 2, using: &generator)
  }

  /// The logits, `[batch, 2]`, for inputs of shape `[batch, 2]`.
  public func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
    output(Tensor.tanh(second(Tensor.tanh(first(x)))))
  }

  /// The predicted class of each row of `x`.
  public func predictions(_ x: Tensor<Double>) -> [Int] {
    withoutGradient { self(x).argmax(alongAxis: 1) }
  }
}
