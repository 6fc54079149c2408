#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Anomaly detection for tensor functions, PyTorch's `detect_anomaly`: which operation
// first made a value or a derivative non-finite. Recording and the backward sweep each
// call one hook, `TensorAnomalyLog.current?…`; outside ``findNonFiniteOperation(of:at:)``
// no log is installed and the hook is one task-local read that finds nil.

/// The tensor operation where a value or a derivative first became ±∞ or NaN, as found
/// by ``findNonFiniteOperation(of:at:)``.
public struct TensorAnomaly<Scalar: TensorScalar>: CustomStringConvertible {
  /// What went non-finite at the operation.
  public enum Kind: Equatable, Sendable {
    /// The operation's value, computed from finite inputs.
    case value
    /// The cotangent the operation's pullback sent to its input number `input` (0 for
    /// the first operand), from a finite incoming cotangent.
    case derivative(input: Int)
  }

  /// The operation's name, as ``Tensor/gradientFunction`` gives it: `LogBackward`,
  /// `SquareRootBackward`, `MatmulBackward`, …
  public let operation: String
  /// Whether the value or a derivative went non-finite, and for which input.
  public let kind: Kind
  /// The shapes of the operation's inputs, in operand order (constants included).
  public let inputShapes: [[Int]]
  /// The shape of the operation's value.
  public let outputShape: [Int]
  /// The operation's place among the operations f performed on tensors that depend on x,
  /// in the order they ran: 0 for the first.
  public let position: Int
  /// The index of the first non-finite element: into the value for ``Kind/value``, into
  /// the input's cotangent (shaped like that input) for ``Kind/derivative(input:)``.
  public let elementIndex: [Int]
  /// That element: +∞, −∞ or NaN.
  public let element: Scalar

  /// One line naming the operation, its shapes and what went non-finite where:
  /// `LogBackward ([3] → [3]), operation 0 in recording order: value -inf at [1] from
  /// finite inputs`.
  public var description: String {
    let shapes = inputShapes.map { "\($0)" }.joined(separator: ", ") + " → \(outputShape)"
    let at = elementIndex.isEmpty ? "" : " at \(TensorShape.subscripted(elementIndex))"
    let what: String
    switch kind {
    case .value: what = "value \(element)\(at) from finite inputs"
    case .derivative(let input):
      what = "derivative \(element)\(at) for input \(input), from a finite incoming cotangent"
    }
    return "\(operation) (\(shapes)), operation \(position) in recording order: \(what)"
  }

  init(_ finding: TensorAnomalyLog.Finding) {
    operation = finding.operation.name
    inputShapes = finding.operation.inputShapes
    outputShape = finding.operation.outputShape
    position = finding.operation.position
    kind = finding.input.map { .derivative(input: $0) } ?? .value
    elementIndex = finding.elementIndex
    element = Scalar(finding.element)
  }
}

/// Finds the tensor operation that first makes f's value or its derivative non-finite,
/// like PyTorch's `torch.autograd.detect_anomaly`; nil when every value and every
/// derivative is finite.
///
/// Records f at x and, if every value is finite, runs one backward sweep with a cotangent
/// of ones (the gradient of `f(x).sum()`). The answer is the first operation in recording
/// order whose value has a non-finite element although its inputs are all finite; failing
/// that, the first operation in sweep order (the reverse) whose pullback sends a
/// non-finite cotangent to an input although the cotangent it received is finite. An
/// infinite local derivative that meets a zero cotangent gives 0 under the NaN-safe chain
/// rule (the default `NaNSafe` trait) and is not reported.
///
/// ```swift
/// findNonFiniteOperation(of: { x in (x * Tensor.log(x)).sum() }, at: Tensor([0.5, 0, 2]))
/// // LogBackward ([3] → [3]), operation 0 in recording order: value -inf at [1] from finite inputs
/// findNonFiniteOperation(of: { Tensor.sqrt($0).sum() }, at: Tensor([4.0, 0, 1]))
/// // SquareRootBackward ([3] → [3]), operation 0 in recording order: derivative inf at [1]
/// // for input 0, from a finite incoming cotangent
/// ```
///
/// Only operations on tensors that depend on x are seen: an operation on constants alone
/// is not recorded, and a non-finite constant shows up in the first recorded operation
/// that uses it (whose inputs are then not all finite, so it is not reported).
///
/// - Precondition: not called inside another tensor transform's function.
/// - Complexity: one recording and at most one backward sweep, plus a scan of every
///   recorded value and every cotangent.
public func findNonFiniteOperation<Scalar: TensorScalar>(
  of f: (Tensor<Scalar>) throws -> Tensor<Scalar>, at x: Tensor<Scalar>
) rethrows -> TensorAnomaly<Scalar>? {
  let log = TensorAnomalyLog()
  return try TensorAnomalyLog.$current.withValue(log) {
    let (value, pullback) = try recordedPullback(of: { try f($0[0]) }, at: [x], in: "findNonFiniteOperation(of:at:)")
    if log.finding == nil { _ = pullback(.ones(value.shape)) }
    return log.finding.map(TensorAnomaly.init)
  }
}

