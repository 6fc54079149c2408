// The code of Sources/AutoDiff/AutoDiff.docc/Tutorial.md. Every ```swift block of the
// tutorial is one region of this file between `// snippet: <name>` and `// end snippet`,
// in the same order, and TutorialTests checks that each block is its region verbatim
// (less the common indentation) and that each ```text block after one is what the
// region prints. Edit the two together.
//
// A region inside a method of `TutorialSnippets` runs; its `print` is the class's, which
// keeps the text. Several regions in one method share its variables, as consecutive code
// blocks of the page share a program; `nextSnippet()` between two regions (outside both)
// starts the next one's output. A region outside every method (the imports and the
// rounding helpers below) is a declaration: it is compiled, not run, and no output
// follows it on the page.

// snippet: setup
import AutoDiff
import Foundation
import RealModule

/// `x` to six significant digits, with −0 written as 0, so that what is printed does not
/// depend on the last bits of a computation.
func rounded(_ x: Double) -> String { String(format: "%.6g", x == 0 ? 0 : x) }
func rounded(_ x: [Double]) -> String { "[" + x.map(rounded).joined(separator: ", ") + "]" }
// end snippet

/// Runs the tutorial's snippets and keeps what they print, snippet by snippet.
final class TutorialSnippets {
  /// What each snippet of the method that ran printed, in order.
  private(set) var outputs: [String] = [""]
  /// The solution the Lagrange snippet found, for the picture of the problem.
  private(set) var lagrangeSolution: LagrangeSolution<Double>?
  /// The regression snippet's data, for checking its least-squares line and training.
  private(set) var regressionData: (inputs: Tensor<Double>, targets: Tensor<Double>)?

  /// The methods that hold snippets, each with the names of its snippets in file order.
  /// Every snippet of the file is in one of these or in `declarations`.
  static var methods: [(name: String, snippets: [String], run: (TutorialSnippets) throws -> Void)] {
    [
      ("matrixCalculus", ["matrix-identities"], { $0.matrixCalculus() }),
      ("lagrange", ["lagrange-problem", "lagrange-solve"], { try $0.lagrange() }),
      (
        "modes", ["example-function", "forward-by-dual", "forward-gradient", "reverse-by-tape", "reverse-gradient"],
        { $0.modes() }
      ),
      (
        "tensors", ["tensor-backward", "tensor-backward-vector", "tensor-accumulate", "tensor-detach", "tensor-no-grad"],
        { $0.tensors() }
      ),
      ("training", ["regression-data", "regression-model", "train-sgd", "train-adam"], { $0.training() }),
    ]
  }
  /// The snippets that are declarations, compiled but not run.
  static let declarations = ["setup"]

