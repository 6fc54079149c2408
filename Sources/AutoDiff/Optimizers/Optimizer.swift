/// A first-order optimiser over tensors, PyTorch-style: compute a loss from
/// ``parameters``, call `backward()`, then ``step()`` and ``zeroGradient()``.
///
/// The optimiser owns its parameters. `Tensor` is a value type, so a copy you keep of a
/// parameter is not updated by ``step()``; read them back from ``parameters`` each
/// iteration:
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
  associatedtype Scalar: TensorScalar
  /// The tensors being optimised, in the order given at creation.
  var parameters: [Tensor<Scalar>] { get }
  /// Updates every parameter that has a gradient by one step of the method.
  mutating func step()
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
