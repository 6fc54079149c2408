import AutoDiffTeaching
import Testing

@Suite("autodiff demo: the optimiser and Lagrange sections")
struct OptimizationDemoTests {
  @Test("The SGD, Adam and Lagrange sections are in the demo and every check passes")
  func sections() throws {
    let sections = Demo.sections().filter {
      $0.title.hasPrefix("Optimisers:") || $0.title.hasPrefix("Lagrange multipliers:")
    }
    #expect(sections.map(\.title).map { $0.components(separatedBy: ":")[1].split(separator: " ").prefix(3).joined(separator: " ") } == [
      "one SGD step", "two Adam steps", "maximise x +",
    ])
    // sections[1] is read below: three sections, or stop here.
    try #require(sections.count == 3)
    for section in sections {
      #expect(section.checks.count >= 3, "\(section.title)")
      for check in section.checks { #expect(check.passed, "\(section.title): \(check.label) = \(check.computed)") }
    }
    let adam = sections[1].rendered()
    #expect(adam.contains("step 2: c = [1.8004, 2.8002], d = [6.2000, 4.2001]"))
  }
}
