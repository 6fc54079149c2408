// Recording a function on a fresh tape: the first step of every reverse-mode transform.
extension Tape {
  /// Records `f` at `x` on this tape: inputs become entries 0..<x.count.
  @inlinable
  func record<Output>(_ x: [T], _ f: ([Tracked<T>]) throws -> Output) rethrows -> Output {
    let inputs = x.map { input($0) }
    return try f(inputs)
  }

  /// The entry of an output of the recorded function, or nil for a constant output.
  @inlinable
  func entry(of output: Tracked<T>, in operation: String) -> UInt32? {
    guard let outputTape = output.tape else { return nil }
    precondition(
      outputTape === self && output.identity == identity,
      "\(operation): the function returned a tracked value of another computation")
    return output.index
  }
}
