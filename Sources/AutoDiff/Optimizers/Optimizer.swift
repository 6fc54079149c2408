/// A first-order optimiser over tensors, PyTorch-style: compute a loss, call
/// `backward()`, then step and zero the gradients.
///
/// The parameters live either in your model, a ``Layer`` that names them by key path and
/// is updated in place by ``step(_:)``:
///
/// ```swift
/// var optimizer = Adam<Double>(learningRate: 0.01)
/// for _ in 0..<100 {
///   loss(model(x), y).backward()
///   optimizer.step(&model)
///   model.zeroGradient()
/// }
/// ```
///
/// or in the optimiser, given at creation and read back from ``parameters`` (a copy you
/// keep of one is not updated by ``step()``, as `Tensor` is a value type):
///
/// ```swift
/// var optimizer = SGD([Tensor<Double>([2, 3]), Tensor([6, 4])], learningRate: 0.1)
/// for _ in 0..<100 {
///   let (c, d) = (optimizer.parameters[0], optimizer.parameters[1])
///   (3 * Tensor.pow(c, 3) - d * d).sum().backward()
///   optimizer.step()
///   optimizer.zeroGradient()
/// }
/// ```
///
/// Each parameter is a leaf (`requiresGradient`): the optimiser updates its elements in
/// place and keeps the leaf, so gradients keep accumulating into it as PyTorch's `.grad`
/// does. A parameter whose ``Tensor/gradient`` is nil (no backward pass reached it) is
/// skipped, also as in PyTorch.
public protocol Optimizer {
  /// The element type of the tensors it updates.
  associatedtype Scalar: TensorScalar
  /// The tensors being optimised, in the order given at creation.
  var parameters: [Tensor<Scalar>] { get }
  /// γ, the step size; a ``LearningRateSchedule`` changes it between steps.
  var learningRate: Scalar { get set }
  /// Updates every parameter in ``parameters`` that has a gradient by one step of the method.
  mutating func step()
  /// Updates every parameter of `model` that has a gradient by one step of the method, in
  /// place, keeping the method's state for each parameter under its key path.
  ///
  /// - Precondition: each of `Model.parameterKeyPaths` names a distinct leaf that requires
  ///   a gradient.
  mutating func step<Model: Layer>(_ model: inout Model) where Model.Scalar == Scalar
}

extension Optimizer {
  /// Sets every parameter's accumulated gradient to zeros (PyTorch's `zero_grad()`).
  public func zeroGradient() {
    for parameter in parameters { parameter.zeroGradient() }
  }
}

extension Tensor {
  /// A parameter to optimise: a leaf that requires a gradient.
  ///
  /// - Precondition: the tensor is not the result of a recorded operation.
  static func optimizerParameter(_ tensor: Tensor, index: Int, in optimizer: String) -> Tensor {
    var parameter = tensor
    require(
      parameter.node?.isLeaf ?? true,
      "\(optimizer): parameter \(index) was computed by \(parameter.gradientFunction ?? "an operation"); "
        + "an optimiser updates leaves only — pass a tensor you created (detached() makes one)")
    parameter.tangentScalars = nil
    parameter.requiresGradient = true
    return parameter
  }

  /// Overwrites the elements in place, keeping the leaf node (and its gradient).
  mutating func updateScalars(_ body: (inout [Scalar]) -> Void) {
    body(&scalars)
  }
}

/// Checks a hyperparameter the way PyTorch's constructors do.
func requireHyperparameter(_ condition: Bool, _ message: @autoclosure () -> String) {
  require(condition, message())
}
