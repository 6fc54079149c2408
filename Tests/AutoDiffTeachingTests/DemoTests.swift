import AutoDiffTeaching
import Testing

@Suite("Demo")
struct DemoTests {
  @Test("every section makes at least one check, and every check passes")
  func sections() {
    let sections = Demo.sections()
    #expect(sections.count >= 4)
    for section in sections {
      #expect(!section.checks.isEmpty, "\(section.title)")
      for check in section.checks { #expect(check.passed, "\(section.title): \(check.label)") }
    }
  }

  @Test("the report marks each check and ends with the summary line")
  func report() {
    let failing = DemoSection(
      title: "t", notes: ["n"],
      checks: [DemoCheck("right", computed: [1], expected: [1]), DemoCheck("wrong", computed: [1], expected: [2])])
    let report = DemoReport(sections: [failing])
    #expect(report.passedCount == 1)
    #expect(report.failedCount == 1)
    let text = report.rendered()
    #expect(text.contains("   ✓ right = 1   (expected 1)"))
    #expect(text.contains("   ✗ wrong = 1   (expected 2)"))
    #expect(text.hasSuffix("\n\n1 passed, 1 failed"))
  }

  @Test("non-finite and huge values print instead of trapping, and compare as values")
  func nonFinite() {
    let check = DemoCheck(
      "edge", computed: [.infinity, -.infinity, .nan, 1e20, -2.5, 3],
      expected: [.infinity, -.infinity, 0, 1e20, -2.5, 3])
    #expect(check.computed == "[inf, -inf, nan, 1e+20, -2.5, 3]")
    #expect(check.expected == "[inf, -inf, 0, 1e+20, -2.5, 3]")
    // NaN matches nothing, not even NaN; equal infinities match.
    #expect(!check.passed)
    #expect(DemoCheck("inf", computed: [.infinity], expected: [.infinity]).passed)
    #expect(!DemoCheck("inf", computed: [.infinity], expected: [-.infinity]).passed)
    #expect(!DemoCheck("nan", computed: [.nan], expected: [.nan]).passed)
    #expect(!DemoCheck("finite vs inf", computed: [1e300], expected: [.infinity]).passed)
  }

  @Test("a check fails on a length mismatch and just outside its tolerance")
  func lengthAndTolerance() {
    #expect(!DemoCheck("short", computed: [1], expected: [1, 2]).passed)
    #expect(!DemoCheck("long", computed: [1, 2], expected: [1]).passed)
    // Relative tolerance 1e-9 · max(1, |e|): 1e-10 off passes, 1e-8 off fails, at 1 and at 1e6.
    #expect(DemoCheck("in", computed: [1 + 1e-10], expected: [1]).passed)
    #expect(!DemoCheck("out", computed: [1 + 1e-8], expected: [1]).passed)
    #expect(DemoCheck("in", computed: [1e6 + 1e-4], expected: [1e6]).passed)
    #expect(!DemoCheck("out", computed: [1e6 + 1e-2], expected: [1e6]).passed)
  }
}
