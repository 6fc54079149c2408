/// A tensor operation you define with its own value and derivative — AutoDiff's
/// `torch.autograd.Function` and `jax.custom_jvp` — that every mode uses: forward mode and
/// chunked Jacobians, reverse mode and `backward()`, Hessians (forward over reverse), and
/// the derivative checkers.
///
/// You give the value and the JVP, the linear map from the inputs' tangents to the
/// output's tangent. The pullback is then the JVP's transpose, found by reverse mode on
/// the JVP itself (as JAX transposes a `custom_jvp`), so the derivative is written once.
/// Optionally give the pullback too, for speed; then check the two against each other
/// with ``checkConsistency(at:seed:)``.
///
/// Write the JVP (and the pullback) with tensor operations on the tensors you are given,
/// not on their `scalars`: the second derivative, which Hessians need, is the derivative
/// of these closures, and AutoDiff takes it by running them on inputs that carry
/// tangents. The value may use anything; it is never differentiated.
///
/// ```swift
/// // softplus(x) = log(1 + eˣ), computed without overflow, with derivative σ(x).
/// let softplus = TensorOperation<Double>(
///   name: "Softplus",
///   value: { x in
///     Tensor(shape: x[0].shape, scalars: x[0].scalars.map { v in
///       Swift.max(v, 0) + Double.log(onePlus: Double.exp(-Swift.abs(v)))
///     })
///   },
///   jvp: { x, t in Tensor.sigmoid(x[0]) * t[0] })
/// let y = softplus(Tensor([-800.0, 0, 800]))   // [0, 0.693…, 800]
/// gradient(of: { softplus($0).sum() }, at: Tensor([0.0]))   // [0.5]
/// ```
public struct TensorOperation<Scalar: TensorScalar>: Sendable {

  /// The name shown as `gradientFunction` and in messages (`SoftplusBackward`).
  public let name: String
  @usableFromInline let value: @Sendable ([Tensor<Scalar>]) -> Tensor<Scalar>
  @usableFromInline let jvp: @Sendable ([Tensor<Scalar>], [Tensor<Scalar>]) -> Tensor<Scalar>
  @usableFromInline let pullback: (@Sendable ([Tensor<Scalar>], Tensor<Scalar>) -> [Tensor<Scalar>])?

  /// An operation from its value and its JVP, and optionally its pullback.
  ///
  /// - Parameters:
  ///   - name: the operation's name, e.g. `"Softplus"`.
  ///   - value: the output from the inputs (plain tensors, no derivatives attached).
  ///   - jvp: the output's tangent from the inputs and their tangents (one per input, of
  ///     its shape; zeros for an input that carries none). Must be linear in the
  ///     tangents.
  ///   - pullback: the inputs' cotangents from the inputs and the output's cotangent, one
  ///     per input, of its shape: the transpose of `jvp`. When nil it is derived from
  ///     `jvp`.
  public init(
    name: String,
    value: @escaping @Sendable ([Tensor<Scalar>]) -> Tensor<Scalar>,
    jvp: @escaping @Sendable (_ inputs: [Tensor<Scalar>], _ tangents: [Tensor<Scalar>]) -> Tensor<Scalar>,
    pullback: (@Sendable (_ inputs: [Tensor<Scalar>], _ cotangent: Tensor<Scalar>) -> [Tensor<Scalar>])? = nil
  ) {
    self.name = name
    self.value = value
    self.jvp = jvp
    self.pullback = pullback
  }

  /// The operation applied to `inputs`, recorded for reverse mode and carrying tangents
  /// for forward mode like every built-in operation.
  public func callAsFunction(_ inputs: Tensor<Scalar>...) -> Tensor<Scalar> {
    apply(inputs)
  }

