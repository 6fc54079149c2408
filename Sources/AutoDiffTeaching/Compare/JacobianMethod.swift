import AutoDiff

/// A way of computing a Jacobian that `autodiff compare` measures.
public enum JacobianMethod: String, CaseIterable, Sendable, Codable {
  /// `jacobian(of:at:mode: .forward)`: ⌈n/8⌉ passes carrying 8 tangents each.
  case forwardChunked
  /// `jacobian(of:at:mode: ForwardMode<1>())`: n passes of one tangent, classic dual numbers.
  case forwardUnchunked
  /// `jacobian(of:at:mode: .reverse)`: one recording on a tape, then ⌈m/8⌉ backward sweeps
  /// carrying 8 cotangents each.
  case reverse

  /// Tangents or cotangents carried per pass.
  public static let chunkSize = 8

  /// How the method is named in tables and legends.
  public var label: String {
    switch self {
    case .forwardChunked: return "forward, 8 tangents/pass"
    case .forwardUnchunked: return "forward, 1 tangent/pass"
    case .reverse: return "reverse, 8 cotangents/sweep"
    }
  }
}

/// What computing one Jacobian cost.
public struct JacobianMeasurement: Sendable, Codable, Equatable {
  /// n, the number of inputs.
  public var inputCount: Int
  /// m, the number of outputs.
  public var outputCount: Int
  /// How the Jacobian was computed.
  public var method: JacobianMethod
  /// Evaluations of the function: forward passes, or the one reverse recording.
  public var evaluations: Int
  /// Backward sweeps over the tape (reverse mode only).
  public var sweeps: Int
  /// Primitive operations processed with derivatives: for forward mode, evaluations ×
  /// operations per evaluation (each on all its lanes); for reverse mode, the operations
  /// of the one recording plus the tape entries visited by each sweep (fewer than the
  /// operations: one-operand operations fold into their operand's scale).
  public var operations: Int
  /// Median wall-clock time of one Jacobian, in seconds.
  public var seconds: Double
  /// Storage the method keeps: for forward mode the dual numbers of the inputs and
  /// outputs; for reverse mode the tape plus the adjoint buffer of the sweeps.
  public var bytes: Int

  /// Evaluations plus sweeps.
  public var passes: Int { evaluations + sweeps }
}

extension JacobianMethod {
  /// Computes the Jacobian of F: Rⁿ → Rᵐ from ``SineMixture`` by this method `runs`
  /// times (after one warm-up) and reports the median time and the work done.
  ///
  /// - Returns: the measurement and the Jacobian, so callers can check it.
  public func measure(inputCount n: Int, outputCount m: Int, runs: Int) -> (JacobianMeasurement, [[Double]]) {
    require(runs >= 1, "JacobianMethod.measure: runs must be at least 1, got \(runs)")
    require(n >= 1, "JacobianMethod.measure: inputCount must be at least 1, got \(n)")
    require(m >= 1, "JacobianMethod.measure: outputCount must be at least 1, got \(m)")
    let f = SineMixture(outputCount: m)
    let x = SineMixture.samplePoint(inputCount: n)

    // Operations per evaluation: a tape of dual numbers records one entry per operation
    // (a scalar that carries its own derivative folds negations only; F has none).
    let counting = Tape<Dual<Double>>()
    withExtendedLifetime(f(x.map { counting.input(Dual(constant: $0)) })) {}
    let operationsPerEvaluation = counting.count - n
    // The reverse mode's tape and storage, from one recording.
    let tape = Tape<Double>()
    withExtendedLifetime(f(x.map { tape.input($0) })) {}
    let entries = tape.count
    let tapeBytes = tape.recordedBytes

    var evaluations = 0
    var jacobian: [[Double]] = []
    let compute: () -> Void
    switch self {
    case .forwardChunked:
      compute = {
        evaluations = 0
        jacobian = AutoDiff.jacobian(of: { evaluations += 1; return f($0) }, at: x, mode: .forward)
      }
    case .forwardUnchunked:
      compute = {
        evaluations = 0
        jacobian = AutoDiff.jacobian(of: { evaluations += 1; return f($0) }, at: x, mode: ForwardMode<1>())
      }
    case .reverse:
      compute = {
        evaluations = 0
        jacobian = AutoDiff.jacobian(of: { evaluations += 1; return f($0) }, at: x, mode: .reverse)
      }
    }
    compute()
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<runs {
      let elapsed = clock.measure(compute)
      times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    times.sort()
    let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2

    let k = Self.chunkSize
    let measurement: JacobianMeasurement
    switch self {
    case .forwardChunked, .forwardUnchunked:
      let stride =
        self == .forwardChunked
        ? MemoryLayout<ChunkedDual<Double, 8>>.stride : MemoryLayout<ChunkedDual<Double, 1>>.stride
      measurement = JacobianMeasurement(
        inputCount: n, outputCount: m, method: self, evaluations: evaluations, sweeps: 0,
        operations: evaluations * operationsPerEvaluation, seconds: median, bytes: (n + m) * stride)
    case .reverse:
      // The library's reverse Jacobian sweeps once per chunk of 8 cotangents.
      let sweeps = (m + k - 1) / k
      let adjointBytes = entries * MemoryLayout<InlineArray<8, Double>>.stride
      measurement = JacobianMeasurement(
        inputCount: n, outputCount: m, method: self, evaluations: evaluations, sweeps: sweeps,
        operations: operationsPerEvaluation + entries * sweeps, seconds: median,
        bytes: tapeBytes + adjointBytes)
    }
    return (measurement, jacobian)
  }
}
