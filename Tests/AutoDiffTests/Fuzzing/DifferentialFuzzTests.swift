import AutoDiff
import RealModule
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Differential fuzzing of the two modes: random programs over every primitive, at random
/// points inside the primitives' domains and at the edge points of the conventions
/// table. CI runs a modest number; `Scripts/fuzz-long.sh` sets AUTODIFF_FUZZ_PROGRAMS to
/// run it long (in release).
@Suite("Differential fuzzing: forward vs reverse on random programs")
struct DifferentialFuzzTests {
  static var programCount: Int {
    getenv("AUTODIFF_FUZZ_PROGRAMS").flatMap { Int(String(cString: $0)) } ?? 1500
  }

  static var baseSeed: UInt64 {
    getenv("AUTODIFF_FUZZ_SEED").flatMap { UInt64(String(cString: $0)) } ?? 0xF0_22
  }

  static let edgeValues: [Double] = [0, -0.0, 1, -1, 0.5, 2]

  @Test("random programs: modes agree, Hessians agree, central differences agree")
  func randomPrograms() {
    var failures: [String] = []
    var compared = 0
    var nonFinite = 0
    for k in 0..<Self.programCount {
      let seed = Self.baseSeed &+ UInt64(k)
      var g = SeededGenerator(seed: seed)
      let n = Int.random(in: 1...3, using: &g)
      let program = FuzzProgram.random(inputCount: n, size: Int.random(in: 1...12, using: &g), using: &g)
      let edge = k % 4 == 3
      let x = (0..<n).map { _ in
        edge ? Self.edgeValues.randomElement(using: &g)! : Double.random(in: -2...2, using: &g)
      }
      guard let verdict = FuzzCheck.check(program, at: x, edge: edge) else {
        nonFinite += 1
        continue
      }
      compared += 1
      if case .disagree(let why) = verdict {
        let minimal = FuzzCheck.shrink(program, at: x, edge: edge)
        failures.append("seed \(seed) at x = \(x): \(why)\n  minimal program: \(minimal)")
        if failures.count >= 5 { break }
      }
    }
    print("fuzz: \(compared + nonFinite) of \(Self.programCount) programs from seed \(Self.baseSeed): \(compared) compared, \(nonFinite) with a non-finite partial (not compared), \(failures.count) disagreements")
    #expect(compared > (compared + nonFinite) / 2)
    #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) disagreements:\n" + failures.joined(separator: "\n")))
  }
}
