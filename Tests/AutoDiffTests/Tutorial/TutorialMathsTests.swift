import AutoDiff
import Foundation
import RealModule
import Testing

// The numbers the tutorial prints are right, not only stable: each test reads a snippet's
// ```text block from the page (which TutorialTests holds equal to what the snippet prints)
// and checks its numbers against closed forms computed here without the library, or
// against central differences. A number printed by `rounded` has six significant digits,
// so it is checked to half a unit in its sixth digit; a number the page prints in full is
// checked exactly where the computation is exact.

/// The page's output after snippet `name`, line by line.
func tutorialOutput(_ name: String) throws -> [String] {
  let pairing = try TutorialPairing()
  let i = try #require(pairing.snippets.firstIndex { $0.name == name }, "no snippet \(name)")
  return try #require(pairing.outputBlock(after: i), "no output after \(name)").lines
}

/// The decimal numbers in `line`, in order (ASCII digits only, so the subscripts and
/// superscripts of names such as v₁ or x² are not numbers).
func printedNumbers(_ line: String) -> [Double] {
  line.matches(of: /-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/).map { Double(String($0.output.0))! }
}

/// `printed` is `exact` written with six significant digits: within half a unit of the
/// sixth digit, 5·10⁻⁶ of |exact|. The second term allows for the printed decimal's own
/// binary rounding and for the library's result differing from `exact` in its last bits.
func expectPrinted(
  _ printed: [Double], _ exact: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(printed.count == exact.count, "\(what): \(printed) against \(exact)", sourceLocation: sourceLocation)
  for (p, e) in zip(printed, exact) {
    #expect(
      abs(p - e) <= 5e-6 * abs(e) + 1e-12 * max(1, abs(e)),
      "\(what): the page prints \(p), the value computed here without the library is \(e)", sourceLocation: sourceLocation)
  }
}

/// The running example f(x₁, x₂) = ln x₁ + x₁x₂ − sin x₂ in plain doubles, and its partials.
enum RunningExample {
  static let x1 = 2.0
  static let x2 = 5.0
  static func f(_ x1: Double, _ x2: Double) -> Double { log(x1) + x1 * x2 - sin(x2) }
  static let value = f(x1, x2)
  static let d1 = 1 / x1 + x2  // ∂f/∂x₁
  static let d2 = x1 - cos(x2)  // ∂f/∂x₂
}

@Suite("Tutorial: the numbers the page prints are the closed forms")
struct TutorialMathsTests {
  typealias Matrix = [[Double]]
  static let a: [Double] = [1, -2, 3]
  static let x: [Double] = [2, 1, -1]
  static let A: Matrix = [[2, 1, 0], [-1, 3, 2], [4, 0, 1]]
  static let M: Matrix = [[2, 1], [2, 3]]
  static let B: Matrix = [[1, 0, 3], [2, -1, 1]]

  static func transposed(_ m: Matrix) -> Matrix {
    (0..<m[0].count).map { j in m.map { $0[j] } }
  }

  static func product(_ p: Matrix, _ q: Matrix) -> Matrix {
    p.map { row in (0..<q[0].count).map { j in zip(row, q).map { $0 * $1[j] }.reduce(0, +) } }
  }

  @Test("section 1: the gradients are aᵀx's, xᵀAx's, ln|det M|'s and tr(AXB)'s closed forms, exactly")
  func matrixIdentities() throws {
    let lines = try tutorialOutput("matrix-identities")
    try #require(lines.count == 4)
    // Small integers (and M⁻¹ = adj M / 4) are exact in binary, so the page's gradients
    // equal the closed forms exactly, and the printed differences are exactly 0.
    let sum = zip(Self.A, Self.transposed(Self.A)).map { zip($0, $1).map(+) }
    let quadratic = Self.product(sum, Self.x.map { [$0] }).map { $0[0] }  // (A + Aᵀ)x
    let m = Self.M
    let det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
    let inverseTransposed = [[m[1][1], -m[1][0]], [-m[0][1], m[0][0]]].map { $0.map { $0 / det } }  // M⁻ᵀ = adj(M)ᵀ/det M
    let traceRule = Self.product(Self.transposed(Self.A), Self.transposed(Self.B))  // AᵀBᵀ
    #expect(printedNumbers(lines[0]) == Self.a + [0])
    #expect(printedNumbers(lines[1]) == quadratic + [0])
    #expect(printedNumbers(lines[2]) == inverseTransposed.flatMap { $0 } + [0])
    #expect(printedNumbers(lines[3]) == traceRule.flatMap { $0 } + [0])
  }

