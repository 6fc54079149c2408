import AutoDiff
import Testing

@Suite("Misuse of tracked values stops with a message")
struct MisuseTests {
  @Test("A tracked value used after its computation has ended")
  func usedAfterEnd() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      let x = tape.input(2)
      _ = x * x
      tape.end()
      _ = x * x
    }
    #expect(standardError(of: result).contains("used after its computation has ended (in multiply)"))
  }

  @Test("A tracked value kept from one gradient call and used in the next")
  func escapedIntoAnotherComputation() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var escaped: Tracked<Double>?
      _ = gradient(of: { (x: [Tracked<Double>]) -> Tracked<Double> in
        escaped = x[0]
        return x[0] * x[0]
      }, at: [1.0])
      _ = gradient(of: { (x: [Tracked<Double>]) in x[0] + escaped! }, at: [2.0])
    }
    let message = standardError(of: result)
    #expect(message.contains("two different computations were mixed (in add)"))
    #expect(message.contains("has ended"))
  }

  @Test("Values of two live computations mixed")
  func mixingTwoTapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let first = Tape<Double>()
      let second = Tape<Double>()
      _ = first.input(1) * second.input(2)
    }
    #expect(standardError(of: result).contains("two different computations were mixed (in multiply)"))
  }

  @Test("A function that returns another computation's value")
  func returnsForeignValue() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let other = Tape<Double>()
      let foreign = other.input(3)
      _ = gradient(of: { (_: [Tracked<Double>]) in foreign }, at: [1.0])
    }
    #expect(standardError(of: result).contains("gradient: the function returned a tracked value of another computation"))
  }

  @Test("A cotangent of the wrong length")
  func wrongCotangentLength() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = vjp(of: { (x: [Tracked<Double>]) in [x[0], x[0] * 2] }, at: [1.0], cotangent: [1])
    }
    #expect(standardError(of: result).contains("vjp: the cotangent has 1 elements but the function has 2 outputs"))
  }

  @Test("A tangent of the wrong length")
  func wrongTangentLength() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = jvp(of: { (x: [Dual<Double>]) in x }, at: [1.0, 2.0], along: [1])
    }
    #expect(standardError(of: result).contains("jvp: the tangent has 1 elements but the point has 2"))
  }
}
