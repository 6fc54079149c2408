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

  /// The number of forward-mode tangents this tensor carries: its tangent storage holds
  /// that many tangents of its shape one after another (lane-major). One unless a chunked
  /// transform (``jacobian(of:at:mode:)`` with `ForwardMode<k>`, ``hessian(of:at:)``)
  /// seeded several directions at once.
  @inlinable
  var tangentLaneCount: Int {
    guard let tangentScalars, count > 0 else { return 1 }
    return tangentScalars.count / count
  }

  /// Tangent lane `lane` as a plain tensor of this shape, or nil without a tangent.
  @inlinable
  func tangentLane(_ lane: Int) -> Tensor? {
    guard let tangentScalars else { return nil }
    let count = self.count
    if tangentScalars.count == count { return Tensor(shape: shape, scalars: tangentScalars) }
    return Tensor(shape: shape, scalars: Array(tangentScalars[(lane * count)..<((lane + 1) * count)]))
  }

  /// This value carrying `lanes` as its tangents, one per lane, each of this shape.
  @inlinable
  func withTangentLanes(_ lanes: [Tensor]) -> Tensor {
    var copy = self
    if lanes.count == 1 {
      copy.tangentScalars = lanes[0].scalars
    } else {
      var joined: [Scalar] = []
      joined.reserveCapacity(count * lanes.count)
      for lane in lanes { joined += lane.scalars }
      copy.tangentScalars = joined
    }
    return copy
  }

  /// The number of tangent lanes the inputs carry, nil when none carries a tangent. Inputs
  /// seeded by different chunked transforms cannot meet in one operation.
  @usableFromInline
  static func tangentLaneCount(of inputs: [Tensor], in operation: String) -> Int? {
    var lanes: Int?
    for input in inputs where input.tangentScalars != nil && input.count > 0 {
      let inputLanes = input.tangentLaneCount
      if let lanes {
        require(
          lanes == inputLanes,
          "\(operation): the operands carry \(lanes) and \(inputLanes) tangents; tensors seeded "
            + "by different forward-mode transforms cannot meet in one operation")
      }
      lanes = inputLanes
    }
    if lanes == nil && inputs.contains(where: { $0.tangentScalars != nil }) { return 1 }
    return lanes
  }

  /// How an operation's pullback changes as its inputs move along their tangents: given
  /// the output's cotangent (plain), the inputs' tangents and the output's tangent, all
  /// `lanes` of them stacked along a new first axis (`[lanes] + shape`; nil for an input
  /// without one), the derivative of each input's cotangent, stacked the same way.
  /// Forward-over-reverse (tensor Hessians) adds it to the pullback of the cotangent's own
  /// tangents. A linear operation has none: its pullback does not depend on its inputs.
  @usableFromInline
  typealias Curvature = (
    _ cotangent: Tensor, _ inputTangents: [Tensor?], _ outputTangent: Tensor, _ lanes: Int
  ) -> [Tensor?]

  /// A ``Curvature`` from a formula for one lane (plain tensors of the inputs' and the
  /// output's shapes), run once per lane and stacked.
  @usableFromInline
  static func perLane(
    _ formula: @escaping (_ cotangent: Tensor, _ inputTangents: [Tensor?], _ outputTangent: Tensor) -> [Tensor?]
  ) -> Curvature {
    { cotangent, inputTangents, outputTangent, lanes in
      let perLane = (0..<lanes).map { lane in
        formula(
          cotangent, inputTangents.map { $0.map { Self.lane(lane, of: $0) } },
          Self.lane(lane, of: outputTangent))
      }
      return Self.stacking(perLane)
    }
  }

  /// Results computed one lane at a time (for each lane, one optional tensor per position)
  /// stacked per position along a new first axis: nil where every lane is nil, zeros for a
  /// lane that is nil where others are not.
  @usableFromInline
  static func stacking(_ perLane: [[Tensor?]]) -> [Tensor?] {
    (0..<(perLane.first?.count ?? 0)).map { i in
      guard let shape = perLane.first(where: { $0[i] != nil })?[i]?.shape else { return nil }
      var scalars: [Scalar] = []
      scalars.reserveCapacity(perLane.count * TensorShape.count(of: shape))
      for lane in perLane { scalars += (lane[i] ?? .zeros(shape)).scalars }
      return Tensor(shape: [perLane.count] + shape, scalars: scalars)
    }
  }

  /// Lane `lane` of stacked tensors (`[lanes] + shape`), as a plain tensor of `shape`.
  @usableFromInline
  static func lane(_ lane: Int, of stacked: Tensor) -> Tensor {
    let shape = Array(stacked.shape.dropFirst())
    let n = TensorShape.count(of: shape)
    return Tensor(shape: shape, scalars: Array(stacked.scalars[(lane * n)..<((lane + 1) * n)]))
  }

  /// Whether every element is zero (either sign), stopping at the first that is not.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func isZero(_ values: [Scalar]) -> Bool {
    values.withUnsafeBufferPointer { v in
      for x in v where x != 0 { return false }
      return true
    }
  }

  /// The curvature of a linear operation: none.
  @inlinable
  static func linear() -> Curvature? { nil }

  /// The result of one operation: `value`, plus the tangent carried forward when an input
  /// has a tangent, plus a node with `pullback` on the inputs' Wengert list when an input
  /// needs a gradient.
  ///
  /// The JVP is given one of two ways. `stackedJVP` computes every tangent lane at once:
  /// it receives each input's tangents stacked along a new first axis, shape
  /// `[lanes] + input.shape` (nil for an input without one; ``StackedTangents``), and
  /// returns the elements of `[lanes] + value.shape` — e.g. one GEMM for a matrix
  /// product's k tangents. Otherwise
  /// `jvp` receives one lane's tangents (nil for none) and runs once per lane. Both work on
  /// plain tensors.
  ///
  /// `stackedPullback` says that `pullback` also accepts k cotangents stacked along a new
  /// first axis (`[k] + value.shape`) and then returns k stacked cotangents per input.
  /// `pullback` is an autoclosure: the closure, and the heap context its captures need, is
  /// made only when the operation is recorded — a forward-mode pass never pays for it.
  ///
  /// `curvature` is asked only when the operation is recorded with tangents (forward over
  /// reverse): it gives the operation's ``Curvature``, or nil for a linear operation, so a
  /// first-order computation never builds it.
  ///
  /// Every tensor operation is written as this one call: value, JVP and pullback side by
  /// side, the JVP a linear map and the pullback its transpose.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func record(
    _ operation: String, _ inputs: [Tensor], value: Tensor,
    jvp: ([Tensor?]) -> Tensor = { _ in stopMisuse("internal error: an operation without a JVP") },
    stackedJVP: (_ tangents: StackedTangents<Scalar>, _ lanes: Int) -> [Scalar]? = { _, _ in nil },
    pullback: @autoclosure () -> (Tensor) -> [Tensor?],
    stackedPullback: Bool = false,
    curvature: () -> Curvature?
  ) -> Tensor {
    var result = value.plain
    let lanes = tangentLaneCount(of: inputs, in: operation)
    if let lanes, let stacked = stackedJVP(StackedTangents(inputs: inputs, lanes: lanes), lanes) {
      require(
        stacked.count == lanes * value.count,
        "\(operation): internal error, \(stacked.count) stacked tangent elements for \(lanes) lanes "
          + "of a value of shape \(value.shape)")
      #if NaNSafe
      // A tangent that is zero in every lane is carried as none: under the NaN-safe chain
      // rule a zero perturbation contributes exactly zero wherever it goes, so the
      // operations after this one skip it (a slice of a parameter vector outside the
      // directions seeded in this pass, as in a Hessian's later passes). Without the trait
      // 0·∞ is NaN and the zeros are carried.
      if !Self.isZero(stacked) { result.tangentScalars = stacked }
      #else
      result.tangentScalars = stacked
      #endif
    } else if let lanes {
      let tangents = (0..<lanes).map { lane in
        let tangent = jvp(inputs.map { $0.tangentLane(lane) })
        require(
          tangent.shape == value.shape,
          "\(operation): internal error, tangent shape \(tangent.shape) for a value of shape \(value.shape)")
        return tangent
      }
      result = result.withTangentLanes(tangents)
    }
    // The inputs first: a forward-only pass never reads the task-local.
    guard inputs.contains(where: { $0.node != nil }), GradientRecording.isEnabled else {
      return result
    }
    var tape: TensorTape<Scalar>?
    for input in inputs {
      guard let node = input.node, let nodeTape = node.tape?.root else { continue }
      if nodeTape.isReleased { continue }
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
    var laneCurvature: ((Tensor) -> [Tensor?])?
    if let lanes, let curvature = curvature() {
      // Forward over reverse: keep the input and output tangents, stacked, for the sweep.
      let stacked = StackedTangents(inputs: inputs, lanes: lanes)
      let inputTangents = inputs.indices.map { stacked[$0] }
      let outputTangent = Tensor(
        shape: TensorShape.stacked(lanes, value.shape),
        scalars: result.tangentScalars ?? [Scalar](filledWith: 0, count: lanes * value.count))
      laneCurvature = { cotangent in curvature(cotangent, inputTangents, outputTangent, lanes) }
    }
    let node = TensorNode<Scalar>(
      operation: operation, inputs: inputs.map { $0.node }, shape: value.shape, pullback: pullback(),
      curvature: laneCurvature, acceptsStackedCotangents: stackedPullback)
    (tape ?? TensorTape()).append(node)
    result.node = node
    TensorAnomalyLog.current?.recorded(operation, inputs, result)
    return result
  }
}

