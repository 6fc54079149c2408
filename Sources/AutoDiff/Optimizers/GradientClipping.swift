/// Scales the gradients of `parameters` so that their global norm, the 2-norm of all
/// gradient elements together, is at most `maxNorm` (PyTorch's
/// `torch.nn.utils.clip_grad_norm_`), and returns the norm before clipping.
///
/// With n = √(Σₚ ‖gₚ‖²), every gradient is multiplied by min(1, maxNorm / (n + 10⁻⁶)), as
/// in PyTorch (the 10⁻⁶ keeps a zero gradient finite). Parameters without a gradient are
/// skipped. Call it after `backward()` and before the optimiser's step.
///
/// - Precondition: `maxNorm` ≥ 0.
@discardableResult
public func clipGradientNorm<Scalar: TensorScalar>(_ parameters: [Tensor<Scalar>], maxNorm: Scalar) -> Scalar {
  require(maxNorm >= 0, "clipGradientNorm: maxNorm must be ≥ 0 (got \(maxNorm))")
  let gradients = parameters.map { $0.gradient }
  var sumOfSquaredNorms: Scalar = 0
  for case let gradient? in gradients {
    var sumOfSquares: Scalar = 0
    for g in gradient.scalars { sumOfSquares += g * g }
    let norm = sumOfSquares.squareRoot()
    sumOfSquaredNorms += norm * norm
  }
  let total = sumOfSquaredNorms.squareRoot()
  let coefficient = Swift.min(maxNorm / (total + 1e-6), 1)
  if coefficient < 1 {
    for (parameter, gradient) in zip(parameters, gradients) {
      guard let node = parameter.node, let gradient else { continue }
      node.gradient = Tensor(shape: gradient.shape, scalars: gradient.scalars.map { $0 * coefficient })
    }
  }
  return total
}

extension Layer {
  /// Clips the gradients of this model's parameters to global norm `maxNorm` and returns
  /// the norm before clipping; see ``clipGradientNorm(_:maxNorm:)``.
  @discardableResult
  public func clipGradientNorm(maxNorm: Scalar) -> Scalar {
    AutoDiff.clipGradientNorm(parameters, maxNorm: maxNorm)
  }
}

extension Optimizer {
  /// Clips the gradients of ``parameters`` to global norm `maxNorm` and returns the norm
  /// before clipping; see ``clipGradientNorm(_:maxNorm:)``.
  @discardableResult
  public func clipGradientNorm(maxNorm: Scalar) -> Scalar {
    AutoDiff.clipGradientNorm(parameters, maxNorm: maxNorm)
  }
}
