// Loss functions, composed from differentiable tensor operations (log-softmax,
// index-select, where, exp, log(onePlus:), sums), so every mode — forward, reverse,
// chunked, Hessians — and the checkers apply without a rule of their own.

/// How a loss combines its per-element (or per-sample) terms: PyTorch's `reduction=`.
public enum LossReduction: Sendable, Hashable {
  /// The mean of the terms (PyTorch `'mean'`, the default).
  case mean
  /// The sum of the terms (PyTorch `'sum'`).
  case sum
  /// The terms themselves, unreduced (PyTorch `'none'`).
  case none
}

extension Tensor {
  /// `terms` reduced by `reduction` over all its elements.
  @usableFromInline
  func reduced(by reduction: LossReduction) -> Tensor {
    switch reduction {
    case .mean: return mean()
    case .sum: return sum()
    case .none: return self
    }
  }

  /// log(1 + eᶻ) elementwise without overflow, as max(z, 0) + log(1 + e^(−|z|)), with
  /// derivative σ(z) at every z, including 0.
  ///
  /// max(z, 0) and |z| are both taken with ``where(_:_:_:)`` on the same condition z ≥ 0,
  /// so at z = 0 both follow the z branch (derivatives 1 and 1, giving 1 − ½ = ½ = σ(0));
  /// with the rule table's max′(0) = 0 and |·|′(0) = 0 the sum would be 0 there instead.
  /// e^(−|z|) ≤ 1, so nothing overflows in any branch.
  @usableFromInline
  static func softplus(_ z: Tensor) -> Tensor {
    let nonNegative = z .>= Tensor(0)
    let positivePart = Tensor.where(nonNegative, z, Tensor(0))
    let magnitude = Tensor.where(nonNegative, z, -z)
    return positivePart + Tensor.log(onePlus: Tensor.exp(-magnitude))
  }
}

/// The mean squared error: the average (or sum, or each) of (predictions − targets)²,
/// PyTorch's `torch.nn.functional.mse_loss(input, target, reduction=)`.
///
/// Both arguments are differentiable: ∂/∂predictions of the mean is 2(p − t)/n.
///
/// - Precondition: `predictions` and `targets` have the same shape (PyTorch only warns and
///   broadcasts, which is rarely meant).
public func meanSquaredError<Scalar: TensorScalar>(
  _ predictions: Tensor<Scalar>, _ targets: Tensor<Scalar>, reduction: LossReduction = .mean
) -> Tensor<Scalar> {
  require(
    predictions.shape == targets.shape,
    "meanSquaredError: predictions have shape \(predictions.shape) but targets have shape \(targets.shape)")
  let difference = predictions - targets
  return (difference * difference).reduced(by: reduction)
}

/// The negative log-likelihood of integer class labels: −logProbabilities[i, labels[i]]
/// per sample, reduced; PyTorch's `torch.nn.functional.nll_loss(input, target, reduction=)`.
///
/// `logProbabilities` has shape `[batch, classes]` (for example a ``Tensor/logSoftmax(alongAxis:)``
/// along axis 1); with `.none` the result has shape `[batch]`. The derivative is −1/batch
/// (for the mean) at each sample's labelled class and 0 elsewhere: the picking is an
/// index-select, linear, so the Hessian of the loss itself is zero.
///
/// - Precondition: rank 2, one label per row, each label in `0..<classes`; the message
///   names the first offending position.
public func negativeLogLikelihood<Scalar: TensorScalar>(
  logProbabilities: Tensor<Scalar>, labels: [Int], reduction: LossReduction = .mean
) -> Tensor<Scalar> {
  let picked = labelledEntries(of: logProbabilities, labels: labels, in: "negativeLogLikelihood")
  return (-picked).reduced(by: reduction)
}

/// The cross-entropy of raw scores against integer class labels: −log softmax(logits)[i,
/// labels[i]] per sample, reduced; PyTorch's `torch.nn.functional.cross_entropy(input,
/// target, reduction=)` with class-index targets.
///
/// Stable at any scale: it is ``negativeLogLikelihood(logProbabilities:labels:reduction:)``
/// of ``Tensor/logSoftmax(alongAxis:)``, which shifts each row by its maximum, so logits of
/// ±1000 give finite losses. The gradient with respect to the logits is
/// (softmax(logits) − onehot(labels)) / batch for the mean; the Hessian is that of
/// log-sum-exp, (diag(p) − ppᵀ) / batch per row.
///
/// - Precondition: `logits` has shape `[batch, classes]` with `batch ≥ 1`, one label per
///   row, each in `0..<classes`; the message names the first offending position.
public func crossEntropy<Scalar: TensorScalar>(
  logits: Tensor<Scalar>, labels: [Int], reduction: LossReduction = .mean
) -> Tensor<Scalar> {
  checkLabels(labels, for: logits, in: "crossEntropy")
  return negativeLogLikelihood(
    logProbabilities: logits.logSoftmax(alongAxis: 1), labels: labels, reduction: reduction)
}

/// The binary cross-entropy of raw scores z against targets t in [0, 1], elementwise
/// max(z, 0) − z·t + log(1 + e^(−|z|)), reduced; PyTorch's
/// `torch.nn.functional.binary_cross_entropy_with_logits(input, target, reduction=)`.
///
/// Never overflows (e^(−|z|) ≤ 1) and stays accurate for large |z|, where
/// −t·log σ(z) − (1 − t)·log(1 − σ(z)) would take the log of 0. Derivatives: σ(z) − t
/// with respect to z (exactly ½ − t at z = 0, see the source), −z with respect to t;
/// second derivative σ(z)(1 − σ(z)) in z.
///
/// - Precondition: `logits` and `targets` have the same shape.
public func binaryCrossEntropy<Scalar: TensorScalar>(
  logits: Tensor<Scalar>, targets: Tensor<Scalar>, reduction: LossReduction = .mean
) -> Tensor<Scalar> {
  require(
    logits.shape == targets.shape,
    "binaryCrossEntropy: logits have shape \(logits.shape) but targets have shape \(targets.shape)")
  return (Tensor.softplus(logits) - logits * targets).reduced(by: reduction)
}

/// Stops unless `values` is `[batch, classes]` with `batch ≥ 1` and `labels` holds one
/// class index in `0..<classes` per row.
func checkLabels<Scalar: TensorScalar>(_ labels: [Int], for values: Tensor<Scalar>, in operation: String) {
  require(
    values.rank == 2,
    "\(operation): expects a rank-2 tensor [batch, classes], got shape \(values.shape)")
  let (batch, classes) = (values.shape[0], values.shape[1])
  require(batch >= 1, "\(operation): the batch of shape \(values.shape) is empty")
  require(
    labels.count == batch,
    "\(operation): \(labels.count) labels for a batch of \(batch) rows (shape \(values.shape))")
  if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
    stopMisuse(
      "\(operation): labels[\(bad)] = \(labels[bad]) is out of range for \(classes) classes "
        + "(shape \(values.shape))")
  }
}

/// values[i, labels[i]] for every row i, as a `[batch]` tensor: an index-select on the
/// flattened values, so it differentiates in every mode.
func labelledEntries<Scalar: TensorScalar>(
  of values: Tensor<Scalar>, labels: [Int], in operation: String
) -> Tensor<Scalar> {
  checkLabels(labels, for: values, in: operation)
  let classes = values.shape[1]
  return values.reshaped(to: [values.count]).gathering(
    indices: labels.enumerated().map { $0.offset * classes + $0.element }, alongAxis: 0)
}
