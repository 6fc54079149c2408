import ArgumentParser
import AutoDiffTeaching

@main
struct AutoDiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "autodiff",
    abstract: "See forward- and reverse-mode automatic differentiation at work.",
    subcommands: [DemoCommand.self],
    defaultSubcommand: DemoCommand.self)
}

struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Walk through the classic examples in both modes, checking every result.",
    discussion: """
      Examples:
        autodiff            # same as 'autodiff demo'
        autodiff demo
      """)

  func run() throws {
    let sections = Demo.sections()
    for section in sections {
      print(section.rendered())
      print()
    }
    let checks = sections.flatMap(\.checks)
    let failed = checks.filter { !$0.passed }.count
    print("\(checks.count - failed) passed, \(failed) failed")
    if failed > 0 { throw ExitCode.failure }
  }
}
