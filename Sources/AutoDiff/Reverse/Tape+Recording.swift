// Recording a function on a fresh tape: the first step of every reverse-mode transform.
extension Tape {
  /// Records `f` at `x` on this tape: inputs become entries 0..<x.count.
  @inlinable
  func record<Output>(_ x: [T], _ f: ([Tracked<T>]) throws -> Output) rethrows -> Output {
    let inputs = x.map { input($0) }
    return try f(inputs)
  }

  /// ∂output/∂vᵢ for the entries `inputs` (the first n entries are the inputs of
  /// ``record(_:_:)``), by one backward sweep.
  @inlinable
  func gradient(of output: Tracked<T>, withRespectTo inputs: [Int]) -> [T] {
    guard let outputEntry = entry(of: output, in: "gradient") else {
      return [T](repeating: 0, count: inputs.count)
    }
    return withAdjoints { (adjoint: UnsafeMutablePointer<InlineArray<1, T>>) in
      adjoint[Int(outputEntry)][0] = 1
      sweep(adjoint)
      return inputs.map { adjoint[$0][0] }
    }
  }

  /// ∂output/∂input for each of `inputs`, by one backward sweep over this tape.
  ///
  /// The PyTorch-style counterpart of ``gradient(of:at:)``: record by hand with
  /// ``input(_:)``, then ask for the gradient of any recorded value. The tape can be
  /// swept any number of times, also after ``end()``.
  @inlinable
  public func gradient(of output: Tracked<T>, withRespectTo inputs: [Tracked<T>]) -> [T] {
    guard let outputEntry = entry(of: output, in: "gradient") else {
      return [T](repeating: 0, count: inputs.count)
    }
    let inputEntries = inputs.map { entry(of: $0, in: "gradient") }
    return withAdjoints { (adjoint: UnsafeMutablePointer<InlineArray<1, T>>) in
      adjoint[Int(outputEntry)][0] = 1
      sweep(adjoint)
      return inputEntries.map { $0.map { adjoint[Int($0)][0] } ?? 0 }
    }
  }

  /// The entry of an output of the recorded function, or nil for a constant output.
  @inlinable
  func entry(of output: Tracked<T>, in operation: String) -> UInt32? {
    guard let outputTape = output.tape else { return nil }
    require(
      outputTape == storage && output.identity == storage.pointee.recordedIdentity,
      "\(operation): the function returned a tracked value of another computation")
    return output.index
  }
}