  @Test("section 1: ∂ ln|det M| / ∂M agrees with central differences of ln|ad − bc|")
  func logDeterminantByDifferences() {
    let gradient = gradient(of: { logDeterminant($0).logMagnitude }, at: Tensor(Self.M)).scalars
    let h = 1e-5
    for k in 0..<4 {
      func logDet(_ shift: Double) -> Double {
        var e = Self.M.flatMap { $0 }
        e[k] += shift
        return log(abs(e[0] * e[3] - e[1] * e[2]))
      }
      let difference = (logDet(h) - logDet(-h)) / (2 * h)
      // Central differences: truncation h²·|f‴|/6 ≈ 10⁻¹⁰ (|f‴| ≤ 2·(1/2)³·… is O(1) here,
      // the entries of M⁻¹ being at most 3/4) plus rounding ε·|f|/h ≈ 10⁻¹¹: 10⁻⁸ bounds both.
      #expect(abs(gradient[k] - difference) <= 1e-8, "entry \(k): \(gradient[k]) against \(difference)")
    }
  }

  @Test("section 2: (x, y) = (2, 1), λ = 1/4, f = 2, curvature −8/5, ∇f = λ∇g")
  func lagrange() throws {
    let lines = try tutorialOutput("lagrange-solve")
    try #require(lines.count == 3)
    let (x, y, lambda) = (2.0, 1.0, 0.25)  // the hand solution of y = 2λx, x = 8λy, x² + 4y² = 8
    expectPrinted(printedNumbers(lines[0]), [x, y, lambda, x * y], "solution")
    #expect(lines[1].hasPrefix("maximum "))
    // tᵀ(∇²L)t along the tangent t = (2, −1)/√5, with ∇²L = [[−2λ, 1], [1, −8λ]].
    let curvature = (4 * (-2 * lambda) + 2 * 2 * -1 * 1 + 1 * (-8 * lambda)) / 5
    #expect(curvature == -1.6)
    expectPrinted([printedNumbers(lines[1]).last!], [curvature], "curvature")
    expectPrinted(
      printedNumbers(lines[2]), [y, x, 2 * x, 8 * y, lambda * 2 * x, lambda * 8 * y], "∇f, ∇g, λ∇g")
  }

  @Test("section 3: the forward trace's values and tangents, and ∂f/∂x₁ = 1/x₁ + x₂, ∂f/∂x₂ = x₁ − cos x₂")
  func forwardMode() throws {
    let (x1, x2) = (RunningExample.x1, RunningExample.x2)
    let trace: [(value: Double, tangent: Double)] = [
      (log(x1), 1 / x1), (x1 * x2, x2), (sin(x2), 0), (log(x1) + x1 * x2, 1 / x1 + x2),
      (RunningExample.value, RunningExample.d1),
    ]
    let lines = try tutorialOutput("forward-by-dual")
    try #require(lines.count == 7)
    for (line, row) in zip(lines, trace) {
      expectPrinted(printedNumbers(line), [row.value, row.tangent], line)
    }
    expectPrinted(printedNumbers(lines[5]), [RunningExample.value, RunningExample.d1], lines[5])
    expectPrinted(printedNumbers(lines[6]), [RunningExample.d2], lines[6])
    expectPrinted(
      printedNumbers(try tutorialOutput("forward-gradient")[0]), [RunningExample.d1, RunningExample.d2], "forward")
  }

  @Test("section 3: the closed-form partials agree with central differences")
  func partialsByDifferences() {
    let (x1, x2) = (RunningExample.x1, RunningExample.x2)
    let h = 1e-5
    let d1 = (RunningExample.f(x1 + h, x2) - RunningExample.f(x1 - h, x2)) / (2 * h)
    let d2 = (RunningExample.f(x1, x2 + h) - RunningExample.f(x1, x2 - h)) / (2 * h)
    // Truncation h²·|f‴|/6 ≤ 10⁻¹⁰·(2/x₁³ or 1) and rounding ε·|f|/h ≈ 2·10⁻¹⁰ (|f| ≈ 12):
    // 10⁻⁸ bounds both.
    #expect(abs(d1 - RunningExample.d1) <= 1e-8)
    #expect(abs(d2 - RunningExample.d2) <= 1e-8)
  }

