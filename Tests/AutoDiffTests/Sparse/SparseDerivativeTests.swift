import AutoDiff
import RealModule
import Testing

// Sparse Jacobians and Hessians against the dense ones of the other code paths (dense
// forward and reverse Jacobians, the dense forward-over-reverse Hessian) and against
// patterns stated independently of the detector: each catalogue function is built from
// explicit dependency lists, and the expected pattern is read off those lists.

/// F: Rⁿ → Rᵐ where output i depends on exactly the inputs `dependencies[i]`, through a
/// mix of products, sums and elementary functions (so every listed partial is non-zero
/// at generic points).
struct ListedDependencies: DifferentiableFunction {
  let dependencies: [[Int]]

  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    dependencies.enumerated().map { i, inputs in
      var value: T = 0
      for (k, j) in inputs.enumerated() {
        switch (i + k) % 3 {
        case 0: value += .sin(x[j]) * x[j]
        case 1: value = value * x[j] + .exp(x[j] / 4)
        default: value -= x[j] * x[j] * x[j] / 3
        }
      }
      return value
    }
  }
}

/// f: Rⁿ → R whose Hessian pattern is exactly the symmetric closure of `pairs` (i == j
/// allowed): Σ over pairs of cos(xᵢ·xⱼ) for i ≠ j and xᵢ⁴/4 for i == j.
struct ListedInteractions: DifferentiableScalarFunction {
  let pairs: [(Int, Int)]

  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for (i, j) in pairs {
      if i == j {
        let square = x[i] * x[i]
        sum += square * square / 4
      } else {
        sum += .cos(x[i] * x[j])
      }
    }
    return sum
  }
}

/// The catalogue of Jacobian structures: (name, input count, dependency lists).
func jacobianCatalogue() -> [(String, Int, [[Int]])] {
  var generator = SeededGenerator(stream: 18)
  let n = 12
  var cases: [(String, Int, [[Int]])] = []
  cases.append(("diagonal", n, (0..<n).map { [$0] }))
  cases.append(("banded b=2", n, (0..<n).map { i in Array(Swift.max(0, i - 2)...Swift.min(n - 1, i + 2)) }))
  cases.append(("arrow", n, [Array(0..<n)] + (1..<n).map { [0, $0] }))
  cases.append(("block 3×3", n, (0..<n).map { i in Array((i / 3 * 3)..<(i / 3 * 3 + 3)) }))
  for density in [0.1, 0.3] {
    let rows = (0..<15).map { _ in (0..<n).filter { _ in Double.random(in: 0..<1, using: &generator) < density } }
    cases.append(("random \(density)", n, rows))
  }
  cases.append(("dense", 6, (0..<4).map { _ in Array(0..<6) }))
  cases.append(("empty row and column", 5, [[0, 1], [], [1, 3]]))
  return cases
}

/// The catalogue of Hessian structures: (name, variable count, interacting pairs).
func hessianCatalogue() -> [(String, Int, [(Int, Int)])] {
  var generator = SeededGenerator(stream: 81)
  let n = 12
  var cases: [(String, Int, [(Int, Int)])] = []
  cases.append(("diagonal", n, (0..<n).map { ($0, $0) }))
  let cyclic: [(Int, Int)] = (0..<n).flatMap { i -> [(Int, Int)] in [(i, i), (i, (i + 1) % n)] }
  cases.append(("cyclic tridiagonal (W5)", n, cyclic))
  let arrow: [(Int, Int)] = (0..<n).map { ($0, $0) } + (1..<n).map { (0, $0) }
  cases.append(("arrow", n, arrow))
  var block: [(Int, Int)] = []
  for i in 0..<n {
    for j in (i + 1)..<(i / 4 * 4 + 4) { block.append((i, j)) }
  }
  cases.append(("block 4×4", n, block))
  for density in [0.1, 0.3] {
    var pairs: [(Int, Int)] = []
    for i in 0..<n {
      for j in i..<n where Double.random(in: 0..<1, using: &generator) < density { pairs.append((i, j)) }
    }
    cases.append(("random \(density)", n, pairs))
  }
  let dense: [(Int, Int)] = (0..<6).flatMap { i -> [(Int, Int)] in (i..<6).map { (i, $0) } }
  cases.append(("dense", 6, dense))
  return cases
}

func point(_ n: Int, stream: Int) -> [Double] {
  var generator = SeededGenerator(stream: stream)
  return (0..<n).map { _ in Double.random(in: 0.3...1.2, using: &generator) }
}

