@testable import AutoDiff
import RealModule
import Testing

/// A tracked value that outlives its computation, on every path an operation can take:
/// one tracked operand, a tracked operand and a constant, two operands of one dead tape,
/// a value entering a new computation, a value from before a reset, a new input on an
/// ended tape, and the kept tape's repeated gradients. Each stops with a message naming
/// the misuse, in debug and release builds, and reads no freed memory (CI runs this suite
/// under AddressSanitizer, which reports any read of a freed tape).
@Suite("A tracked value outliving its tape is refused, never read from freed memory")
struct TapeLifetimeTests {
  /// The words every refusal of a dead value carries.
  static let ended = "Tracked value used after its computation has ended"

  /// The child stopped with `message`, and AddressSanitizer (when the suite runs under it,
  /// as in CI) reported nothing: a read of a freed tape would print its report and exit
  /// before the message.
  static func expectRefusal(_ result: ExitTest.Result?, _ message: String) {
    let output = standardError(of: result)
    #expect(output.contains(message))
    #expect(!output.contains("AddressSanitizer"))
  }

  /// Runs `gradient(of:at:)` on f(x) = x₀·x₁ + sin x₀ and returns values that escaped it:
  /// an input, a two-operand result and a folded one-operand result, all of that (now
  /// freed) tape.
  static func escapedValues() -> [Tracked<Double>] {
    var escaped: [Tracked<Double>] = []
    _ = gradient(
      of: { (x: [Tracked<Double>]) -> Tracked<Double> in
        let product = x[0] * x[1]
        let sine = Tracked.sin(x[0])
        escaped = [x[0], product, sine]
        return product + sine
      }, at: [2.0, 3.0])
    return escaped
  }

  @Test("One dead operand: sin(v) after gradient(of:at:) returned")
  func unaryOnDeadValue() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tracked.sin(TapeLifetimeTests.escapedValues()[1])
    }
    Self.expectRefusal(result, "\(Self.ended) (in sin)")
  }

  @Test("A dead operand and a constant: v * 2, 2 - v, v + 2")
  func deadValueWithConstant() async {
    let times = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = TapeLifetimeTests.escapedValues()[2] * 2
    }
    Self.expectRefusal(times, "\(Self.ended) (in multiply)")
    let minus = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = 2 - TapeLifetimeTests.escapedValues()[0]
    }
    Self.expectRefusal(minus, "\(Self.ended) (in subtract)")
    let plus = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = TapeLifetimeTests.escapedValues()[1] + 2
    }
    Self.expectRefusal(plus, "\(Self.ended) (in add)")
  }

  @Test("Two operands of one dead tape: a * b")
  func twoDeadOperands() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let values = TapeLifetimeTests.escapedValues()
      _ = values[0] * values[1]
    }
    Self.expectRefusal(result, "\(Self.ended) (in multiply)")
  }

  @Test("A dead value inside a new gradient, whose tape reuses the dead one's storage")
  func deadValueInNewComputation() async {
    let mixed = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let dead = TapeLifetimeTests.escapedValues()[0]
      _ = gradient(of: { (x: [Tracked<Double>]) in x[0] * dead }, at: [1.0])
    }
    Self.expectRefusal(mixed, "two different computations were mixed (in multiply)")
    let alone = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let dead = TapeLifetimeTests.escapedValues()[1]
      _ = gradient(of: { (x: [Tracked<Double>]) in x[0] + .exp(dead) }, at: [1.0])
    }
    Self.expectRefusal(alone, "\(Self.ended) (in exp)")
  }

  @Test("The next tape does take the dead tape's storage, so the cases above test reuse")
  func storageIsReused() async {
    // In a child process, where no other test makes tapes in between.
    await #expect(processExitsWith: .success) {
      var escaped: Tracked<Double>?
      _ = gradient(of: { (x: [Tracked<Double>]) in escaped = x[0]; return x[0] * x[0] }, at: [1.0])
      let tape = Tape<Double>()
      if tape.storage != escaped!.tape { fatalError("the storage was not reused") }
      if tape.storage.pointee.identity != escaped!.identity + 1 { fatalError("identity") }
    }
  }

  @Test("A tape freed while its values live on")
  func freedTape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var kept: Tracked<Double>?
      do {
        let tape = Tape<Double>()
        kept = tape.input(2) * tape.input(3)
      }
      _ = Tracked.log(kept!)
    }
    Self.expectRefusal(result, "\(Self.ended) (in log)")
  }

  @Test("A value recorded before reset()")
  func valueFromBeforeReset() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      let x = tape.input(2)
      tape.reset()
      let y = tape.input(3)
      _ = x * y
    }
    Self.expectRefusal(result, "two different computations were mixed (in multiply)")
    let unary = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      let x = tape.input(2)
      tape.reset()
      _ = x * 3
    }
    Self.expectRefusal(unary, "\(Self.ended) (in multiply)")
  }

  @Test("input(_:) on an ended tape")
  func inputOnEndedTape() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      _ = tape.input(1)
      tape.end()
      _ = tape.input(2)
    }
    Self.expectRefusal(result, "Tape.input: the tape's computation has ended")
  }

  @Test("A kept tape: a value of one gradient used in the next")
  func keptTapeAcrossCalls() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      var previous: Tracked<Double>?
      for point in [1.0, 2.0] {
        _ = tape.gradient(
          of: { (x: [Tracked<Double>]) -> Tracked<Double> in
            let y = previous.map { x[0] * $0 } ?? x[0] * x[0]
            previous = y
            return y
          }, at: [point])
      }
    }
    Self.expectRefusal(result, "two different computations were mixed (in multiply)")
    let derivative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      var previous: Tracked<Double>?
      for point in [1.0, 2.0] {
        _ = tape.derivative(
          of: { (x: Tracked<Double>) -> Tracked<Double> in
            if let previous { return .sqrt(previous) }
            previous = .cos(x)
            return previous!
          }, at: point)
      }
    }
    Self.expectRefusal(derivative, "\(Self.ended) (in squareRoot)")
  }

  @Test("A kept tape after four billion computations moves to a new storage")
  func generationsRunOut() async {
    let tape = Tape<Double>()
    tape.storage.pointee.recordedIdentity = UInt32.max - 1
    tape.reset()  // the last identity this storage has
    let old = tape.storage
    #expect(old.pointee.identity == UInt32.max)
    let x = tape.input(2)
    tape.reset()  // retires the storage
    #expect(tape.storage != old)
    #expect(old.pointee.identity == 0)
    #expect(tape.gradient(of: { $0[0] * $0[0] }, at: [3.0]) == [6])
    // The retired storage is never handed out again, so no tape can take identity 1 on it.
    let others = (0..<8).map { _ in Tape<Double>() }
    #expect(others.allSatisfy { $0.storage != old })
    withExtendedLifetime(others) {}
    #expect(x.identity == UInt32.max)
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      tape.storage.pointee.recordedIdentity = UInt32.max - 1
      tape.reset()
      let x = tape.input(2)
      tape.reset()
      _ = x * 2
    }
    Self.expectRefusal(result, "\(Self.ended) (in multiply)")
  }
}
