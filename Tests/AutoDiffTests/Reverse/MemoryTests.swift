import AutoDiff
import Foundation
import RealModule
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Resident memory is a property of the whole process: measured in the test runner, it
// moves with whatever other suites allocate at the same time, so a bound on it is either
// loose enough to miss a leak or flaky. Each measurement here runs in an exit test's
// child process, where nothing else runs, and reports its numbers on standard error as
// `key=value` lines; the parent parses them and makes every check, so a failure shows
// the numbers. A read of /proc/self/statm that fails is reported, and fails the test.

/// Resident memory of this process in bytes, from /proc/self/statm; nil if unreadable.
func residentBytes() -> Int? {
  guard let file = fopen("/proc/self/statm", "r") else { return nil }
  defer { fclose(file) }
  var size = 0
  var resident = 0
  guard withUnsafeMutablePointer(to: &size, { s in
    withUnsafeMutablePointer(to: &resident) { r in
      withVaList([s, r]) { vfscanf(file, "%ld %ld", $0) }
    }
  }) == 2, resident > 0 else { return nil }
  return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Writes `key=value` on standard error (the child's report to the parent).
private func report(_ key: String, _ value: some CustomStringConvertible) {
  FileHandle.standardError.write(Data("\(key)=\(value)\n".utf8))
}

/// The `key=value` lines of a child's standard error.
private func reported(_ result: ExitTest.Result?) -> [String: String] {
  var values: [String: String] = [:]
  for line in standardError(of: result).split(separator: "\n") {
    let parts = line.split(separator: "=", maxSplits: 1)
    if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
  }
  return values
}

@Suite("Tape memory: released after each computation, proportional to operations")
struct MemoryTests {
  static func f<T: Differentiable>(_ x: [T]) -> T {
    var s: T = 0
    for i in x.indices { s += T.sin(x[i]) * x[(i + 1) % x.count] }
    return s
  }

  @Test("/proc/self/statm is readable here, so the measurements below mean something")
  func residentMemoryReadable() throws {
    let bytes = try #require(residentBytes(), "cannot read /proc/self/statm")
    // A Swift test runner is resident in at least 1 MiB and (here) far below 1 TiB.
    #expect(bytes > 1 << 20 && bytes < 1 << 40, "\(bytes) bytes")
  }

  @Test("100,000 gradient computations keep resident memory flat (in a child process)")
  func flatOverManyComputations() async throws {
    let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
      let x = (0..<50).map { 0.1 * Double($0) }
      // Warm-up: the allocator's arenas and the tape pool reach their steady size.
      for _ in 0..<5_000 { _ = gradient(of: MemoryTests.f, at: x) }
      report("before", residentBytes().map(String.init) ?? "unreadable")
      var checksum = 0.0
      for _ in 0..<100_000 { checksum += gradient(of: MemoryTests.f, at: x)[0] }
      report("after", residentBytes().map(String.init) ?? "unreadable")
      report("checksum", checksum)
    }
    let values = reported(result)
    let before = try #require(values["before"].flatMap { Int($0) }, "\(values)")
    let after = try #require(values["after"].flatMap { Int($0) }, "\(values)")
    // ∂f/∂x₀ = cos(x₀)·x₁ + sin(x₄₉)·1 at x₀ = 0, x₁ = 0.1, x₄₉ = 4.9, 100,000 times:
    // an independent closed form for the sum, so the loop did the work it claims.
    let expected = 100_000 * (0.1 + Double.sin(4.9))
    let checksum = try #require(values["checksum"].flatMap { Double($0) }, "\(values)")
    // 100,000 additions round by at most 100,000·ε ≈ 1e-11 relative; 1e-9 bounds that.
    #expect(abs(checksum - expected) <= 1e-9 * abs(expected), "checksum \(checksum), expected \(expected)")
    // Each computation allocates a tape of at least 1 KiB; leaking it, or even 84 bytes
    // a call, would add 8 MiB over 100,000 calls. Alone in its process, after the
    // warm-up, nothing else grows: the allowance is for the allocator's rounding.
    #expect(after - before < 8 << 20, "resident memory grew from \(before >> 10) KiB to \(after >> 10) KiB")
  }

  /// Recorded operations for the long computation: 4·10⁶ by default; set
  /// AUTODIFF_LONG_TAPE_OPERATIONS (e.g. 100000000) to run it at 10⁸.
  static var longTapeOperations: Int {
    getenv("AUTODIFF_LONG_TAPE_OPERATIONS").flatMap { Int(String(cString: $0)) } ?? 4_000_000
  }

  /// Four operations a step, two of them on two tracked values (so recorded): the tape
  /// grows with the computation even though one-operand operations fold.
  static func chain<T: DerivativeCarrying>(_ start: T, _ weight: T, operations: Int) -> T where T.Primal == Double {
    var v = start
    for i in 0..<operations / 4 {
      let sign: Double = i.isMultiple(of: 2) ? 1e-6 : -1e-6
      v = v.scaled(by: 0.999_999) + (T.sin(v) * weight).scaled(by: sign)
    }
    return v
  }

  @Test("A tape of 32 MiB and more leaves its block to the next tape, which records into it (in a child process)")
  func largeBlockKept() async throws {
    let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
      // One tape at a time in this process, so each new tape takes the storage (and its
      // kept block) that the last one gave back.
      func gradientOnce(_ round: Int) {
        let tape = Tape<Double>()
        let x = tape.input(0.5)
        let w = tape.input(0.75)
        let y = MemoryTests.chain(x, w, operations: 4_000_000)
        report("allocated\(round)", tape.allocatedBytes)
        report("recorded\(round)", tape.recordedBytes)
        report("derivative\(round)", tape.gradient(of: y, withRespectTo: [x])[0].bitPattern)
      }
      gradientOnce(1)
      report("next", Tape<Double>().allocatedBytes)
      gradientOnce(2)
    }
    let values = reported(result)
    func int(_ key: String) throws -> Int { try #require(values[key].flatMap { Int($0) }, "\(key): \(values)") }
    // The block is large (else it goes back to malloc, which keeps it by itself) …
    #expect(try int("recorded1") >= 32 << 20)
    // … a fresh tape starts with all of it, and records the same computation into it to
    // the same derivative, bit for bit, without growing.
    #expect(try int("next") == int("allocated1"))
    #expect(try int("allocated2") == int("allocated1"))
    #expect(try int("recorded2") == int("recorded1"))
    let first = try #require(values["derivative1"])
    let second = try #require(values["derivative2"])
    #expect(first == second)
  }

  @Test("One-shot gradients hand their zeroed adjoint buffer on: each next gradient is exact (in a child process)")
  func adjointBufferHandedOn() async throws {
    let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
      // One thread, so each gradient's tape takes the storage, and the adjoint buffer,
      // that the last one left. Every expected value below is exact in floating point.
      var checked = 0
      var wrong = 0
      func expectExactly(_ same: Bool) {
        checked += 1
        if !same { wrong += 1 }
      }
      // Σ xᵢ³ on duals along v = 1: ∇ = 3x², H·v = 6x, exact for small integers. At 7·10⁵
      // inputs the tape has 2.1·10⁶ entries, 34 MB of dual adjoints: past the large-block size.
      func cubes(_ x: [Double]) {
        let (g, hv) = gradientAndHessianVectorProduct(
          of: { x in x.reduce(0) { $0 + $1 * $1 * $1 } }, at: x, along: x.map { _ in 1 })
        expectExactly(g == x.map { 3 * $0 * $0 })
        expectExactly(hv == x.map { 6 * $0 })
      }
      // After it, every gradient below takes this large buffer, which the storage keeps
      // (resident, being under 512 MB).
      cubes((0..<700_000).map { Double($0 % 7) - 3 })
      // x₁·√x₀ at x₀ = 0, x₁ = 0: the plain sweep meets 0·∞ and, with the NaNSafe trait,
      // sweeps again NaN-safely (∂/∂x₀ = 0); without it ∂/∂x₀ is NaN, and the NaN must not
      // reach the next gradient.
      let g = gradient(of: { x in x[1] * .sqrt(x[0]) }, at: [0.0, 0])
      expectExactly(g.count == 2 && (nanSafeChainRule ? g[0] == 0 : g[0].isNaN) && g[1] == 0)
      for round in 0..<20 {
        let x = (0..<(1 + round * 37)).map { Double($0 % 5) - 2 }
        expectExactly(gradient(of: { x in x.reduce(0) { $0 + $1 * $1 } }, at: x) == x.map { 2 * $0 })
        cubes(x)
        let y = x.map { Float($0) }
        expectExactly(gradient(of: { x in x.reduce(0) { $0 + $1 * $1 } }, at: y) == y.map { 2 * $0 })
      }
      report("checked", checked)
      report("wrong", wrong)
    }
    let values = reported(result)
    #expect(values["checked"] == "83", "\(values)")
    #expect(values["wrong"] == "0", "\(values)")
  }

  @Test("A long computation: tape bytes per operation stay ≤ 16 and it is freed afterwards (in a child process)")
  func longComputation() async throws {
    let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
      let operations = MemoryTests.longTapeOperations
      report("operations", operations)
      report("start", residentBytes().map(String.init) ?? "unreadable")
      // In a function of its own, so the tape is gone when it returns.
      func record(_ round: Int) {
        let tape = Tape<Double>()
        let x = tape.input(0.5)
        let w = tape.input(0.75)
        let y = MemoryTests.chain(x, w, operations: operations)
        report("count", tape.count)
        report("recordedBytes", tape.recordedBytes)
        // count, recordedBytes and reverse are the same in both rounds (the parent reads
        // the last); the peak is per round.
        report("peak\(round)", residentBytes().map(String.init) ?? "unreadable")
        report("reverse", tape.gradient(of: y, withRespectTo: [x])[0])
      }
      record(1)
      report("end", residentBytes().map(String.init) ?? "unreadable")
      // Again: the allocator may keep a freed block for reuse (glibc keeps blocks under
      // 32 MiB in its heap, by design), so resident memory after one computation says
      // little; after the second it shows whether the first tape was given back.
      record(2)
      report("again", residentBytes().map(String.init) ?? "unreadable")
      report("forward", MemoryTests.chain(Dual(0.5, derivative: 1), Dual(constant: 0.75), operations: operations).derivative)
    }
    let values = reported(result)
    func int(_ key: String) throws -> Int { try #require(values[key].flatMap { Int($0) }, "\(key): \(values)") }
    func double(_ key: String) throws -> Double { try #require(values[key].flatMap { Double($0) }, "\(key): \(values)") }
    let operations = try int("operations")
    #expect(try int("count") == 2 + operations / 4 * 2)
    let recordedBytes = try int("recordedBytes")
    #expect(Double(recordedBytes) / Double(operations) <= 16, "\(recordedBytes) bytes")
    // The tape was resident while it lived (so the measurement sees it) …
    let (start, peak, end, again) = (try int("start"), try int("peak1"), try int("end"), try int("again"))
    #expect(peak - start >= recordedBytes / 2, "start \(start >> 10) KiB, peak \(peak >> 10) KiB, tape \(recordedBytes >> 10) KiB")
    // … and given back once it is gone: a second computation of the same size reuses it,
    // so resident memory grows by less than half a tape (a leak would add a whole one,
    // with its adjoint buffer).
    #expect(again - end < recordedBytes / 2, "after one \(end >> 10) KiB, after two \(again >> 10) KiB, tape \(recordedBytes >> 10) KiB")
    let reverse = try double("reverse")
    let forward = try double("forward")
    // The derivative is a product of one factor per step, each rounded in both modes: the
    // modes can differ by up to about 2·(operations)·ε relative.
    let bound = 2 * Double(operations) * Double.ulpOfOne * forward.magnitude
    #expect(forward.isFinite && forward != 0)
    #expect((reverse - forward).magnitude <= bound, "reverse \(reverse), forward \(forward)")
  }
}
