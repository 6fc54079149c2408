import AutoDiff
import RealModule
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Resident memory of this process in bytes, from /proc/self/statm.
func residentBytes() -> Int {
  guard let file = fopen("/proc/self/statm", "r") else { return 0 }
  defer { fclose(file) }
  var size = 0
  var resident = 0
  guard withUnsafeMutablePointer(to: &size, { s in
    withUnsafeMutablePointer(to: &resident) { r in
      withVaList([s, r]) { vfscanf(file, "%ld %ld", $0) }
    }
  }) == 2 else { return 0 }
  return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

@Suite("Tape memory: released after each computation, proportional to operations", .serialized)
struct MemoryTests {
  static func f<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in x.indices { s += T.sin(x[i]) * x[(i + 1) % x.count] }
    return s
  }

  @Test("100,000 gradient computations keep resident memory flat")
  func flatOverManyComputations() {
    let x = (0..<50).map { 0.1 * Double($0) }
    for _ in 0..<5_000 { _ = gradient(of: Self.f, at: x) }
    let before = residentBytes()
    var checksum = 0.0
    for _ in 0..<100_000 { checksum += gradient(of: Self.f, at: x)[0] }
    let after = residentBytes()
    #expect(checksum.isFinite)
    #expect(before > 0)
    // Each computation allocates a tape of at least 1 KiB; leaking it, or even 340 bytes a
    // call, would add more than 32 MiB over 100,000 calls. Resident memory is the whole
    // process's, and other suites run alongside, so smaller growth is allocator noise.
    #expect(after - before < 32 << 20, "resident memory grew from \(before >> 10) KiB to \(after >> 10) KiB")
  }

  /// Recorded operations for the long computation: 4·10⁶ by default; set
  /// AUTODIFF_LONG_TAPE_OPERATIONS (e.g. 100000000) to run it at 10⁸.
  static var longTapeOperations: Int {
    getenv("AUTODIFF_LONG_TAPE_OPERATIONS").flatMap { Int(String(cString: $0)) } ?? 4_000_000
  }

  @Test("A long computation: tape bytes per operation stay ≤ 16 and it is freed afterwards")
  func longComputation() {
    let operations = Self.longTapeOperations
    // Four operations a step, two of them on two tracked values (so recorded): the tape
    // grows with the computation even though one-operand operations fold.
    func chain<T: DerivativeCarrying>(_ start: T, _ weight: T) -> T where T.Primal == Double {
      var v = start
      for i in 0..<operations / 4 {
        let sign: Double = i.isMultiple(of: 2) ? 1e-6 : -1e-6
        v = v.scaled(by: 0.999_999) + (T.sin(v) * weight).scaled(by: sign)
      }
      return v
    }
    let tape = Tape<Double>()
    let x = tape.input(0.5)
    let w = tape.input(0.75)
    let y = chain(x, w)
    #expect(tape.count == 2 + operations / 4 * 2)
    #expect(Double(tape.recordedBytes) / Double(operations) <= 16)
    let reverse = tape.gradient(of: y, withRespectTo: [x])[0]
    let forward = chain(Dual(0.5, derivative: 1), Dual(constant: 0.75)).derivative
    // The derivative is a product of one factor per step, each rounded in both modes: the
    // modes can differ by up to about 2·(operations)·ε relative.
    let bound = 2 * Double(operations) * Double.ulpOfOne * forward.magnitude
    #expect((reverse - forward).magnitude <= bound, "reverse \(reverse), forward \(forward)")
  }
}
