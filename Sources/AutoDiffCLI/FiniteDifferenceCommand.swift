import ArgumentParser
import AutoDiffTeaching

struct FiniteDifferenceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "finite-difference",
    abstract: "Show how the error of finite differences depends on the step h.",
    discussion: """
      Tabulates the forward difference (f(x+h) − f(x))/h and the central difference \
      (f(x+h) − f(x−h))/2h for h = 10⁻¹ … 10⁻¹⁶ against the exact derivative from \
      forward-mode AD, and writes a log–log plot of the error: truncation error falls as \
      h shrinks, rounding error rises, and the best step is near √ε (forward) or ∛ε \
      (central). The expression takes one variable, with the syntax of 'autodiff trace'.

      Examples:
        autodiff finite-difference                       # f(x) = 3x³ − 5x² at x = 1.5
        autodiff finite-difference --expression "exp(x)*sin(x)" --at 0.7
        autodiff finite-difference --at -2 --svg plots/error.svg
        autodiff finite-difference --format json --no-svg
      """)

  @Option(help: ArgumentHelp("The function of one variable.", valueName: "expression"))
  var expression = FiniteDifferenceStudy.defaultExpression

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("The point x (any expression without variables, such as pi/4).", valueName: "x"))
  var at = "1.5"

  @Option(help: ArgumentHelp("Where to write the SVG plot.", valueName: "file"))
  var svg = "finite-difference.svg"

  @Flag(help: "Do not write the SVG plot.")
  var noSvg = false

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    try reportingErrors {
      let point = try PointValue.parse(at, option: "--at")
      let study = try FiniteDifferenceStudy(expression: expression, at: point)
      switch format {
      case .text: print(study.rendered())
      case .json: print(try JSONOutput.encode(study.report))
      }
      if !noSvg {
        try OutputFile.write(study.svg(), to: svg)
        if format == .text { print("\nwrote \(svg)") }
      }
    }
  }
}
