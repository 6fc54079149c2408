import AutoDiff
import RealModule
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Differential fuzzing of the two modes: random programs over every primitive, at random
/// points inside the primitives' domains and at the edge points of the conventions
/// table. Every program is compared: forward mode, reverse mode and the test's own
/// evaluation of the program's graph (`FuzzGraph`), entry by entry, with non-finite
/// partials handled as the NaN-safe policy says (see `FuzzCheck.check`). CI runs a modest
/// number; `Scripts/fuzz-long.sh` sets AUTODIFF_FUZZ_PROGRAMS to run it long (in release).
@Suite("Differential fuzzing: forward vs reverse on random programs")
struct DifferentialFuzzTests {
  static var programCount: Int {
    getenv("AUTODIFF_FUZZ_PROGRAMS").flatMap { Int(String(cString: $0)) } ?? 1500
  }

  static var baseSeed: UInt64 {
    getenv("AUTODIFF_FUZZ_SEED").flatMap { UInt64(String(cString: $0)) } ?? 0xF0_22
  }

  static let edgeValues: [Double] = [0, -0.0, 1, -1, 0.5, 2]

  /// The least share of the programs each kind of check must reach in a run of at least
  /// 1,000 programs (a one-seed rerun of a failure asserts none). Set at about half of
  /// what the CI seed and the long run's seed reach, so that a check that stops running,
  /// or a generator that stops producing its case, fails the test.
  static let minimumShare: [(name: String, share: Double)] = [
    ("programs compared", 0.99),
    ("shapes compared", 1.99),
    ("Jacobian entries, finite: forward = reverse = reference", 1.0),
    ("Jacobian entries, non-finite where the policy forces it", 0.1),
    ("Jacobian entries, non-finite partial annihilated: finite = reference", 0.01),
    ("single-primitive programs, bit for bit", 0.03),
    ("rule consistency: derivative = derivative of the value (nodes)", 4.0),
    ("Hessians compared (fwd-over-fwd = fwd-over-rev = reference)", 0.5),
    ("Hessians with a non-finite local partial or sums near overflow (explained)", 0.05),
    ("Hessians fwd-over-fwd = fwd-over-rev, reference out of range", 0.002),
    ("central differences compared", 1.0),
    ("central differences, not smooth there", 0.005),
    ("central differences, slope below resolution", 0.0005),
    ("programs not differenced: edge point", 0.2),
    ("programs not differenced: a remainder jumps within the step", 0.001),
    ("programs not differenced: a value, slope or partial not finite", 0.05),
  ]

  @Test("random programs: every program compared, every kind of check counted")
  func randomPrograms() {
    var failures: [String] = []
    var tally = FuzzTally()
    for k in 0..<Self.programCount {
      let seed = Self.baseSeed &+ UInt64(k)
      var g = SeededGenerator(seed: seed)
      let n = Int.random(in: 1...3, using: &g)
      let program = FuzzProgram.random(inputCount: n, size: Int.random(in: 1...12, using: &g), using: &g)
      let edge = k % 4 == 3
      let x = (0..<n).map { _ in
        edge ? Self.edgeValues.randomElement(using: &g)! : Double.random(in: -2...2, using: &g)
      }
      switch FuzzCheck.check(program, at: x, edge: edge, tally: &tally) {
      case .agree: break
      case .disagree(let why):
        let minimal = FuzzCheck.shrink(program, at: x, edge: edge)
        var scratch = FuzzTally()
        let verdict = FuzzCheck.check(minimal, at: x, edge: edge, tally: &scratch)
        failures.append("seed \(seed) at x = \(x): \(why)\n  minimal program: \(minimal)\n  which gives: \(verdict)")
      }
      if failures.count >= 5 { break }
    }
    print("fuzz: \(tally.programs) of \(Self.programCount) programs from seed \(Self.baseSeed), \(failures.count) disagreements")
    for kind in tally.kinds {
      print("fuzz:   \(kind.count) \(kind.name)")
    }
    #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) disagreements:\n" + failures.joined(separator: "\n")))
    guard failures.isEmpty, Self.programCount >= 1000 else { return }
    let counts = Dictionary(uniqueKeysWithValues: tally.kinds.map { ($0.name, $0.count) })
    for minimum in Self.minimumShare {
      let count = counts[minimum.name]
      #expect(count != nil, "no count named \(minimum.name)")
      let least = Int((minimum.share * Double(tally.programs)).rounded(.up))
      #expect((count ?? 0) >= least, "\(minimum.name): \(count ?? 0), expected at least \(least)")
    }
    #expect(tally.programsCompared + tally.programsExplained == tally.programs)
  }
}
