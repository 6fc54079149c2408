import AutoDiff
import Testing

@Suite("Tape entries")
struct TapeOperationTests {
  @Test("The primitives fit the one-byte tag: 32 unary codes, 24 binary codes")
  func codesFit() {
    #expect(UnaryPrimitive.allCases.count <= 32)
    #expect(BinaryPrimitive.allCases.count <= 24)
    #expect(UnaryPrimitive.allCases.map(\.rawValue) == Array(0..<UInt8(UnaryPrimitive.allCases.count)))
  }

  @Test("The sweep tells a linear add from a linear subtract by the code's low bit")
  func linearCodesDifferInTheLowBit() {
    let tape = Tape<Double>()
    let (x, y) = (tape.input(2), tape.input(3))
    _ = (x + y, x - y)
    let linear = tape.entries.suffix(2).map(\.operation)
    #expect(linear.map(\.name) == ["add", "subtract"])
    #expect(linear.map { $0.rawValue & 1 } == [0, 1])
    #expect(linear.map { $0.rawValue >> 6 } == [3, 3])
  }

  @Test("The tape of d = a·(a + b) is input, input, add, multiply")
  func wengertList() {
    let tape = Tape<Double>()
    let a = tape.input(2)
    let b = tape.input(3)
    let d = a * (a + b)
    #expect(tape.operations.map(\.name) == ["input", "input", "add", "multiply"])
    #expect(tape.operations.map(\.operandCount) == [0, 0, 2, 2])
    #expect(tape.gradient(of: d, withRespectTo: [a, b]) == [7, 2])
    // 1 + 1 + 9 + 25 bytes over four entries.
    #expect(tape.bytesPerEntry == 9)
  }

  @Test("Every unary primitive and constant operand records a one-operand entry with its name")
  func unaryNames() {
    // Dual scalars carry derivatives of their own, so nothing folds: one entry per operation.
    let tape = Tape<Dual<Double>>()
    let x = tape.input(Dual(0.5, derivative: 1))
    _ = Tracked.sin(x)
    _ = x * 3
    _ = x * x
    _ = Tracked.pow(x, 3)
    #expect(tape.operations.map(\.name) == ["input", "sin", "multiply", "multiply", "pow(·, n)"])
    #expect(tape.operations.dropFirst().allSatisfy { $0.operandCount == 1 })
  }

  @Test("On plain numbers one-operand operations fold into the value's scale: nothing is recorded")
  func folding() {
    let tape = Tape<Double>()
    let x = tape.input(0.5)
    let y = Tracked.pow(3 * Tracked.sin(x * x), 3)
    #expect(tape.count == 1)
    #expect(y.entryIndex == 0)
    let s = Double.sin(0.25)
    let expected = 3 * (3 * s) * (3 * s) * 3 * Double.cos(0.25) * 2 * 0.5
    #expect((y.derivativeWithRespectToEntry - expected).magnitude <= 4 * expected.ulp)
    #expect(tape.gradient(of: y, withRespectTo: [x]) == [y.derivativeWithRespectToEntry])
    // Two tracked operands make one entry, whose partials include the folded scales.
    let w = tape.input(2)
    let z = y * w
    #expect(tape.operations.map(\.name) == ["input", "input", "multiply"])
    #expect(tape.entries[2].partials == [y.derivativeWithRespectToEntry * 2, y.value])
    #expect(z.derivativeWithRespectToEntry == 1)
  }

  @Test("A partial outside the normal range is recorded, after the chain it meets")
  func foldingStopsAtNonNormalPartials() {
    let tape = Tape<Double>()
    let x = tape.input(0)
    let y = Tracked.sqrt(2 * x)  // ∂ = ∞ at 0: recorded, after the chain "2·x"
    #expect(tape.operations.map(\.name) == ["input", "folded chain", "squareRoot"])
    #expect(tape.entries[1].partials == [2])
    #expect(tape.entries[2].partials == [.infinity])
    #expect(y.derivativeWithRespectToEntry == 1)
    // A scale that would underflow to 0 is recorded instead: the sweep multiplies it by
    // the cotangent first (10³⁰⁰ here), and the gradient stays exact.
    let small = tape.input(3)
    let w = tape.input(1e300)
    let p = small.scaled(by: 1e-200).scaled(by: 1e-200)
    #expect(p.derivativeWithRespectToEntry == 1)
    #expect(tape.operations.suffix(2).map(\.name) == ["folded chain", "multiply"])
    #expect(tape.gradient(of: p * w, withRespectTo: [small]) == [1e300 * 1e-200 * 1e-200])
  }

  @Test("gradient(of:withRespectTo:) refuses a folded value, naming its position")
  func foldedValueAsInput() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let tape = Tape<Double>()
      let x = tape.input(2)
      let y = 3 * x
      _ = tape.gradient(of: y * y, withRespectTo: [x, y])
    }
    #expect(standardError(of: result).contains("value 1 is not a tape entry but a folded multiple of one"))
  }

  @Test("reset() reuses the storage and refuses nothing recorded after it")
  func reset() {
    let tape = Tape<Double>()
    for round in 0..<3 {
      let a = tape.input(Double(round))
      let b = tape.input(2)
      let y = a * b + .exp(a)
      #expect(tape.gradient(of: y, withRespectTo: [a, b]) == [2 + .exp(Double(round)), Double(round)])
      tape.reset()
      #expect(tape.count == 0)
    }
  }
}