/// The tangents of an operation's inputs as its stacked JVP reads them: each input's
/// `lanes` tangents one after another. `scalars(i)` gives input i's raw elements;
/// subscripting gives them as a tensor of shape `[lanes] + input.shape`, built only when
/// asked (most JVPs read the elements, and the shape would be an allocation).
@usableFromInline
struct StackedTangents<Scalar: TensorScalar> {
  @usableFromInline let inputs: [Tensor<Scalar>]
  @usableFromInline let lanes: Int

  @inlinable
  init(inputs: [Tensor<Scalar>], lanes: Int) {
    self.inputs = inputs
    self.lanes = lanes
  }

  /// Input i's stacked tangents, nil when it carries none.
  @inlinable
  func scalars(_ i: Int) -> [Scalar]? { inputs[i].tangentScalars }

  /// Input i's stacked tangents with each lane broadcast to `shape`, nil when it carries
  /// none: the elements as they are when the input already has that shape.
  @inlinable
  func scalars(_ i: Int, broadcastTo shape: [Int]) -> [Scalar]? {
    guard let tangents = inputs[i].tangentScalars else { return nil }
    if inputs[i].shape == shape { return tangents }
    return Tensor.broadcast(lanes: self[i]!, to: shape).scalars
  }

  /// Input i's stacked tangents as a tensor of shape `[lanes] + input.shape`.
  @inlinable
  subscript(_ i: Int) -> Tensor<Scalar>? {
    inputs[i].tangentScalars.map { Tensor(shape: TensorShape.stacked(lanes, inputs[i].shape), scalars: $0) }
  }
}

extension Tensor {
  /// `cotangent` — of the output's `shape`, or k of them stacked (`[k] + shape`) — summed
  /// over the axes broadcasting stretched, to an input's `target` shape (k stacked:
  /// `[k] + target`).
  @usableFromInline
  static func reduced(_ cotangent: Tensor, from shape: [Int], to target: [Int]) -> Tensor {
    guard cotangent.shape.count > shape.count else { return cotangent.summed(toShape: target) }
    if target == shape { return cotangent }
    let k = cotangent.shape[0]
    let padded = TensorShape.stacked(k, target, paddedTo: shape.count)
    return Tensor(shape: TensorShape.stacked(k, target), scalars: cotangent.summed(toShape: padded).scalars)
  }

  /// The stacking prefix of a cotangent for an output of `shape`: `[k]` for k stacked
  /// cotangents, `[]` for one.
  @inlinable
  static func lanePrefix(of cotangent: Tensor, for shape: [Int]) -> [Int] {
    cotangent.shape.count > shape.count ? [cotangent.shape[0]] : []
  }
}