/// Entries equal to a relative 1e-12: the sparse and dense paths sum the same products in
/// different orders (a compressed lane adds structurally zero terms), a few ulps apart.
func expectSameMatrix(_ sparse: [[Double]], _ dense: [[Double]], _ label: String) {
  #expect(sparse.count == dense.count, "\(label): row counts")
  guard sparse.count == dense.count else { return }
  for (i, (a, b)) in zip(sparse, dense).enumerated() {
    #expect(a.count == b.count, "\(label): row \(i) lengths")
    guard a.count == b.count else { continue }
    for j in a.indices {
      let scale = Swift.max(1, Swift.abs(b[j]))
      #expect(Swift.abs(a[j] - b[j]) <= 1e-12 * scale, "\(label): (\(i), \(j)) \(a[j]) vs \(b[j])")
    }
  }
}

@Suite("Sparse Jacobians and Hessians")
struct SparseDerivativeTests {
  @Test("Detected Jacobian patterns equal the listed dependencies, locally and globally")
  func jacobianPatterns() {
    var checked = 0
    for (name, n, rows) in jacobianCatalogue() {
      let f = ListedDependencies(dependencies: rows)
      let expected = SparsityPattern(columnCount: n, rows: rows)
      #expect(jacobianSparsity(of: f, at: point(n, stream: 1)) == expected, "\(name) local")
      #expect(jacobianSparsity(of: f, inputCount: n) == expected, "\(name) global")
      checked += 1
    }
    #expect(checked == 8)
  }

  @Test("Sparse Jacobians equal the dense ones in every mode and colouring order")
  func jacobiansAgree() {
    var checked = 0
    for (name, n, rows) in jacobianCatalogue() {
      let f = ListedDependencies(dependencies: rows)
      let x = point(n, stream: 2)
      let forward = jacobian(of: f, at: x, mode: .forward)
      let reverse = jacobian(of: f, at: x, mode: .reverse)
      for mode in [JacobianMode.forward, .reverse, .automatic] {
        for order in ColoringOrder.allCases {
          let prepared = PreparedSparseJacobian(of: f, at: x, mode: mode, order: order)
          let sparse = prepared.jacobian(at: x)
          #expect(sparse.pattern.nonzeroCount == rows.reduce(0) { $0 + Set($1).count })
          expectSameMatrix(sparse.dense, forward, "\(name) \(mode) \(order) vs dense forward")
          expectSameMatrix(sparse.dense, reverse, "\(name) \(mode) \(order) vs dense reverse")
          #expect(prepared.coloring.colorCount >= prepared.colorCountLowerBound)
          #expect(prepared.coloring.colorCount <= (prepared.mode == .forward ? n : rows.count))
          checked += 1
        }
      }
    }
    #expect(checked == 8 * 3 * ColoringOrder.allCases.count)
  }

  @Test("Sparse Jacobians agree with central differences")
  func jacobianAgainstFiniteDifferences() {
    let f = ListedDependencies(dependencies: (0..<10).map { i in [i, (i + 3) % 10, (i + 7) % 10] })
    let x = point(10, stream: 3)
    let sparse = jacobian(of: f, at: x, sparsity: .detect).dense
    let reference = fivePointJacobian(of: { f($0) }, at: x)
    #expect(sparse.count == reference.count)
    var checked = 0
    for (a, b) in zip(sparse, reference) {
      #expect(a.count == b.count)
      for (u, v) in zip(a, b) {
        // Five-point differences with their default step: truncation and rounding error
        // of order 1e-9 on entries of order 1.
        #expect(Swift.abs(u - v) <= 1e-7 * Swift.max(1, Swift.abs(v)))
        checked += 1
      }
    }
    #expect(checked == 100)
  }

