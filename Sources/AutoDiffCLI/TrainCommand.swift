import ArgumentParser
import AutoDiffTeaching
import Foundation

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a small MLP to tell two spirals apart, with Adam and cross-entropy.",
    discussion: """
      Generates two interleaved spirals (seeded, with a little noise), builds an MLP \
      2 → 32 → 32 → 2 with tanh as a Layer, and trains it full-batch with Adam on \
      crossEntropy(logits:labels:), printing the loss and accuracy as it goes. Writes \
      DIR/train-loss.svg (the loss curve) and DIR/train-boundary.svg (the predicted class \
      over the plane, with the data on top) unless --no-svg. The exit status is 1 if \
      the final accuracy is below 95 %.

      Examples:
        autodiff train                                  # 600 epochs, 200 points, seed 1
        autodiff train --epochs 1000 --points 400 --seed 7
        autodiff train --learning-rate 0.005 --svg-dir images
        autodiff train --no-svg
      """)

  @Option(help: "The number of full-batch Adam steps (default 600).")
  var epochs: Int = SpiralTraining.Configuration().epochs

  @Option(help: "The seed of the data and the initial weights (default 1).")
  var seed: UInt64 = SpiralTraining.Configuration().seed

  @Option(help: "The number of points, even, half per spiral (default 200).")
  var points: Int = SpiralTraining.Configuration().points

  @Option(help: "Adam's step size (default 0.02).")
  var learningRate: Double = SpiralTraining.Configuration().learningRate

  @Option(help: ArgumentHelp("Where to write train-loss.svg and train-boundary.svg (default: .).", valueName: "dir"))
  var svgDir: String = "."

  @Flag(help: "Write no SVG files.")
  var noSvg = false

  @Option(help: "Print a progress line every N epochs (default: about 20 lines in all).")
  var every: Int?

  func validate() throws {
    let epochCounts = SpiralTraining.Configuration.epochCounts
    guard epochCounts.contains(epochs) else {
      throw ValidationError("--epochs must be \(epochCounts.lowerBound) to \(epochCounts.upperBound), got \(epochs)")
    }
    let counts = SpiralData.pointCounts
    guard counts.contains(points) && points % 2 == 0 else {
      throw ValidationError(
        "--points must be even and \(counts.lowerBound) to \(counts.upperBound) (half per spiral), got \(points)")
    }
    guard learningRate > 0 && learningRate.isFinite && learningRate <= 1 else {
      throw ValidationError("--learning-rate must be in (0, 1], got \(learningRate)")
    }
    if let every, every < 1 {
      throw ValidationError("--every must be at least 1, got \(every)")
    }
    if svgDir.isEmpty {
      throw ValidationError("--svg-dir needs a directory, such as images")
    }
  }

  func run() throws {
    try reportingErrors {
      var training = SpiralTraining(
        .init(epochs: epochs, seed: seed, points: points, learningRate: learningRate))
      let interval = every ?? max(1, epochs / 20)
      print("two spirals: \(points) points, seed \(seed); MLP 2 → 32 → 32 → 2 (tanh), Adam lr \(learningRate)")
      print(SpiralReport.header)
      training.train { epoch in
        if epoch.number == 1 || epoch.number % interval == 0 || epoch.number == epochs {
          print(SpiralReport.line(epoch))
        }
      }
      let accuracy = training.accuracy
      print(SpiralReport.summary(loss: training.loss, accuracy: accuracy, epochs: epochs))
      if !noSvg {
        let directory = svgDir
        let loss = (directory as NSString).appendingPathComponent("train-loss.svg")
        let boundary = (directory as NSString).appendingPathComponent("train-boundary.svg")
        try OutputFile.write(SpiralPlots.lossCurve(training.history), to: loss)
        try OutputFile.write(SpiralPlots.decisionBoundary(of: training.model, data: training.data), to: boundary)
        print("wrote \(loss), \(boundary)")
      }
      if accuracy < SpiralReport.targetAccuracy { throw ExitCode.failure }
    }
  }
}