  /// The operation applied to an array of inputs.
  public func apply(_ inputs: [Tensor<Scalar>]) -> Tensor<Scalar> {
    let operation = Tensor<Scalar>.backwardName(name)
    let plainInputs = inputs.map { $0.plain }
    let output = withoutGradient { value(plainInputs) }.plain
    let shapes = inputs.map { $0.shape }
    guard Tensor.needsDerivatives(inputs) else { return output }
    let (jvp, pullback) = (self.jvp, self.pullback)
    return Tensor.record(
      operation, inputs, value: output,
      jvp: { tangents in
        let tangent = withoutGradient {
          jvp(plainInputs, zip(tangents, shapes).map { $0 ?? .zeros($1) })
        }.plain
        require(
          tangent.shape == output.shape,
          "\(operation): the JVP returned shape \(tangent.shape) for a value of shape \(output.shape)")
        return tangent
      },
      pullback: { cotangent in
        Self.cotangents(
          of: operation, inputs: plainInputs, cotangent: cotangent, jvp: jvp, pullback: pullback)
      },
      curvature: {
        // The derivative of the pullback: the same pullback run on inputs that carry the
        // tangents (every lane at once), read from its result's tangents.
        { cotangent, tangents, _, lanes in
          let moving = zip(plainInputs, tangents).map { input, tangent in
            tangent.map { Tensor(shape: input.shape, scalars: input.scalars, tangent: $0.scalars, node: nil) } ?? input
          }
          return zip(
            Self.cotangents(of: operation, inputs: moving, cotangent: cotangent, jvp: jvp, pullback: pullback),
            plainInputs
          ).map { result, input in
            Tensor(
              shape: TensorShape.stacked(lanes, input.shape),
              scalars: result?.tangentScalars ?? [Scalar](filledWith: 0, count: lanes * input.count))
          }
        }
      })
  }

  /// The inputs' cotangents: the given pullback, or the JVP transposed by one reverse
  /// sweep through it (it is linear in the tangents, so its pullback is its transpose).
  static func cotangents(
    of operation: String, inputs: [Tensor<Scalar>], cotangent: Tensor<Scalar>,
    jvp: ([Tensor<Scalar>], [Tensor<Scalar>]) -> Tensor<Scalar>,
    pullback: (([Tensor<Scalar>], Tensor<Scalar>) -> [Tensor<Scalar>])?
  ) -> [Tensor<Scalar>?] {
    let results: [Tensor<Scalar>]
    if let pullback {
      results = withoutGradient { pullback(inputs, cotangent) }
    } else {
      let leaves = inputs.map { input -> Tensor<Scalar> in
        var leaf = Tensor<Scalar>.zeros(input.shape)
        leaf.requiresGradient = true
        return leaf
      }
      let tangent = GradientRecording.$isEnabled.withValue(true) {
        jvp(inputs.map { $0.withoutGraph() }, leaves)
      }
      require(
        tangent.shape == cotangent.shape,
        "\(operation): the JVP returned shape \(tangent.shape) for a cotangent of shape \(cotangent.shape)")
      if let node = tangent.node {
        results = zip(
          Tensor.sweep(from: node, cotangent: cotangent, retainingGraph: false, into: leaves.map { $0.node! }),
          inputs
        ).map { $0 ?? .zeros($1.shape) }
      } else {
        // The JVP does not depend on the tangents: the operation is constant.
        results = inputs.map { .zeros($0.shape) }
      }
    }
    require(
      results.count == inputs.count,
      "\(operation): the pullback returned \(results.count) cotangents for \(inputs.count) inputs")
    for (i, (result, input)) in zip(results, inputs).enumerated() {
      require(
        result.shape == input.shape,
        "\(operation): the pullback returned shape \(result.shape) for input \(i) of shape \(input.shape)")
    }
    return results.map { Optional($0.withoutGraph()) }
  }

  /// Checks the pullback against the JVP at `inputs`: ⟨ū, J·v⟩ = ⟨Jᵀ·ū, v⟩ for random
  /// directions v and cotangents ū (seeded), which holds exactly when the pullback is the
  /// JVP's transpose. Returns the relative difference of the two sides; compare it with a
  /// tolerance of a few ulps times the problem's size.
  public func checkConsistency(at inputs: [Tensor<Scalar>], seed: UInt64 = 1) -> Scalar
  where Scalar.RawSignificand: FixedWidthInteger {
    var generator = SplitMix64(seed: seed)
    func random(_ shape: [Int]) -> Tensor<Scalar> {
      Tensor.randomUniform(shape, in: -1...1, using: &generator)
    }
    let plainInputs = inputs.map { $0.plain }
    let output = withoutGradient { value(plainInputs) }
    let directions = plainInputs.map { random($0.shape) }
    let cotangent = random(output.shape)
    let forward = withoutGradient { jvp(plainInputs, directions) }
    let backward = Self.cotangents(
      of: Tensor<Scalar>.backwardName(name), inputs: plainInputs, cotangent: cotangent, jvp: jvp,
      pullback: pullback)
    let left = zip(cotangent.scalars, forward.scalars).reduce(Scalar(0)) { $0 + $1.0 * $1.1 }
    let right = zip(backward, directions).reduce(Scalar(0)) { sum, pair in
      sum + zip(pair.0!.scalars, pair.1.scalars).reduce(Scalar(0)) { $0 + $1.0 * $1.1 }
    }
    return (left - right).magnitude / Swift.max(1, left.magnitude, right.magnitude)
  }
}
