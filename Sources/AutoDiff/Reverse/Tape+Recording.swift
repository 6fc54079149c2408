// Recording a function on a fresh tape: the first step of every reverse-mode transform.
extension Tape {
  /// Records `f` at `x` on this tape: inputs become entries 0..<x.count.
  @inlinable
  func record<Output>(_ x: [T], _ f: ([Tracked<T>]) throws -> Output) rethrows -> Output {
    return try f(inputs(x))
  }

  /// One input per element of `x`, recorded in one step: entries `count ..< count + n`.
  @inlinable
  func inputs(_ x: [T]) -> [Tracked<T>] {
    // Building the array through `unsafeUninitializedCapacity` looks up its generic
    // metadata at run time, about as costly as recording a small function; `map` does
    // not, but takes twice the instructions per input. So `map` for few inputs.
    if x.count >= 64 {
      return [Tracked<T>](unsafeUninitializedCapacity: x.count) { buffer, initialized in
        recordInputs(x, into: buffer.baseAddress!)
        initialized = x.count
      }
    }
    let s = storage
    let (first, identity) = beginInputs(x.count)
    var index = first
    return x.map { value in
      defer { index &+= 1 }
      return Tracked(value: value, index: index, identity: identity, tape: s)
    }
  }

  /// ``inputs(_:)`` into the array kept from the previous call, overwritten in place.
  @inlinable
  func reusedInputs(_ x: [T]) -> [Tracked<T>] {
    guard let kept = reusableInputs else {
      let box = UnsafeMutablePointer<[Tracked<T>]>.allocate(capacity: 1)
      box.initialize(to: inputs(x))
      reusableInputs = box
      return box.pointee
    }
    guard kept.pointee.count == x.count else {
      kept.pointee = inputs(x)
      return kept.pointee
    }
    kept.pointee.withUnsafeMutableBufferPointer { buffer in
      // Tracked is trivially copyable (Tape.init checks T), so overwriting needs no deinit.
      recordInputs(x, into: buffer.baseAddress!)
    }
    return kept.pointee
  }

  /// Records `n` inputs after checking the computation is live: the first one's index and
  /// the identity their tracked values carry.
  @inlinable
  func beginInputs(_ n: Int) -> (first: UInt32, identity: UInt32) {
    let s = storage
    if _slowPath(s.pointee.identity == 0) { s.pointee.refuse(0, operation: "input") }
    return (s.pointee.recordInputs(n), s.pointee.identity)
  }

  /// Records the inputs `x` and writes their tracked values to `destination`.
  @inlinable
  func recordInputs(_ x: [T], into destination: UnsafeMutablePointer<Tracked<T>>) {
    let s = storage
    let (first, identity) = beginInputs(x.count)
    x.withUnsafeBufferPointer { values in
      for i in values.indices {
        (destination + i).initialize(
          to: Tracked(
            value: values[i], index: first &+ UInt32(truncatingIfNeeded: i), identity: identity,
            tape: s))
      }
    }
  }

  /// ∂output/∂input for each of `inputs`, by one backward sweep over this tape.
  ///
  /// The PyTorch-style counterpart of ``gradient(of:at:)``: record by hand with
  /// ``input(_:)``, then ask for the gradient of any recorded value. The tape can be
  /// swept any number of times, also after ``end()``.
  @inlinable
  public func gradient(of output: Tracked<T>, withRespectTo inputs: [Tracked<T>]) -> [T] {
    // The output is checked before the inputs (a constant output needs none of them).
    guard entry(of: output, in: "gradient") != nil else {
      return [T](repeating: 0, count: inputs.count)
    }
    let inputEntries = inputs.enumerated().map { position, input in
      entry(of: input, in: "gradient").map { entry in
        require(
          entry.scale == 1,
          "gradient(of:withRespectTo:): value \(position) is not a tape entry but a folded "
            + "multiple of one (\(entry.scale)·v\(entry.index)); differentiate with respect "
            + "to inputs or to results of operations on two tracked values")
        return entry.index
      }
    }
    return sweep(
      from: output, in: "gradient", .reading(inputEntries.compactMap { $0 }),
      read: { adjoint in inputEntries.map { $0.map { adjoint[$0][0] } ?? 0 } })
      ?? [T](repeating: 0, count: inputs.count)
  }

  /// The entry of an output of the recorded function, or nil for a constant output.
  @inlinable
  func entry(of output: Tracked<T>, in operation: String) -> (index: Int, scale: T)? {
    guard let outputTape = output.tape else { return nil }
    require(
      outputTape == storage && output.identity == storage.pointee.recordedIdentity,
      "\(operation): the function returned a tracked value of another computation")
    return (Int(output.index), output.scale)
  }
}
