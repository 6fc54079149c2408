import ArgumentParser

@main
struct AutoDiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "autodiff",
    abstract: "See forward- and reverse-mode automatic differentiation at work.",
    discussion: """
      With no subcommand, runs 'autodiff demo'.

      Examples:
        autodiff                                   # the checked walk-through
        autodiff trace "a*(a+b)" a=2 b=3           # both modes, step by step
        autodiff compare                           # cost of forward vs reverse Jacobians
        autodiff finite-difference                 # why not finite differences
        autodiff sparsity --example chain          # a sparse Hessian: pattern, colours, compression
        autodiff train                             # train an MLP on two spirals with Adam

      Exit status: 0 on success, 1 when a check fails or a file cannot be written, \
      2 for bad input (the message says what and where).
      """,
    subcommands: [
      DemoCommand.self, TraceCommand.self, CompareCommand.self, FiniteDifferenceCommand.self,
      SparsityCommand.self, TrainCommand.self,
    ],
    defaultSubcommand: DemoCommand.self)
}