/// What ``findNonFiniteOperation(of:at:)`` learns while f is recorded and swept: every
/// recorded operation's name and shapes, and the first anomaly.
///
/// A task-local value, installed only for the duration of one search, so tasks never see
/// each other's logs and nothing is global. `@unchecked Sendable` because the compiler
/// cannot see the lock: `operations`, `count` and `found` are read and written only inside
/// `locked` (a ``PthreadLock``; an unstructured
/// `Task` started inside f inherits the log and may record concurrently).
final class TensorAnomalyLog: @unchecked Sendable {
  /// The log of the search running in this task, if any.
  @TaskLocal static var current: TensorAnomalyLog?

  struct Operation {
    var name: String
    var inputShapes: [[Int]]
    var outputShape: [Int]
    var position: Int
  }

  struct Finding {
    var operation: Operation
    /// The input whose cotangent went non-finite; nil for the value.
    var input: Int?
    var elementIndex: [Int]
    /// Float and Double both convert to Double exactly, ±∞ and NaN included.
    var element: Double
  }

  private let lock = PthreadLock()
  /// The recorded operations, by their node.
  private var operations: [ObjectIdentifier: Operation] = [:]
  private var count = 0
  private var found: Finding?

  private func locked<R>(_ body: () -> R) -> R {
    lock.withLock(body)
  }

  /// The first anomaly seen so far.
  var finding: Finding? { locked { found } }

  /// The hook in `Tensor.record`: `output` was just recorded, with its node, from `inputs`.
  func recorded<Scalar: TensorScalar>(
    _ operation: String, _ inputs: [Tensor<Scalar>], _ output: Tensor<Scalar>
  ) {
    guard let node = output.node else { return }
    let nonFinite = output.scalars.firstIndex { !$0.isFinite }
    let inputsFinite = nonFinite != nil && inputs.allSatisfy { $0.scalars.allSatisfy({ $0.isFinite }) }
    locked {
      let entry = Operation(
        name: operation, inputShapes: inputs.map { $0.shape }, outputShape: output.shape, position: count)
      count += 1
      // A node freed while f runs may leave its address to a later one: the later wins.
      operations[ObjectIdentifier(node)] = entry
      if found == nil, inputsFinite, let nonFinite {
        found = Finding(
          operation: entry, input: nil,
          elementIndex: TensorShape.position(ofElement: nonFinite, in: output.shape),
          element: Double(output.scalars[nonFinite]))
      }
    }
  }

  /// The hook in `Tensor.sweep`: `node`'s pullback mapped `incoming` to `outgoing`.
  func swept<Scalar: TensorScalar>(
    _ node: TensorNode<Scalar>, _ incoming: Tensor<Scalar>, _ outgoing: [Tensor<Scalar>?]
  ) {
    guard incoming.scalars.allSatisfy({ $0.isFinite }) else { return }
    for (input, cotangent) in outgoing.enumerated() {
      guard let cotangent, let nonFinite = cotangent.scalars.firstIndex(where: { !$0.isFinite })
      else { continue }
      locked {
        // An operation recorded before the search (in the history of a tensor f captured)
        // is not one of f's operations at x.
        guard found == nil, let operation = operations[ObjectIdentifier(node)] else { return }
        found = Finding(
          operation: operation, input: input,
          elementIndex: TensorShape.position(ofElement: nonFinite, in: cotangent.shape),
          element: Double(cotangent.scalars[nonFinite]))
      }
      return
    }
  }
}
