/// Whether tensor operations are being recorded for reverse mode in the current task.
///
/// A task-local value, not a global: ``withoutGradient(_:)`` turns it off for one scope.
public enum GradientRecording {
  /// True unless inside ``withoutGradient(_:)``.
  @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording tensor operations for reverse mode, like PyTorch's
/// `torch.no_grad()`: results computed inside need no gradient and keep no graph.
public func withoutGradient<R>(_ body: () throws -> R) rethrows -> R {
  try GradientRecording.$isEnabled.withValue(false) { try body() }
}

extension Tensor {
  /// This tensor's value with no tangent and no node: a plain array of numbers.
  @usableFromInline
  var plain: Tensor { Tensor(shape: shape, scalars: scalars) }

  /// Whether an operation on `inputs` must compute local derivatives: some input carries
  /// a tangent, or some input needs a gradient while recording is on.
  @usableFromInline
  static func needsDerivatives(_ inputs: [Tensor]) -> Bool {
    inputs.contains { $0.tangentScalars != nil }
      || (inputs.contains { $0.node != nil } && GradientRecording.isEnabled)
  }

  /// The result of one operation: `value`, plus the tangent carried forward by `jvp` when
  /// an input has a tangent, plus a node with `pullback` on the inputs' Wengert list when
  /// an input needs a gradient. `jvp` receives the inputs' tangents (nil for none) and
  /// `pullback` the output's cotangent; both work on plain tensors.
  ///
  /// Every tensor operation is written as this one call: value, JVP and pullback side by
  /// side, the JVP a linear map and the pullback its transpose.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func record(
    _ operation: String, _ inputs: [Tensor], value: Tensor,
    jvp: ([Tensor?]) -> Tensor,
    pullback: @escaping (Tensor) -> [Tensor?]
  ) -> Tensor {
    var result = value.plain
    if inputs.contains(where: { $0.tangentScalars != nil }) {
      let tangent = jvp(inputs.map(\.tangent))
      require(
        tangent.shape == value.shape,
        "\(operation): internal error, tangent shape \(tangent.shape) for a value of shape \(value.shape)")
      result.tangentScalars = tangent.scalars
    }
    guard GradientRecording.isEnabled, inputs.contains(where: { $0.node != nil }) else {
      return result
    }
    var tape: TensorTape<Scalar>?
    for input in inputs {
      guard let node = input.node, let nodeTape = node.tape?.root else { continue }
      require(
        !nodeTape.isReleased,
        "\(operation): an input was computed in a graph that backward() has already released; "
          + "recompute it, or pass retainingGraph: true to the first backward()")
      if let current = tape, current !== nodeTape {
        // Two independent computations meet: append the shorter list to the longer.
        if current.entries.count >= nodeTape.entries.count {
          current.absorb(nodeTape)
        } else {
          nodeTape.absorb(current)
          tape = nodeTape
        }
      } else {
        tape = nodeTape
      }
    }
    let node = TensorNode<Scalar>(
      operation: operation, inputs: inputs.map(\.node), shape: value.shape, pullback: pullback)
    (tape ?? TensorTape()).append(node)
    result.node = node
    TensorAnomalyLog.current?.recorded(operation, inputs, result)
    return result
  }
}
