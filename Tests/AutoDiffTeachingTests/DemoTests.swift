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
}
