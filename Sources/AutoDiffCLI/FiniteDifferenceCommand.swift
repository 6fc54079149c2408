import ArgumentParser
import AutoDiffTeaching

struct FiniteDifferenceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "finite-difference")
  func run() throws {}
}
