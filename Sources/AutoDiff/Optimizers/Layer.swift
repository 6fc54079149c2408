/// A model that holds its own parameters, like a PyTorch `nn.Module`: it names them by
/// key path, and an optimiser updates them in place with ``Optimizer/step(_:)``.
///
/// ```swift
/// struct Dense: Layer {
///   var weight: Tensor<Double>
///   var bias: Tensor<Double>
///   static var parameterKeyPaths: [WritableKeyPath<Dense, Tensor<Double>>] { [\.weight, \.bias] }
///   func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { matmul(x, weight.transposed()) + bias }
/// }
///
/// struct Model: Layer {
///   var hidden: Dense
///   var output: Dense
///   static var parameterKeyPaths: [WritableKeyPath<Model, Tensor<Double>>] {
///     parameterKeyPaths(of: \.hidden) + parameterKeyPaths(of: \.output)
///   }
/// }
/// ```
///
/// Each parameter must be a leaf that requires a gradient (set `requiresGradient` when
/// creating it). The optimiser keeps its state (momentum, moments, step counts) per key
/// path, so the model is the only copy of the parameters: nothing is read back.
public protocol Layer {
  /// The scalar type of the parameters.
  associatedtype Scalar: TensorScalar
  /// The parameters, in a fixed order (PyTorch's `parameters()`), each path once.
  static var parameterKeyPaths: [WritableKeyPath<Self, Tensor<Scalar>>] { get }
}

extension Layer {
  /// The key paths of `child`'s parameters, as paths from this model: the way a model
  /// lists the parameters of the layers it contains.
  public static func parameterKeyPaths<Child: Layer>(
    of child: WritableKeyPath<Self, Child>
  ) -> [WritableKeyPath<Self, Tensor<Scalar>>] where Child.Scalar == Scalar {
    Child.parameterKeyPaths.map { child.appending(path: $0) }
  }

  /// The parameters' current values, in the order of ``parameterKeyPaths``.
  public var parameters: [Tensor<Scalar>] { Self.parameterKeyPaths.map { self[keyPath: $0] } }

  /// Sets every parameter's accumulated gradient to zeros (PyTorch's `zero_grad()`).
  public func zeroGradient() {
    for keyPath in Self.parameterKeyPaths { self[keyPath: keyPath].zeroGradient() }
  }

  /// The parameter key paths, each checked to name a distinct leaf that requires a
  /// gradient; `optimizer` names the caller in the message.
  func checkedParameterKeyPaths(for optimizer: String) -> [WritableKeyPath<Self, Tensor<Scalar>>] {
    let keyPaths = Self.parameterKeyPaths
    require(
      Set(keyPaths).count == keyPaths.count,
      "\(optimizer): \(Self.self).parameterKeyPaths lists a parameter twice; each would be updated twice per step")
    for (index, keyPath) in keyPaths.enumerated() {
      let parameter = self[keyPath: keyPath]
      require(
        parameter.requiresGradient,
        "\(optimizer): parameter \(index) of \(Self.self) (\(keyPath)) does not require a gradient, "
          + "so backward() never fills its gradient; set requiresGradient = true when creating it")
      require(
        parameter.gradientFunction == nil,
        "\(optimizer): parameter \(index) of \(Self.self) (\(keyPath)) was computed by "
          + "\(parameter.gradientFunction ?? "an operation"); an optimiser updates leaves only — "
          + "store a tensor you created (detached() makes one)")
    }
    return keyPaths
  }
}
