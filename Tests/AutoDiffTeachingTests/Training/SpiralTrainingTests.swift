import AutoDiff
import AutoDiffTeaching
import Foundation
import Testing

@Suite("autodiff train: spirals, the MLP, the trainer, the plots")
struct SpiralTrainingTests {
  /// The loss before step k = 0 … 10 of full-batch Adam (lr 0.02) on 200 points with
  /// seed 1, from PyTorch 2.15 float64: `Benchmarks/peers/train_reference.py`, which
  /// regenerates the data and the initial weights from the same SplitMix64 seed.
  static let pytorchLosses: [Double] = [
    0.7019386565811929, 0.6800485910196831, 0.6757027859006112, 0.6772093987126664,
    0.6692175918519543, 0.6619194149709073, 0.6620001517984657, 0.665286432546887,
    0.6669069618641672, 0.6656773401224173, 0.6627091896973839,
  ]

  @Test("the loss matches PyTorch float64 at step 0 and for each of 10 Adam steps")
  func matchesPyTorch() {
    var training = SpiralTraining(.init(epochs: 10, seed: 1, points: 200, learningRate: 0.02))
    var losses: [Double] = []
    training.train { losses.append($0.loss) }
    losses.append(training.loss)
    #expect(losses.count == Self.pytorchLosses.count)
    for (k, (swift, torch)) in zip(losses, Self.pytorchLosses).enumerated() {
      // Same data and weights bit for bit, same operations; only the summation order
      // inside matmul, log-sum-exp and the mean differs from PyTorch's kernels, which moves
      // the last bits: measured, at most 1.7e-16 relative (one ulp) over these 11 losses.
      // Adam divides by √v, which can amplify such differences in tiny gradient components
      // over the steps; 1e-12 leaves room for that (and for another BLAS) while a wrong
      // formula, weight or data point would move the loss by far more.
      #expect(abs(swift - torch) <= 1e-12 * abs(torch), "step \(k): Swift \(swift), PyTorch \(torch)")
    }
  }

  @Test("the default training reaches ≥ 95 % accuracy")
  func defaultTrainingIsAccurate() {
    var training = SpiralTraining(.init())
    training.train()
    #expect(training.history.count == SpiralTraining.Configuration().epochs)
    #expect(training.accuracy >= SpiralReport.targetAccuracy, "accuracy \(training.accuracy)")
    #expect(training.history.last!.loss < training.history.first!.loss / 10)
  }

  @Test("the data: half per class, seeded, reproducible, and a different seed differs")
  func data() {
    var a = SplitMix64(seed: 3)
    var b = SplitMix64(seed: 3)
    var c = SplitMix64(seed: 4)
    let first = SpiralData(count: 40, using: &a)
    let second = SpiralData(count: 40, using: &b)
    let other = SpiralData(count: 40, using: &c)
    #expect(first.labels.filter { $0 == 0 }.count == 20 && first.labels.filter { $0 == 1 }.count == 20)
    #expect(first.points.map(\.x) == second.points.map(\.x) && first.points.map(\.y) == second.points.map(\.y))
    #expect(first.points.map(\.x) != other.points.map(\.x))
    #expect(first.inputs.shape == [40, 2])
  }

  @Test("the SVGs are well-formed XML: one circle per data point, the grid drawn in row runs")
  func plots() {
    var training = SpiralTraining(.init(epochs: 20, points: 60))
    training.train()
    let loss = XMLCheck(SpiralPlots.lossCurve(training.history))
    #expect(loss.isWellFormed, "\(loss.error ?? "")")
    #expect(loss.elements.filter { $0 == "polyline" }.count == 1)
    let boundary = XMLCheck(SpiralPlots.decisionBoundary(of: training.model, data: training.data))
    #expect(boundary.isWellFormed, "\(boundary.error ?? "")")
    #expect(boundary.elements.filter { $0 == "circle" }.count == 60)
    // At least one run per grid row, at most one per cell, plus the background and the frame.
    let rectangles = boundary.elements.filter { $0 == "rect" }.count
    let n = SpiralPlots.gridSize
    #expect(rectangles >= n + 2 && rectangles <= n * n + 2, "\(rectangles) rectangles")
  }
}

@Suite("autodiff train, run as a user runs it")
struct TrainCommandTests {
  @Test("a short run prints progress, writes two well-formed SVGs and exits 0")
  func run() throws {
    let directory = try AutodiffExecutable.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try AutodiffExecutable.run(["train", "--svg-dir", directory.path])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardOutput.contains("epoch        loss   accuracy"))
    #expect(run.standardOutput.contains("✓ (target ≥ 95 %)"))
    for name in ["train-loss.svg", "train-boundary.svg"] {
      let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      #expect(XMLCheck(text).isWellFormed, "\(name)")
    }
    let boundary = try String(contentsOf: directory.appendingPathComponent("train-boundary.svg"), encoding: .utf8)
    #expect(XMLCheck(boundary).elements.filter { $0 == "circle" }.count == 200)
  }

  @Test(
    "bad options are usage errors (exit 64) that name the option",
    arguments: [
      (["--epochs", "-1"], "--epochs"), (["--points", "7"], "--points"), (["--points", "2"], "--points"),
      (["--learning-rate", "0"], "--learning-rate"), (["--learning-rate", "nan"], "--learning-rate"),
      (["--seed", "-3"], "--seed"), (["--every", "0"], "--every"), (["--svg-dir", ""], "--svg-dir"),
      (["--epochs", "ten"], "--epochs"),
    ])
  func badOptions(arguments: [String], option: String) throws {
    let run = try AutodiffExecutable.run(["train", "--no-svg"] + arguments)
    #expect(run.status == 64, "\(arguments): \(run.standardError)")
    #expect(run.standardOutput.isEmpty)
    #expect(run.errorLines.first?.hasPrefix("Error:") == true && run.errorLines.first?.contains(option) == true,
      "\(arguments): \(run.errorLines)")
  }

  @Test("an SVG directory that does not exist fails in one line, exit 1")
  func missingDirectory() throws {
    let run = try AutodiffExecutable.run(["train", "--epochs", "1", "--svg-dir", "/nonexistent/dir"])
    #expect(run.status == 1)
    #expect(run.errorLines == ["error: cannot write /nonexistent/dir/train-loss.svg: the directory /nonexistent/dir does not exist"])
  }
}
