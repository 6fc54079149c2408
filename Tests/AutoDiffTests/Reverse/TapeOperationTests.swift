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
    let tape = Tape<Double>()
    let x = tape.input(0.5)
    _ = Tracked.sin(x)
    _ = x * 3
    _ = x * x
    _ = Tracked.pow(x, 3)
    #expect(tape.operations.map(\.name) == ["input", "sin", "multiply", "multiply", "pow(·, n)"])
    #expect(tape.operations.dropFirst().allSatisfy { $0.operandCount == 1 })
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
