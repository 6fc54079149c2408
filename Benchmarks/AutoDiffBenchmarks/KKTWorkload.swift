import AutoDiff

// `kkt`: the sparse Lagrange–Newton solver on discretised optimal control (issue 18,
// item 6). Minimise ½h Σᵢ (uᵢ² + yᵢ₊₁²) subject to the explicit Euler steps of
// y′ = −y³ + u, yᵢ₊₁ − yᵢ − h(uᵢ − yᵢ³) = 0, y₀ = 2, horizon 5 (h = 5/N), from x = 0:
// n = 2N variables (y₁…y_N, u₀…u_{N−1}) and m = N constraints. The test suite solves the
// same problem at N = 200 and checks it against hand-written optimality conditions
// (Tests/AutoDiffTests/Optimizers/SparseLagrangeTests.swift).
//
//   swift run -c release AutoDiffBenchmarks kkt [N]      (N = 5000 by default)
//
// It also solves small instances both ways (dense and sparse KKT), for the crossover that
// sets KKTSolver.automatic's threshold of n + m = 200.

/// ½h Σ xᵢ²: the control cost.
struct KKTControlCost: DifferentiableScalarFunction {
  let steps: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for v in x { sum += v * v }
    return sum * (T(5) / T(steps)) / 2
  }
}

/// Euler step i: yᵢ₊₁ − yᵢ − h(uᵢ − yᵢ³).
struct KKTEulerStep: DifferentiableScalarFunction {
  let i: Int
  let steps: Int
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    let h = T(5) / T(steps)
    let y = i == 0 ? T(2) : x[i - 1]
    return x[i] - y - h * (x[steps + i] - y * y * y)
  }
}

/// Solves the problem `runs` times (after one warm-up) and reports the run of median
/// total time, split per Newton step into its parts.
func kktWorkload(steps: Int, runs: Int = 5) -> [Row] {
  let constraints: [any DifferentiableScalarFunction] = (0..<steps).map { KKTEulerStep(i: $0, steps: steps) }
  let start = [Double](repeating: 0, count: 2 * steps)
  let clock = ContinuousClock()
  var results: [(seconds: Double, solution: LagrangeSolution<Double>)] = []
  for run in 0...runs {
    var solution: LagrangeSolution<Double>?
    let elapsed = clock.measure {
      solution = try? minimize(KKTControlCost(steps: steps), subjectTo: constraints, from: start)
    }
    guard let solution else {
      print("kkt: the solve failed")
      return []
    }
    if run > 0 { results.append((seconds(elapsed), solution)) }
  }
  results.sort { $0.seconds < $1.seconds }
  let (total, solution) = results[results.count / 2]
  let p = solution.profile
  let k = Double(solution.iterations)
  let perStep = [
    p.sparsityDetection, p.hessianEvaluation, p.factorization, p.solve, p.lineSearch,
  ].map { seconds($0) / k }
  let stepTotal = perStep.reduce(0, +)
  let n = 2 * steps
  let label = "N=\(steps): n=\(n), m=\(steps)"
  func row(_ variant: String, _ s: Double, _ note: String = "") -> Row {
    Row(workload: "KKT", variant: variant, seconds: s, ratio: s / stepTotal, checksum: note)
  }
  return [
    Row(
      workload: "KKT", variant: "whole solve, \(label)", seconds: total, ratio: nil,
      checksum: "\(solution.iterations) Newton steps, ‖∇L‖=\(solution.residual), \(solution.kind), "
        + "\(p.kktSolver), f=\(solution.value)"),
    row("per step (sum of the parts below)", stepTotal),
    row("  sparsity detection (+ colouring if new)", perStep[0], "\(p.kktEntries) entries in K"),
    row("  Hessian of L (K), compressed", perStep[1], "\(p.colorCount) colours"),
    row("  LU factorisation (UMFPACK)", perStep[2]),
    row("  solve with the factors", perStep[3]),
    row("  line search (gradients of L)", perStep[4]),
    Row(
      workload: "KKT", variant: "once: starting multipliers", seconds: seconds(p.initialization),
      ratio: nil, checksum: "augmented least squares, sparse LU"),
    Row(
      workload: "KKT", variant: "once: second-order test", seconds: seconds(p.classification),
      ratio: nil, checksum: "CHOLMOD on H + ρJᵀJ − 2δI"),
  ]
}

/// Whole solves of small instances, dense against sparse, n + m = 3N.
func kktCrossover(steps: [Int] = [20, 67, 200]) -> [Row] {
  var rows: [Row] = []
  for n in steps {
    let constraints: [any DifferentiableScalarFunction] = (0..<n).map { KKTEulerStep(i: $0, steps: n) }
    let start = [Double](repeating: 0, count: 2 * n)
    var kinds: [StationaryPointKind] = []
    let times = interleavedMedians(runs: 5, [KKTSolver.dense, .sparse].map { solver in
      {
        let solution = try? minimize(KKTControlCost(steps: n), subjectTo: constraints, from: start, kktSolver: solver)
        if kinds.count < 2, let solution { kinds.append(solution.kind) }
        consume(solution?.residual)
      }
    })
    rows.append(Row(
      workload: "KKT", variant: "N=\(n) (n + m = \(3 * n)), dense", seconds: times[0], ratio: 1,
      checksum: "\(kinds.first.map { "\($0)" } ?? "failed")"))
    rows.append(Row(
      workload: "KKT", variant: "N=\(n) (n + m = \(3 * n)), sparse", seconds: times[1],
      ratio: times[1] / times[0], checksum: "\(kinds.last.map { "\($0)" } ?? "failed")"))
  }
  return rows
}

private func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
