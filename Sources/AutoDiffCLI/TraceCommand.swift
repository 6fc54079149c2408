import ArgumentParser
import AutoDiffTeaching

struct TraceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trace",
    abstract: "Differentiate an expression by hand in both modes, showing every step.",
    discussion: """
      Prints the Wengert list (one line per primitive operation with its value and local \
      partials), the forward tangent sweep for each input, the reverse adjoint sweep once, \
      the gradient from both (checked against AutoDiff's own), and the work per mode.

      Expressions use + - * / ^ (also − · × ÷ **), unary minus, parentheses, numbers \
      such as 2, 0.5 and 1e-3, the constant pi, and the functions \
      \(ExpressionFunction.names.joined(separator: " ")). \
      pow, atan2, hypot, min, max, remainder and fmod take two arguments. A value may be \
      any expression without variables, such as theta=pi/4.

      Examples:
        autodiff trace "a*(a+b)" a=2 b=3
        autodiff trace "sin(x)*y + exp(x/y)" x=0.5 y=2
        autodiff trace "3*x^3 - 5*x^2" x=1.5 --dot graph.dot --svg graph.svg
        autodiff trace "-x^2" x=3
        autodiff trace "a*(a+b)" a=2 b=3 --format json
      """)

  // One list, so that an expression starting with a minus sign ("-x^2") is taken as
  // the expression rather than refused as an unknown option.
  @Argument(
    parsing: .allUnrecognized,
    help: ArgumentHelp(
      "The expression (quote it for the shell), then a value for each variable: a=2 b=3.",
      valueName: "expression> <name=value"))
  var words: [String] = []

  @Option(help: ArgumentHelp("Write the computational graph in Graphviz's DOT language.", valueName: "file"))
  var dot: String?

  @Option(help: ArgumentHelp("Draw the graph as SVG, laid out in layers (no Graphviz needed).", valueName: "file"))
  var svg: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    try reportingErrors {
      guard let expression = words.first else {
        throw InputError(.syntax, "no expression: give one such as autodiff trace \"a*(a+b)\" a=2 b=3")
      }
      let values = Array(words.dropFirst())
      if let option = values.first(where: { $0.hasPrefix("-") && !$0.contains("=") }) {
        throw InputError(.badAssignment, "unknown option '\(option)': see autodiff trace --help")
      }
      let trace = try ExpressionTrace(expression, values: values)
      switch format {
      case .text: print(trace.rendered())
      case .json: print(try JSONOutput.encode(trace.report))
      }
      if let dot { try OutputFile.write(trace.dot(), to: dot) }
      if let svg { try OutputFile.write(trace.svg(), to: svg) }
      if !trace.sweepsAgree { throw ExitCode.failure }
    }
  }
}
