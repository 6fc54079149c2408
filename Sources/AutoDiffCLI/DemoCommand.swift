import ArgumentParser
import AutoDiffTeaching

struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Walk through the classic examples in both modes, checking every result.",
    discussion: """
      Each section computes an example with AutoDiff and checks it against its closed \
      form: ✓ or ✗ per check, then a summary line. The exit status is 1 if any check fails.

      Examples:
        autodiff            # same as 'autodiff demo'
        autodiff demo
      """)

  func run() throws {
    let report = DemoReport(sections: Demo.sections())
    print(report.rendered())
    if report.failedCount > 0 { throw ExitCode.failure }
  }
}