  @Test("Detected Hessian patterns equal the listed interactions, and sparse Hessians the dense ones")
  func hessiansAgree() {
    var checked = 0
    for (name, n, pairs) in hessianCatalogue() {
      let f = ListedInteractions(pairs: pairs)
      // cos(xᵢ·xⱼ) has all four second partials: (i, j), (j, i), (i, i) and (j, j).
      let expected = SparsityPattern(
        rowCount: n, columnCount: n,
        entries: pairs.flatMap { (i, j) -> [(row: Int, column: Int)] in
          [(i, j), (j, i), (i, i), (j, j)]
        })
      let x = point(n, stream: 4)
      #expect(hessianSparsity(of: f, at: x) == expected, "\(name) local")
      #expect(hessianSparsity(of: f, inputCount: n) == expected, "\(name) global")
      let dense = hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in f(v) }, at: x)
      for order in ColoringOrder.allCases {
        let prepared = PreparedSparseHessian(of: f, at: x, order: order)
        expectSameMatrix(prepared.hessian(at: x).dense, dense, "\(name) \(order)")
        checked += 1
      }
    }
    #expect(checked == 7 * ColoringOrder.allCases.count)
  }

  @Test("W5's Hessian (n = 200) takes three colours and equals the dense one")
  func w5() {
    struct W5: DifferentiableScalarFunction {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
        var sum: T = 0
        for i in x.indices {
          let square = x[i] * x[i]
          sum += .sin(x[i] * x[(i + 1) % x.count]) + square * square / 4
        }
        return sum
      }
    }
    let x = (0..<200).map { 0.5 + 0.3 * Double.sin(Double($0)) }
    let prepared = PreparedSparseHessian(of: W5(), at: x)
    #expect(prepared.pattern.nonzeroCount == 600)
    #expect(prepared.coloring.colorCount == 3)
    let dense = hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in W5()(v) }, at: x)
    expectSameMatrix(prepared.hessian(at: x).dense, dense, "W5")
  }

  @Test("Prepared derivatives evaluated at new points equal fresh ones there")
  func preparedReuse() {
    let f = ListedDependencies(dependencies: (0..<9).map { i in [i, (i + 1) % 9] })
    let g = ListedInteractions(pairs: (0..<9).map { ($0, ($0 + 2) % 9) })
    let jacobianPlan = PreparedSparseJacobian(of: f, at: point(9, stream: 5), sparsity: .detectGlobally)
    let hessianPlan = PreparedSparseHessian(of: g, at: point(9, stream: 5), sparsity: .detectGlobally)
    var checked = 0
    for stream in 6..<10 {
      let x = point(9, stream: stream)
      expectSameMatrix(jacobianPlan.jacobian(at: x).dense, jacobian(of: f, at: x, mode: .reverse), "J \(stream)")
      expectSameMatrix(
        hessianPlan.hessian(at: x).dense,
        hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in g(v) }, at: x), "H \(stream)")
      checked += 1
    }
    #expect(checked == 4)
  }

  @Test("Rule structures: linear operations add no Hessian entries, products only mixed ones")
  func ruleStructures() {
    struct Probe: DifferentiableScalarFunction {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
        // x₀ + x₁ − |x₂|: linear. x₃·x₄: mixed only. x₅/x₆: (5,6) and (6,6), not (5,5).
        // pow(x₇, 1): linear. max(x₈, 0): linear.
        x[0] + x[1] - x[2].magnitude + x[3] * x[4] + x[5] / x[6] + .pow(x[7], 1)
          + .maximum(x[8], 0)
      }
    }
    let expected = SparsityPattern(
      rowCount: 9, columnCount: 9, entries: [(3, 4), (4, 3), (5, 6), (6, 5), (6, 6)])
    #expect(hessianSparsity(of: Probe(), inputCount: 9) == expected)
    #expect(hessianSparsity(of: Probe(), at: point(9, stream: 7)) == expected)
  }

  @Test("Local detection follows the branches and the argument max picks")
  func localBranches() {
    struct Branchy: DifferentiableFunction {
      func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
        [x[0] > 0 ? x[0] * x[1] : x[2], .maximum(x[1], x[2])]
      }
    }
    let positive = jacobianSparsity(of: Branchy(), at: [1.0, 3, 2])
    #expect(positive == SparsityPattern(columnCount: 3, rows: [[0, 1], [1]]))
    let negative = jacobianSparsity(of: Branchy(), at: [-1.0, 2, 3])
    #expect(negative == SparsityPattern(columnCount: 3, rows: [[2], [2]]))
    // A tie keeps both arguments: each gets half the derivative.
    let tie = jacobianSparsity(of: Branchy(), at: [-1.0, 2, 2])
    #expect(tie == SparsityPattern(columnCount: 3, rows: [[2], [1, 2]]))
  }

  @Test("Global detection refuses a comparison on a value that depends on the inputs")
  func globalRefusesComparison() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      struct Branchy: DifferentiableFunction {
        func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0] > 0 ? x[0] : x[1]] }
      }
      _ = jacobianSparsity(of: Branchy(), inputCount: 2)
    }
    let message = standardError(of: result)
    #expect(message.contains("sparsity detection (global): > on a value that depends on the inputs"))
  }

  @Test("A prepared Jacobian stops where the function leaves its detected pattern")
  func outsidePatternStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      struct Branchy: DifferentiableFunction {
        func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
          [x[0] > 0 ? x[0] * x[1] : x[2], x[1]]
        }
      }
      let prepared = PreparedSparseJacobian(of: Branchy(), at: [1.0, 2, 3], mode: .forward)
      _ = prepared.jacobian(at: [-1.0, 2, 3])
    }
    #expect(standardError(of: result).contains(
      "PreparedSparseJacobian.jacobian(at:): at this point the derivative has the entry (0, 2), "
        + "which the pattern detected at the preparation point lacks"))
  }

  @Test("A prepared Hessian stops where the function leaves its detected pattern")
  func hessianOutsidePatternStops() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      struct Branchy: DifferentiableScalarFunction {
        func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
          x[0] > 0 ? x[0] * x[0] + x[1] * x[1] : x[0] * x[1]
        }
      }
      let prepared = PreparedSparseHessian(of: Branchy(), at: [1.0, 2])
      _ = prepared.hessian(at: [-1.0, 2])
    }
    #expect(standardError(of: result).contains(
      "PreparedSparseHessian.hessian(at:): at this point the derivative has the entry (1, 0)"))
  }

  @Test("A given pattern that lacks an entry stops where the compressed result shows it: forward")
  func givenPatternTooSmallForward() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // Row 0 of the pattern is empty, yet x₀·x₁ depends on both inputs.
      let f = ListedDependencies(dependencies: [[0, 1], [1]])
      let wrong = SparsityPattern(columnCount: 2, rows: [[], [1]])
      _ = jacobian(of: f, at: [1.0, 2], sparsity: .pattern(wrong), mode: .forward)
    }
    #expect(standardError(of: result).contains(
      "output 0 depends on an input of colour 0: the derivative has an entry outside the sparsity pattern"))
  }

  @Test("A given pattern that lacks an entry stops where the compressed result shows it: reverse")
  func givenPatternTooSmallReverse() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // Column 0 of the pattern is empty, yet output 0 depends on x₀.
      let f = ListedDependencies(dependencies: [[0, 1], [1]])
      let wrong = SparsityPattern(columnCount: 2, rows: [[1], [1]])
      _ = jacobian(of: f, at: [1.0, 2], sparsity: .pattern(wrong), mode: .reverse)
    }
    #expect(standardError(of: result).contains(
      "input 0 reaches an output of colour 0 outside the pattern"))
  }

  @Test("A given Hessian pattern that lacks an entry stops where H·S shows it")
  func givenHessianPatternTooSmall() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      // H of x₀·x₁ is [[0, 1], [1, 0]]; the pattern has (1, 1) only, so variable 0 meets no
      // colour, yet its row of H·S is 1.
      struct Product: DifferentiableScalarFunction {
        func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0] * x[1] }
      }
      let wrong = SparsityPattern(rowCount: 2, columnCount: 2, entries: [(1, 1)])
      _ = hessian(of: Product(), at: [1.0, 2], sparsity: .pattern(wrong))
    }
    #expect(standardError(of: result).contains(
      "variable 0 interacts with a variable of colour 0: the derivative has an entry outside the sparsity pattern"))
  }

  @Test("Local detection at the point of evaluation is not repeated, elsewhere it is")
  func redetection() {
    // A function whose pattern is the same at both points: evaluation elsewhere detects
    // again, finds the pattern contained, and gives the dense Jacobian there.
    let f = ListedDependencies(dependencies: [[0, 1], [1, 2], [2]])
    let prepared = PreparedSparseJacobian(of: f, at: [1.0, 2, 3])
    let x = [0.5, 0.25, 2]
    expectSameMatrix(prepared.jacobian(at: x).dense, jacobian(of: f, at: x, mode: .forward), "elsewhere")
  }

  @Test("A tracer kept from one detection and used in another stops")
  func mixedDetections() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var kept: SparsityTracer<Double>?
      _ = jacobianSparsity(of: { (x: [SparsityTracer<Double>]) in
        kept = x[0]
        return [x[0]]
      }, at: [1.0])
      _ = jacobianSparsity(of: { (x: [SparsityTracer<Double>]) in [x[0] * kept!] }, at: [1.0])
    }
    #expect(standardError(of: result).contains("the operands come from two different detections"))
  }

  @Test("A given pattern of the wrong size stops")
  func wrongPatternSize() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let f = ListedDependencies(dependencies: [[0], [1]])
      _ = jacobian(of: f, at: [1.0, 2, 3], sparsity: .pattern(SparsityPattern(columnCount: 2, rows: [[0], [1]])))
    }
    #expect(standardError(of: result).contains("the pattern has 2 columns for 3 inputs"))
  }

  @Test("Automatic mode picks the colouring with fewer colours")
  func automaticMode() {
    // One output depends on every input (a dense row: n column colours, 1 row colour)…
    let wide = ListedDependencies(dependencies: [Array(0..<10)])
    #expect(PreparedSparseJacobian(of: wide, at: point(10, stream: 8)).mode == .reverse)
    // …every output on one input (a dense column: 1 column colour, m row colours).
    let tall = ListedDependencies(dependencies: (0..<10).map { _ in [0] })
    #expect(PreparedSparseJacobian(of: tall, at: point(1, stream: 8)).mode == .forward)
  }
}
