// The one "seed, sweep, read" path of the single-output reverse transforms: the free and
// the kept-tape gradients, the gradient of a hand-recorded tape, the forward-over-reverse
// Hessian, the adjoints for display and the non-finite finder differ only in the buffer
// they sweep in and the adjoints they read, which ``AdjointSweep`` names. The recording
// before it is `record(_:_:)` (Tape+Recording.swift), or `reusedInputs` on a kept tape.
// The kept tape's scalar `valueWithDerivative` writes the same steps out (see there).
// Pullbacks seed several outputs over k lanes and call the sweep below this directly.
// Every path here compiles to no more instructions than the copies it replaced
// (Benchmarks/count-instructions.sh workloads tiny, tinytape, w2, w2tape, w5, w5gradient).

/// Which adjoints a single-output sweep's caller reads, and in which buffer it sweeps.
@usableFromInline
enum AdjointSweep {
  /// A fresh zeroed buffer; these entries' adjoints are read.
  case reading([Int])
  /// A fresh zeroed buffer swept NaN-safely: every adjoint is read (display, diagnosis).
  case readingAll
  /// The tape's kept buffer: adjoints from entry n on are left zero by the sweep, the
  /// first n (the inputs) are read and then zeroed, so the buffer is all zero for the next
  /// call, of this tape or of the next tape on its storage. The plain sweep is checked on
  /// the n read only.
  case keptReadingFirst(Int)
}

extension Tape {
  /// Seeds the adjoint of `y` with its scale, sweeps as `kind` says and returns what
  /// `read` makes of the adjoints; nil when `y` is a constant (on no tape), whose
  /// derivatives are all zero.
  @inlinable @inline(__always)
  func sweep<R>(
    from y: Tracked<T>, in operation: String, _ kind: AdjointSweep,
    read: (UnsafeMutablePointer<InlineArray<1, T>>) -> R
  ) -> R? {
    guard let output = entry(of: y, in: operation) else { return nil }
    let seed = { (adjoint: UnsafeMutablePointer<InlineArray<1, T>>) in
      adjoint[output.index][0] = output.scale
    }
    // One `withAdjoints` per case rather than a switch inside one: `kind` is a constant
    // at every call site, so each keeps only its own branch, with nothing to test inside
    // the buffer's closure.
    switch kind {
    case .keptReadingFirst(let n):
      let adjoint = reusableAdjointBuffer()
      sweep(adjoint, seededBy: seed, readingFirst: n, clearingFrom: n)
      let result = read(adjoint)
      adjoint.update(repeating: InlineArray(repeating: 0), count: n)
      return result
    case .reading(let entries):
      return withAdjoints { (adjoint: UnsafeMutablePointer<InlineArray<1, T>>) in
        sweep(adjoint, seededBy: seed, reading: entries)
        return read(adjoint)
      }
    case .readingAll:
      return withAdjoints { (adjoint: UnsafeMutablePointer<InlineArray<1, T>>) in
        seed(adjoint)
        sweep(adjoint)
        return read(adjoint)
      }
    }
  }
}
