/// The recorded linearisation of a function at a point: apply it to cotangents u to get
/// vector–Jacobian products uᵀ·J, as many times as you like.
///
/// Made by ``valueWithPullback(of:at:)->([T],_)``; it keeps the function's tape alive, and each
/// call is one backward sweep (or one per chunk of 8 cotangents).
public struct Pullback<T: Differentiable> {
  @usableFromInline let tape: Tape<T>
  @usableFromInline let inputCount: Int
  @usableFromInline let outputs: [(index: Int, scale: T)?]

  @inlinable
  init(tape: Tape<T>, inputCount: Int, outputs: [(index: Int, scale: T)?]) {
    self.tape = tape
    self.inputCount = inputCount
    self.outputs = outputs
  }

  /// The number of outputs m, the length a cotangent must have.
  public var outputCount: Int { outputs.count }

  /// uᵀ·J for one cotangent u (one backward sweep).
  ///
  /// - Precondition: `cotangent.count` equals the number of outputs.
  @inlinable
  public func callAsFunction(_ cotangent: [T]) -> [T] {
    sweep(lanes: Lanes<1>(), [cotangent][...])[0]
  }

  /// uᵢᵀ·J for several cotangents, eight per backward sweep (vector reverse mode).
  @inlinable
  public func callAsFunction(cotangents: [[T]]) -> [[T]] {
    var results: [[T]] = []
    results.reserveCapacity(cotangents.count)
    var start = 0
    while start < cotangents.count {
      let end = Swift.min(start + 8, cotangents.count)
      // A sweep costs about the same per entry whatever its width, so the last few
      // cotangents take a narrower one.
      switch end - start {
      case 1: results += sweep(lanes: Lanes<1>(), cotangents[start..<end])
      case 2: results += sweep(lanes: Lanes<2>(), cotangents[start..<end])
      case 3...4: results += sweep(lanes: Lanes<4>(), cotangents[start..<end])
      default: results += sweep(lanes: Lanes<8>(), cotangents[start..<end])
      }
      start = end
    }
    return results
  }

  @inlinable
  func sweep<let k: Int>(lanes: Lanes<k>, _ cotangents: ArraySlice<[T]>) -> [[T]] {
    for u in cotangents {
      require(
        u.count == outputs.count,
        "vjp: the cotangent has \(u.count) elements but the function has \(outputs.count) outputs")
    }
    return tape.withAdjoints { (adjoint: UnsafeMutablePointer<InlineArray<k, T>>) in
      tape.sweep(
        adjoint,
        seededBy: { adjoint in
          for (lane, u) in cotangents.enumerated() {
            for (j, output) in outputs.enumerated() {
              if let output { adjoint[output.index][lane] += chainProduct(output.scale, u[j]) }
            }
          }
        }, readingFirst: inputCount)
      return (0..<cotangents.count).map { lane in
        (0..<inputCount).map { adjoint[$0][lane] }
      }
    }
  }
}

/// f(x) and the pullback u ↦ uᵀ·J of f: Rⁿ → Rᵐ at x, by reverse mode.
///
/// The function is recorded once; the pullback can then be applied to any number of
/// cotangents, each application one backward sweep over the tape.
///
/// - Complexity: one evaluation of `f` on ``Tracked`` values; O(operations) tape memory,
///   freed when the pullback is.
@inlinable
public func valueWithPullback<T: Differentiable>(
  of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T]
) rethrows -> (value: [T], pullback: Pullback<T>) {
  let tape = Tape<T>()
  let y = try tape.record(x, f)
  tape.end()
  let outputs = y.map { tape.entry(of: $0, in: "valueWithPullback") }
  return (y.map { $0.value }, Pullback(tape: tape, inputCount: x.count, outputs: outputs))
}

/// f(x) and the vector–Jacobian product uᵀ·J of f: Rⁿ → Rᵐ, by reverse mode.
///
/// ```swift
/// func f<T: Differentiable>(_ x: [T]) -> [T] { [x[0] * x[1], .sin(x[0])] }
/// vjp(of: f, at: [1.0, 2.0], cotangent: [1, 0])  // (value: [2, 0.84…], vjp: [2, 1])
/// ```
///
/// - Precondition: `u.count` equals the number of outputs of `f`.
/// - Complexity: one evaluation of `f` on ``Tracked`` values and one backward sweep.
@inlinable
public func vjp<T: Differentiable>(
  of f: ([Tracked<T>]) throws -> [Tracked<T>], at x: [T], cotangent u: [T]
) rethrows -> (value: [T], vjp: [T]) {
  let (value, pullback) = try valueWithPullback(of: f, at: x)
  return (value, pullback(u))
}
