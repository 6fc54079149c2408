import ArgumentParser
import AutoDiff
import AutoDiffTeaching

struct SparsityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sparsity",
    abstract: "Detect a sparse derivative's pattern, colour it and evaluate it compressed.",
    discussion: """
      Takes a built-in example apart the way AutoDiff's sparse Jacobians and Hessians \
      work: the pattern detected by running the function on sparsity tracers, a greedy \
      colouring of it (columns or rows for a Jacobian, a star colouring of the variables \
      for a Hessian) with its colour count next to the lower bound, the seed matrix S, the \
      compressed matrix J·S, Sᵀ·J or H·S from one pass per colour, and the derivative \
      decompressed from it, checked against the dense one. The exit status is 1 if the \
      check fails. --svg draws the pattern, its colouring and the compression as three \
      pictures.

      Examples (\(SparsityExample.allCases.map(\.rawValue).joined(separator: ", "))):
        autodiff sparsity                                 # banded Jacobian, n = 12, b = 2
        autodiff sparsity --example chain                 # W5's Hessian, n = 12: 3 colours
        autodiff sparsity --example arrow --n 16          # arrow Hessian: 2 colours for 16
        autodiff sparsity --example bordered              # automatic mode picks reverse
        autodiff sparsity --example banded --half-bandwidth 1 --jacobian-mode reverse
        autodiff sparsity --example chain --order natural --svg images/chain
        autodiff sparsity --example arrow --format json
      """)

  @Option(help: ArgumentHelp("The built-in example: banded, bordered (Jacobians), arrow or chain (Hessians)."))
  var example: ExampleOption = .banded

  @Option(
    name: .customLong("n"),
    help: ArgumentHelp(
      "The number of variables, \(SparsityExample.sizes.lowerBound) to \(SparsityExample.sizes.upperBound) "
        + "(default: 12 banded, 8 bordered, 10 arrow, 12 chain).",
      valueName: "n"))
  var size: Int?

  @Option(help: ArgumentHelp("b for the banded example: output i uses xᵢ₋ᵦ … xᵢ₊ᵦ (default 2).", valueName: "b"))
  var halfBandwidth: Int?

  @Option(help: "For the Jacobian examples: forward (colour columns), reverse (colour rows) or automatic.")
  var jacobianMode: JacobianModeOption?

  @Option(help: "The greedy colouring's vertex order: natural, largest-first, smallest-last or incidence-degree.")
  var order: ColoringOrderOption = .largestFirst

  @Option(help: "Where the pattern comes from: local (at the point) or global (for every point).")
  var detection: DetectionOption = .local

  @Option(
    help: ArgumentHelp(
      "Write PREFIX-pattern.svg, PREFIX-coloring.svg and PREFIX-compressed.svg.", valueName: "prefix"))
  var svg: String?

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  func validate() throws {
    let example = self.example.example
    let sizes = SparsityExample.sizes
    if let size, !sizes.contains(size) {
      throw ValidationError("--n must be \(sizes.lowerBound) to \(sizes.upperBound), got \(size)")
    }
    if let halfBandwidth {
      guard example == .banded else {
        throw ValidationError("--half-bandwidth applies to --example banded only, not \(example.rawValue)")
      }
      let n = size ?? example.defaultSize
      guard halfBandwidth >= 0 && halfBandwidth < n else {
        throw ValidationError("--half-bandwidth must be 0 to \(n - 1) for n = \(n), got \(halfBandwidth)")
      }
    }
    if jacobianMode != nil && example.derivative == .hessian {
      throw ValidationError(
        "--jacobian-mode applies to the Jacobian examples (banded, bordered), not the Hessian example "
          + "\(example.rawValue)")
    }
    if let svg, svg.isEmpty {
      throw ValidationError("--svg needs a path prefix, such as images/chain")
    }
  }

  func run() throws {
    try reportingErrors {
      let study = SparsityStudy(
        example: example.example, size: size, halfBandwidth: halfBandwidth,
        mode: jacobianMode?.mode, order: order.order,
        detection: detection == .local ? .local : .global)
      switch format {
      case .text: print(study.rendered())
      case .json: print(try JSONOutput.encode(study.report))
      }
      if let svg {
        let pictures = [
          ("pattern", study.patternSVG()), ("coloring", study.coloringSVG()),
          ("compressed", study.compressedSVG()),
        ]
        var written: [String] = []
        for (name, picture) in pictures {
          let path = "\(svg)-\(name).svg"
          try OutputFile.write(picture, to: path)
          written.append(path)
        }
        if format == .text { print("\nwrote " + written.joined(separator: ", ")) }
      }
      if !study.checksPass { throw ExitCode.failure }
    }
  }
}

/// `--example`: the built-in functions of ``SparsityExample``.
enum ExampleOption: String, ExpressibleByArgument, CaseIterable {
  case banded, bordered, arrow, chain

  var example: SparsityExample {
    switch self {
    case .banded: return .banded
    case .bordered: return .bordered
    case .arrow: return .arrow
    case .chain: return .chain
    }
  }
}

/// `--jacobian-mode`: AutoDiff's ``JacobianMode``.
enum JacobianModeOption: String, ExpressibleByArgument, CaseIterable {
  case forward, reverse, automatic

  var mode: JacobianMode {
    switch self {
    case .forward: return .forward
    case .reverse: return .reverse
    case .automatic: return .automatic
    }
  }
}

/// `--order`: AutoDiff's ``ColoringOrder``, spelt with hyphens.
enum ColoringOrderOption: String, ExpressibleByArgument, CaseIterable {
  case natural
  case largestFirst = "largest-first"
  case smallestLast = "smallest-last"
  case incidenceDegree = "incidence-degree"

  var order: ColoringOrder {
    switch self {
    case .natural: return .natural
    case .largestFirst: return .largestFirst
    case .smallestLast: return .smallestLast
    case .incidenceDegree: return .incidenceDegree
    }
  }
}

/// `--detection`: local or global sparsity detection.
enum DetectionOption: String, ExpressibleByArgument, CaseIterable {
  case local, global
}
