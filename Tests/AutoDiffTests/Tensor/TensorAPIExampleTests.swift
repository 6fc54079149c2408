import AutoDiff
import Foundation
import Testing

/// The example in the Tensors article (`Sources/AutoDiff/AutoDiff.docc/Tensors.md`, "Shape
/// helpers, scalar variables, saving"): the same code, with the output the page shows.
@Suite("The Tensors article: the shape-helper example prints what the page shows")
struct TensorAPIExampleTests {
  @Test func example() throws {
    var generator = SplitMix64(seed: 42)
    var w = Tensor<Double>.glorotUniform([3, 2], fanIn: 3, fanOut: 2, using: &generator)
    w.requiresGradient = true
    let x = Tensor<Double>(shape: [2, 4, 3], scalars: (0..<24).map { Double($0) / 10 })
    let learningRate = 0.1
    let y = matmul(x, w.unsqueezed(at: 0).expanded(to: [2, 3, 2]))  // [2, 4, 2]
    let loss = (y.slice(from: -1, step: -2, alongAxis: 1) * learningRate).sum()
    loss.backward()
    var lines = [
      "\(y.shape)", "\(loss)", "\(w.gradient!)", "\(x.slice(from: -1, step: -2, alongAxis: 1).shape)",
      "\(Tensor<Float>(w.detached()))",
    ]
    var saved = try JSONDecoder().decode(Tensor<Double>.self, from: JSONEncoder().encode(w.detached()))
    saved[scalarAt: -1, -1] = 0
    lines.append("\(saved.diagonal())")
    let expected = [
      "[2, 4, 2]",
      "-0.6483621782159348 (gradient function: SumBackward)",
      "[[0.48000000000000004, 0.48000000000000004], [0.52, 0.52], [0.56, 0.56]]",
      "[2, 2, 3]",
      "[[0.52924216, -0.745099], [-0.48506063, -0.34136105], [-1.0121251, 0.8067473]]",
      "[0.529242132817314, -0.3413610369148826]",
    ]
    #expect(lines.count == expected.count)
    for (line, page) in zip(lines, expected) { #expect(line == page) }
  }
}