  @Test("section 4: the tape's partials and adjoints, and the reverse gradient")
  func reverseMode() throws {
    let (x1, x2) = (RunningExample.x1, RunningExample.x2)
    let lines = try tutorialOutput("reverse-by-tape")
    try #require(lines.count == 6)
    #expect(lines[0] == "v0 = input() []" && lines[1] == "v1 = input() []")
    // multiply(x₁, x₂): (x₂, x₁); add(ln x₁ folded, x₁x₂): (1/x₁, 1); subtract(…, sin x₂ folded): (1, −cos x₂).
    expectPrinted(Array(printedNumbers(lines[2]).suffix(2)), [x2, x1], lines[2])
    expectPrinted(Array(printedNumbers(lines[3]).suffix(2)), [1 / x1, 1], lines[3])
    expectPrinted(Array(printedNumbers(lines[4]).suffix(2)), [1, -cos(x2)], lines[4])
    expectPrinted(printedNumbers(lines[5]), [RunningExample.d1, RunningExample.d2, 1, 1, 1], lines[5])
    expectPrinted(
      printedNumbers(try tutorialOutput("reverse-gradient")[0]),
      [RunningExample.value, RunningExample.d1, RunningExample.d2], "reverse")
  }

  @Test("section 5: the tensor gradients are 2x, v ⊙ 2u, the accumulated sums, p² and q, exactly")
  func tensors() throws {
    // Every value is a small integer or a half: exact, so compared with ==.
    let x: [Double] = [1, 2, 3]
    let backward = try tutorialOutput("tensor-backward").map(printedNumbers)
    #expect(backward == [[x.map { $0 * $0 }.reduce(0, +)], x.map { 2 * $0 }])
    let v: [Double] = [1, 0.5, -1]
    #expect(try tutorialOutput("tensor-backward-vector").map(printedNumbers) == [zip(v, x).map { $0 * 2 * $1 }])
    let w: [Double] = [1, -2]
    #expect(
      try tutorialOutput("tensor-accumulate").map(printedNumbers)
        == [w.map { 2 * $0 }, w.map { 2 * $0 + 3 }, [0, 0], [3, 3]])
    #expect(try tutorialOutput("tensor-detach").map(printedNumbers) == [[], x.map { $0 * $0 }])
    let q: [Double] = [1, -2]
    let stepped = q.map { $0 - 0.25 * 2 * $0 }
    #expect(try tutorialOutput("tensor-no-grad").map(printedNumbers) == [[], stepped, stepped.map { 2 * $0 }])
  }

  /// The regression snippet's data.
  static func regressionData() throws -> (x: [Double], y: [Double]) {
    let snippets = TutorialSnippets()
    snippets.training()
    let data = try #require(snippets.regressionData)
    return (data.inputs.scalars, data.targets.scalars)
  }

  /// Mean squared error of the line (s, b) and its gradient, from sums.
  static func loss(_ s: Double, _ b: Double, _ x: [Double], _ y: [Double]) -> (value: Double, ds: Double, db: Double) {
    let residuals = zip(x, y).map { s * $0 + b - $1 }
    let n = Double(x.count)
    return (
      residuals.map { $0 * $0 }.reduce(0, +) / n,
      2 * zip(residuals, x).map { $0 * $1 }.reduce(0, +) / n,
      2 * residuals.reduce(0, +) / n
    )
  }

  /// The least-squares line from the normal equations, by Cramer's rule.
  static func leastSquares(_ x: [Double], _ y: [Double]) -> (s: Double, b: Double) {
    let n = Double(x.count)
    let (sx, sy) = (x.reduce(0, +), y.reduce(0, +))
    let sxx = x.map { $0 * $0 }.reduce(0, +)
    let sxy = zip(x, y).map { $0 * $1 }.reduce(0, +)
    let s = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return (s, (sy - s * sx) / n)
  }

  @Test("section 6: the least-squares line, and SGD's and Adam's epochs replayed from their update formulas")
  func training() throws {
    let (x, y) = try Self.regressionData()
    let best = Self.leastSquares(x, y)
    expectPrinted(printedNumbers(try tutorialOutput("regression-data")[0]), [best.s, best.b], "least squares")
    let minimum = Self.loss(best.s, best.b, x, y).value
    let printedEpochs = [1, 3, 10, 30, 100]

    // SGD, θ ← θ − γ∇L(θ), from θ = 0, with ∇L from the sums: the page's lines are
    // (epoch, L before the step, θ after it).
    var (s, b) = (0.0, 0.0)
    var sgd: [[Double]] = []
    for epoch in 1...100 {
      let l = Self.loss(s, b, x, y)
      (s, b) = (s - 0.1 * l.ds, b - 0.1 * l.db)
      if printedEpochs.contains(epoch) { sgd.append([Double(epoch), l.value, s, b]) }
    }
    let sgdLines = try tutorialOutput("train-sgd")
    try #require(sgdLines.count == sgd.count)
    for (line, replay) in zip(sgdLines, sgd) { expectPrinted(printedNumbers(line), replay, line) }

    // The page's claim: L is quadratic with Hessian H = 2·[[mean x², mean x], [mean x, 1]],
    // so ‖θₑ − θ*‖ ≤ ρᵉ‖θ₀ − θ*‖ with ρ = max |1 − γλ| over H's eigenvalues.
    let n = Double(x.count)
    let (hxx, hx) = (2 * x.map { $0 * $0 }.reduce(0, +) / n, 2 * x.reduce(0, +) / n)
    let (mean, spread) = ((hxx + 2) / 2, (((hxx - 2) / 2) * ((hxx - 2) / 2) + hx * hx).squareRoot())
    let rho = max(abs(1 - 0.1 * (mean - spread)), abs(1 - 0.1 * (mean + spread)))
    let start = (best.s * best.s + best.b * best.b).squareRoot()
    for replay in sgd {
      let error = ((replay[2] - best.s) * (replay[2] - best.s) + (replay[3] - best.b) * (replay[3] - best.b)).squareRoot()
      // 1e-12: the replay's own rounding over at most 100 steps.
      #expect(error <= Foundation.pow(rho, replay[0]) * start + 1e-12, "epoch \(replay[0])")
      #expect(replay[1] >= minimum, "no line has a smaller loss than least squares")
    }

    // Adam with PyTorch's defaults, the page's formulas, from θ = 0.
    let (beta1, beta2, epsilon, rate) = (0.9, 0.999, 1e-8, 0.1)
    var theta = [0.0, 0.0]
    var (m, v) = ([0.0, 0.0], [0.0, 0.0])
    var adam: [[Double]] = []
    for epoch in 1...100 {
      let l = Self.loss(theta[0], theta[1], x, y)
      let g = [l.ds, l.db]
      let t = Double(epoch)
      for i in 0..<2 {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
        let (mHat, vHat) = (m[i] / (1 - Foundation.pow(beta1, t)), v[i] / (1 - Foundation.pow(beta2, t)))
        theta[i] -= rate * mHat / (vHat.squareRoot() + epsilon)
      }
      if printedEpochs.contains(epoch) { adam.append([t, l.value] + theta) }
    }
    let adamLines = try tutorialOutput("train-adam")
    try #require(adamLines.count == adam.count)
    for (line, replay) in zip(adamLines, adam) {
      expectPrinted(printedNumbers(line), replay, line)
      #expect(replay[1] >= minimum)
    }
    // The page's claim about the first step: m̂/(√v̂ + ε) = g/(|g| + ε), so each parameter
    // moves by γ less γε/|g|, under 10⁻⁸ here (|g| ≥ 0.1), which six digits do not show.
    let first = Self.loss(0, 0, x, y)
    #expect(min(abs(first.ds), abs(first.db)) >= 0.1 && first.ds < 0 && first.db < 0)
    expectPrinted(Array(printedNumbers(adamLines[0]).suffix(2)), [rate, rate], "Adam's first step")
  }
}
