import ArgumentParser
import AutoDiffTeaching

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Measure forward- against reverse-mode Jacobians as the numbers of inputs and outputs vary.",
    discussion: """
      Differentiates F: Rⁿ → Rᵐ, \(SineMixture.formula), whose Jacobian is dense, by \
      chunked forward mode (8 tangents a pass), unchunked forward mode (1 tangent a pass) \
      and reverse mode (1 recording, then sweeps of 8 cotangents). For each, prints the \
      passes, the operations, the median time and the memory, first with m fixed as n \
      grows, then with n fixed as m grows, and writes a log–log plot of time in which \
      the modes cross near n = m. Times from a debug build are slow; add -c release to \
      swift run for realistic ones.

      Examples:
        autodiff compare
        autodiff compare --svg plots/compare.svg --runs 9
        autodiff compare --inputs 1,4,16,64,256 --fixed-outputs 32 --outputs 1,8,64 --fixed-inputs 32
        autodiff compare --format json --no-svg
      """)

  @Option(help: ArgumentHelp("Values of n to measure while m is fixed.", valueName: "list"))
  var inputs = "1,2,4,8,16,32,64"

  @Option(help: ArgumentHelp("The fixed m while n varies.", valueName: "m"))
  var fixedOutputs = "16"

  @Option(help: ArgumentHelp("Values of m to measure while n is fixed.", valueName: "list"))
  var outputs = "1,2,4,8,16,32,64"

  @Option(help: ArgumentHelp("The fixed n while m varies.", valueName: "n"))
  var fixedInputs = "16"

  @Option(help: ArgumentHelp("Timed runs per measurement (the median is shown).", valueName: "count"))
  var runs = "5"

  @Option(help: ArgumentHelp("Where to write the SVG plot.", valueName: "file"))
  var svg = "compare.svg"

  @Flag(help: "Do not write the SVG plot.")
  var noSvg = false

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func run() throws {
    try reportingErrors {
      let grid = ModeComparison.Grid(
        inputCounts: try CountList.parse(inputs, option: "--inputs"),
        fixedOutputCount: try CountList.parseOne(fixedOutputs, option: "--fixed-outputs"),
        outputCounts: try CountList.parse(outputs, option: "--outputs"),
        fixedInputCount: try CountList.parseOne(fixedInputs, option: "--fixed-inputs"))
      let runCount = try CountList.parseOne(runs, option: "--runs")
      var progress = ProgressLine()
      let comparison = ModeComparison(grid: grid, runs: runCount) { done, total, next in
        progress.update("measuring \(done + 1)/\(total): \(next)", finished: done == total)
      }
      switch format {
      case .text: print(comparison.rendered())
      case .json: print(try JSONOutput.encode(comparison.report))
      }
      if !noSvg {
        try OutputFile.write(comparison.svg(), to: svg)
        if format == .text { print("\nwrote \(svg)") }
      }
    }
  }
}
