import AutoDiff
import AutoDiffTeaching
import Foundation
import Testing

/// The tutorial's picture of its Lagrange problem, drawn with the teaching module's
/// `LinePlot` from the solution the tutorial's snippet computes, and compared with the
/// committed file. To redraw it after a change:
///
///     AUTODIFF_WRITE_TUTORIAL_PICTURE=1 swift test --filter TutorialPicture
@Suite("Tutorial: the Lagrange picture is drawn from the snippet's solution")
struct TutorialPictureTests {
  /// Beside the article, not under Resources/: DocC finds an image by its bare file name
  /// only (`![…](Resources/x.svg)` is "couldn't be found"), and GitHub by the path from the
  /// article, so `![…](tutorial-lagrange.svg)` works in both only from here.
  static let path = "Sources/AutoDiff/AutoDiff.docc/tutorial-lagrange.svg"
  static let width = 740.0
  /// The plot area is (width − 100) × (height − 110 − 18 · legend rows) (LinePlot's
  /// margins); with the axes' ranges 8 × 4 and two legend rows this makes it 640 × 320, so
  /// that one unit is as long across as up and the right angles look right.
  static let height = 466.0

  /// f(x, y) = x·y, g(x, y) = x² + 4y² − 8, as the snippet defines them; the picture's
  /// curves and arrows use these closed forms.
  static func gradientOfF(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) { (p.y, p.x) }
  static func gradientOfG(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) { (2 * p.x, 8 * p.y) }

  /// The points of x·y = c inside [−4, 4] × [−2, 2], both branches, with a break (NaN)
  /// between them.
  static func levelSet(_ c: Double) -> [(x: Double, y: Double)] {
    let start = abs(c) / 2  // where |y| = 2
    let xs = (0...120).map { start * pow(4 / start, Double($0) / 120) }  // geometric: dense near the asymptote
    let branch = xs.map { (x: $0, y: c / $0) }
    return branch + [(.nan, .nan)] + branch.map { (x: -$0.x, y: -$0.y) }
  }

  /// An arrow from `base` along `direction`, `length` long: the shaft, a break, the head.
  static func arrow(from base: (x: Double, y: Double), along direction: (x: Double, y: Double), length: Double)
    -> [(x: Double, y: Double)]
  {
    let norm = (direction.x * direction.x + direction.y * direction.y).squareRoot()
    let (ux, uy) = (direction.x / norm, direction.y / norm)
    let tip = (x: base.x + length * ux, y: base.y + length * uy)
    let back = (x: tip.x - 0.14 * ux, y: tip.y - 0.14 * uy)
    return [
      base, tip, (.nan, .nan),
      (back.x - 0.07 * uy, back.y + 0.07 * ux), tip, (back.x + 0.07 * uy, back.y - 0.07 * ux),
    ]
  }

  static func svg(of solution: LagrangeSolution<Double>) -> String {
    let best = (x: solution.x[0], y: solution.x[1])
    let other = (x: 8.0.squareRoot() * cos(0.15), y: 2.0.squareRoot() * sin(0.15))  // a point on g = 0
    let ellipse = (0...240).map { i -> (x: Double, y: Double) in
      let t = 2 * Double.pi * Double(i) / 240
      return (8.0.squareRoot() * cos(t), 2.0.squareRoot() * sin(t))
    }
    let value = solution.value
    var plot = LinePlot(
      title: "Maximise f = x·y subject to g = x² + 4y² − 8 = 0", xLabel: "x", yLabel: "y")
    plot.series = [
      .init(
        name: "level sets f = c", points: [-3, -2, -1, 1, 3, 0.5, -0.5].flatMap { levelSet($0) + [(.nan, .nan)] },
        color: "#56B4E9", showsMarkers: false, isGuide: true),
      .init(name: "f = \(rounded(value)), the best level", points: levelSet(value), color: "#0072B2", showsMarkers: false),
      .init(name: "constraint g = 0", points: ellipse, color: "#D55E00", showsMarkers: false),
      .init(
        name: "direction of ∇f",
        points: arrow(from: best, along: gradientOfF(best), length: 0.9) + [(.nan, .nan)]
          + arrow(from: other, along: gradientOfF(other), length: 0.9),
        color: "#009E73", showsMarkers: false),
      .init(
        name: "direction of ∇g",
        points: arrow(from: best, along: gradientOfG(best), length: 0.55) + [(.nan, .nan)]
          + arrow(from: other, along: gradientOfG(other), length: 0.55),
        color: "#CC79A7", showsMarkers: false),
      .init(name: "A, the solution", points: [best], color: "#000000"),
    ]
    plot.annotations = [
      .init("A", x: best.x + 0.08, y: best.y - 0.2, color: "#000000"),
      .init("B", x: other.x - 0.22, y: other.y - 0.2, color: "#000000"),
      .init("A: ∇f = λ∇g, λ = \(rounded(solution.multipliers[0]))", x: -3.9, y: -1.55, color: "#000000"),
      .init("B: ∇f, ∇g not parallel", x: -3.9, y: -1.85, color: "#000000"),
    ]
    return plot.svg(width: width, height: height)
  }

  @Test("the committed SVG is the picture of the snippet's solution")
  func committedPicture() throws {
    let snippets = TutorialSnippets()
    try snippets.lagrange()
    let solution = try #require(snippets.lagrangeSolution)
    // The picture draws f = x·y and g = x² + 4y² − 8: the solution must be on g = 0 with
    // ∇f = λ∇g, else the snippet solves another problem than the one drawn. 1e-12: Newton's
    // method stops at ‖∇L‖ ≤ 1e-10 and converges quadratically, so the last step leaves
    // rounding error only (a few ulps of values of order 10).
    let (x, y) = (solution.x[0], solution.x[1])
    let lambda = solution.multipliers[0]
    #expect(abs(x * x + 4 * y * y - 8) <= 1e-12)
    #expect(abs(y - lambda * 2 * x) <= 1e-12 && abs(x - lambda * 8 * y) <= 1e-12)

    let svg = Self.svg(of: solution)
    // Equal scales: the plot frame (LinePlot's first framed rectangle) is twice as wide as
    // high, like the axes' range 8 × 4.
    #expect(svg.contains(##"<rect x="78" y="48" width="640" height="320" fill="white" stroke="#888888"/>"##))
    let url = TutorialFiles.root.appendingPathComponent(Self.path)
    if ProcessInfo.processInfo.environment["AUTODIFF_WRITE_TUTORIAL_PICTURE"] == "1" {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try svg.write(to: url, atomically: true, encoding: .utf8)
    }
    let committed = try String(contentsOf: url, encoding: .utf8)
    #expect(
      committed == svg,
      "\(Self.path) is not the picture the code draws; redraw it with AUTODIFF_WRITE_TUTORIAL_PICTURE=1 swift test --filter TutorialPicture")
  }
}