  /// Swift's `print`, into the current snippet's output.
  func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    outputs[outputs.count - 1] += items.map { "\($0)" }.joined(separator: separator) + terminator
  }

  /// Ends the current snippet's output and starts the next one's.
  func nextSnippet() { outputs.append("") }

  // MARK: - 1. Matrix calculus

  func matrixCalculus() {
    // snippet: matrix-identities
    func largestDifference(_ u: Tensor<Double>, _ v: Tensor<Double>) -> Double {
      zip(u.scalars, v.scalars).map { abs($0 - $1) }.max()!
    }

    let a = Tensor<Double>([1, -2, 3])
    let x = Tensor<Double>([2, 1, -1])
    let A = Tensor<Double>([[2, 1, 0], [-1, 3, 2], [4, 0, 1]])

    // ∇ₓ(aᵀx) = a
    let linear = gradient(of: { x in matmul(a, x) }, at: x)
    print("∇ₓ(aᵀx) =", linear, " largest difference from a:", largestDifference(linear, a))

    // ∇ₓ(xᵀAx) = (A + Aᵀ)x
    let quadratic = gradient(of: { x in matmul(x, matmul(A, x)) }, at: x)
    let quadraticRule = matmul(A + A.transposed(), x)
    print("∇ₓ(xᵀAx) =", quadratic, " from (A + Aᵀ)x:", largestDifference(quadratic, quadraticRule))

    // ∂ ln|det M| / ∂M = M⁻ᵀ
    let M = Tensor<Double>([[2, 1], [2, 3]])
    let logDet = gradient(of: { M in logDeterminant(M).logMagnitude }, at: M)
    let logDetRule = inverse(M).transposed()
    print("∂ln|det M|/∂M =", logDet, " from M⁻ᵀ:", largestDifference(logDet, logDetRule))

    // ∂ tr(AXB) / ∂X = AᵀBᵀ
    let X = Tensor<Double>([[1, 0], [-1, 1], [2, 1]])
    let B = Tensor<Double>([[1, 0, 3], [2, -1, 1]])
    let traceGradient = gradient(of: { X in trace(matmul(matmul(A, X), B)) }, at: X)
    let traceRule = matmul(A.transposed(), B.transposed())
    print("∂tr(AXB)/∂X =", traceGradient, " from AᵀBᵀ:", largestDifference(traceGradient, traceRule))
    // end snippet
  }

  // MARK: - 2. Lagrange multipliers

  func lagrange() throws {
    // snippet: lagrange-problem
    struct Product: DifferentiableScalarFunction {  // f(x, y) = x·y
      func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] * v[1] }
    }
    struct Ellipse: DifferentiableScalarFunction {  // g(x, y) = x² + 4y² − 8
      func callAsFunction<T: Differentiable>(_ v: [T]) -> T { v[0] * v[0] + 4 * v[1] * v[1] - 8 }
    }
    // end snippet
    nextSnippet()
    // snippet: lagrange-solve
    let solution = try maximize(Product(), subjectTo: [Ellipse()], from: [1.0, 1.0])
    print("(x, y) =", rounded(solution.x), " λ =", rounded(solution.multipliers), " f =", rounded(solution.value))
    print(solution.kind, "after", solution.iterations, "Newton steps; curvature along the ellipse",
          rounded(solution.curvatures))

    let gradientOfF = gradient(of: { v in Product()(v) }, at: solution.x)
    let gradientOfG = gradient(of: { v in Ellipse()(v) }, at: solution.x)
    print("∇f =", rounded(gradientOfF), " ∇g =", rounded(gradientOfG),
          " λ∇g =", rounded(gradientOfG.map { solution.multipliers[0] * $0 }))
    // end snippet
    lagrangeSolution = solution
  }

  // MARK: - 3 and 4. Forward and reverse mode

  func modes() {
    // snippet: example-function
    func f<T: Real>(_ x1: T, _ x2: T) -> T { .log(x1) + x1 * x2 - .sin(x2) }
    // end snippet
    nextSnippet()
    // snippet: forward-by-dual
    let x1 = Dual(2.0, derivative: 1)  // seed: ẋ₁ = 1
    let x2 = Dual(5.0, derivative: 0)  //       ẋ₂ = 0
    let v1 = Dual.log(x1)
    let v2 = x1 * x2
    let v3 = Dual.sin(x2)
    let v4 = v1 + v2
    let v5 = v4 - v3
    for (name, v) in [("v₁", v1), ("v₂", v2), ("v₃", v3), ("v₄", v4), ("v₅", v5)] {
      print(name, "value", rounded(v.value), "tangent", rounded(v.derivative))
    }

    let y = f(x1, x2)  // the same operations, in one call
    print("f =", rounded(y.value), " ∂f/∂x₁ =", rounded(y.derivative))
    print("∂f/∂x₂ =", rounded(f(Dual(2.0, derivative: 0), Dual(5.0, derivative: 1)).derivative))
    // end snippet
    nextSnippet()
    // snippet: forward-gradient
    print(rounded(gradient(of: { x in f(x[0], x[1]) }, at: [2.0, 5.0], mode: .forward)))
    // end snippet
    nextSnippet()
    // snippet: reverse-by-tape
    let tape = Tape<Double>()
    let t1 = tape.input(2), t2 = tape.input(5)
    let output = f(t1, t2)
    for entry in tape.entries {
      let operands = entry.operands.map { "v\($0)" }.joined(separator: ", ")
      print("v\(entry.index) = \(entry.operation.name)(\(operands))", rounded(entry.partials))
    }
    print("adjoints:", rounded(tape.adjoints(of: output)))
    // end snippet
    nextSnippet()
    // snippet: reverse-gradient
    let result = valueWithGradient(of: { x in f(x[0], x[1]) }, at: [2.0, 5.0])
    print("f =", rounded(result.value), " ∇f =", rounded(result.gradient))
    // end snippet
  }

  // MARK: - 5. Tensors, the PyTorch way

  func tensors() {
    // snippet: tensor-backward
    var x = Tensor<Double>([1, 2, 3])
    x.requiresGradient = true
    let y = (x * x).sum()  // y = Σ xᵢ²
    y.backward()
    print(y)
    print(x.gradient!)  // 2x
    // end snippet
    nextSnippet()
    // snippet: tensor-backward-vector
    var u = Tensor<Double>([1, 2, 3])
    u.requiresGradient = true
    let squares = u * u  // three outputs: backward() alone would stop here
    squares.backward(Tensor([1, 0.5, -1]))  // vᵀJ with J = diag(2u)
    print(u.gradient!)
    // end snippet
    nextSnippet()
    // snippet: tensor-accumulate
    var w = Tensor<Double>([1, -2])
    w.requiresGradient = true
    (w * w).sum().backward()
    print(w.gradient!)  // 2w
    (3 * w).sum().backward()
    print(w.gradient!)  // 2w + 3: the second backward added to the first
    w.zeroGradient()
    print(w.gradient!)
    (3 * w).sum().backward()
    print(w.gradient!)  // 3 alone
    // end snippet
    nextSnippet()
    // snippet: tensor-detach
    var p = Tensor<Double>([1, 2, 3])
    p.requiresGradient = true
    let constantSquares = (p * p).detached()  // the values p², no graph behind them
    print(constantSquares.requiresGradient, constantSquares.gradientFunction ?? "no gradient function")
    (constantSquares * p).sum().backward()
    print(p.gradient!)  // p², not 3p²: only the second factor is differentiated
    // end snippet
    nextSnippet()
    // snippet: tensor-no-grad
    var q = Tensor<Double>([1, -2])
    q.requiresGradient = true
    (q * q).sum().backward()
    let doubled = withoutGradient { q * 2 }
    print(doubled.requiresGradient)  // computed inside withoutGradient: no graph
    withoutGradient { q -= 0.25 * q.gradient! }  // a gradient-descent step by hand
    q.zeroGradient()
    print(q, q.requiresGradient)
    (q * q).sum().backward()
    print(q.gradient!)
    // end snippet
  }

  // MARK: - 6. SGD and Adam

  func training() {
    // snippet: regression-data
    var generator = SplitMix64(seed: 2024)
    let inputs = Tensor<Double>.randomUniform([40], in: -1...1, using: &generator)
    let noise = Tensor<Double>.randomNormal([40], standardDeviation: 0.1, using: &generator)
    let targets = 2 * inputs + 1 + noise  // y = 2x + 1, with noise

    // The best line by least squares, for comparison: DᵀD·(slope, intercept) = Dᵀy, D = [x 1].
    let design = stack([inputs, Tensor.ones([40])], alongAxis: 1)
    let best = solve(matmul(design.transposed(), design), matmul(design.transposed(), targets))
    print("least squares: slope", rounded(best[0].scalar), "intercept", rounded(best[1].scalar))
    // end snippet
    regressionData = (inputs, targets)
    nextSnippet()
    // snippet: regression-model
    struct Line: Layer {
      var slope = Tensor<Double>(0)
      var intercept = Tensor<Double>(0)
      static var parameterKeyPaths: [WritableKeyPath<Line, Tensor<Double>>] { [\.slope, \.intercept] }

      init() {
        slope.requiresGradient = true
        intercept.requiresGradient = true
      }

      func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { slope * x + intercept }
    }

    func train<O: Optimizer>(_ optimizer: inout O, epochs: Int) where O.Scalar == Double {
      var line = Line()
      for epoch in 1...epochs {
        let loss = meanSquaredError(line(inputs), targets)
        loss.backward()
        optimizer.step(&line)
        line.zeroGradient()
        if [1, 3, 10, 30, 100].contains(epoch) {
          print("epoch", epoch, "loss", rounded(loss.scalar), "slope", rounded(line.slope.scalar),
                "intercept", rounded(line.intercept.scalar))
        }
      }
    }
    // end snippet
    nextSnippet()
    // snippet: train-sgd
    var sgd = SGD<Double>(learningRate: 0.1)
    train(&sgd, epochs: 100)
    // end snippet
    nextSnippet()
    // snippet: train-adam
    var adam = Adam<Double>(learningRate: 0.1)
    train(&adam, epochs: 100)
    // end snippet
  }
}
