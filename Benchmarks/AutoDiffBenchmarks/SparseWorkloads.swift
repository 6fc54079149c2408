import AutoDiff
import RealModule

// `AutoDiffBenchmarks sparse`: the sparse-derivative targets (issue 18) beside the plain
// functions they differentiate. W5's sparse rows are in `w5` and in the `perf` suite,
// where run-all.sh puts JAX's dense Hessian beside them.

/// An arrow-shaped Hessian: x₀ meets every xᵢ, and every xᵢ meets itself.
/// f(x) = Σᵢ₌₁ cos(x₀·xᵢ) + Σᵢ xᵢ⁴/4.
struct ArrowFunction: DifferentiableScalarFunction {
  @inline(never)
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    var sum: T = 0
    for i in x.indices {
      let square = x[i] * x[i]
      sum += square * square / 4
      if i > 0 { sum += .cos(x[0] * x[i]) }
    }
    return sum
  }
}

/// A banded F: Rⁿ → Rⁿ with half-bandwidth 2: Fᵢ depends on xᵢ₋₂ … xᵢ₊₂.
/// Fᵢ = xᵢ²·sin(xᵢ₋₂) + xᵢ₋₁·xᵢ₊₁ − exp(xᵢ₊₂)/10 (terms past either end left out).
struct BandedFunction: DifferentiableFunction {
  @inline(never)
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let n = x.count
    var y: [T] = []
    y.reserveCapacity(n)
    for i in 0..<n {
      var value = x[i] * x[i]
      if i >= 2 { value *= .sin(x[i - 2]) }
      if i >= 1 && i + 1 < n { value += x[i - 1] * x[i + 1] }
      if i + 2 < n { value -= .exp(x[i + 2]) / 10 }
      y.append(value)
    }
    return y
  }
}

func sparseWorkloads() -> [Row] {
  let clock = ContinuousClock()
  func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
  var rows: [Row] = []

  // Arrow Hessian, n = 10⁵.
  let n = 100_000
  let x = (0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) }
  var arrow: PreparedSparseHessian<ArrowFunction, Double>!
  let prepare = clock.measure {
    arrow = PreparedSparseHessian(of: ArrowFunction(), at: x, sparsity: .detectGlobally)
  }
  var plain = 0.0
  var h = arrow.hessian(at: x)
  let times = interleavedMedians(runs: 7, [
    { plain = ArrowFunction()(x); consume(plain) },
    { h = arrow.hessian(at: x); consume(h) },
  ])
  rows.append(Row(workload: "arrow", variant: "plain f(x), n = 10⁵", seconds: times[0], ratio: 1,
                  checksum: "\(plain)"))
  rows.append(Row(
    workload: "arrow",
    variant: "detect (global) + star colouring: \(arrow.coloring.colorCount) colours (densest row \(arrow.pattern.colorCountLowerBound))",
    seconds: seconds(prepare), ratio: nil, checksum: "nnz=\(arrow.pattern.nonzeroCount)"))
  rows.append(Row(workload: "arrow", variant: "prepared sparse Hessian", seconds: times[1],
                  ratio: times[1] / times[0], checksum: "ΣH=\(h.values.reduce(0, +))"))

  // Banded Jacobian, n = 10⁵, half-bandwidth 2.
  var banded: PreparedSparseJacobian<BandedFunction, Double>!
  let prepareBanded = clock.measure {
    banded = PreparedSparseJacobian(of: BandedFunction(), at: x, sparsity: .detectGlobally)
  }
  var y: [Double] = []
  var j = banded.jacobian(at: x)
  var reverse: PreparedSparseJacobian<BandedFunction, Double>!
  let prepareReverse = clock.measure {
    reverse = PreparedSparseJacobian(
      of: BandedFunction(), at: x, sparsity: .pattern(banded.pattern), mode: .reverse)
  }
  var jr = reverse.jacobian(at: x)
  let bandTimes = interleavedMedians(runs: 7, [
    { y = BandedFunction()(x); consume(y) },
    { j = banded.jacobian(at: x); consume(j) },
    { jr = reverse.jacobian(at: x); consume(jr) },
  ])
  rows.append(Row(workload: "banded", variant: "plain F(x), n = 10⁵", seconds: bandTimes[0],
                  ratio: 1, checksum: "\(y.reduce(0, +))"))
  rows.append(Row(
    workload: "banded",
    variant: "detect (global) + colouring: \(banded.coloring.colorCount) colours (\(banded.mode)), bound \(banded.colorCountLowerBound)",
    seconds: seconds(prepareBanded), ratio: nil, checksum: "nnz=\(banded.pattern.nonzeroCount)"))
  rows.append(Row(workload: "banded", variant: "prepared sparse Jacobian, forward",
                  seconds: bandTimes[1], ratio: bandTimes[1] / bandTimes[0],
                  checksum: "ΣJ=\(j.values.reduce(0, +))"))
  rows.append(Row(workload: "banded", variant: "prepared, reverse (\(reverse.coloring.colorCount) row colours; colouring \(Int(seconds(prepareReverse) * 1000)) ms)",
                  seconds: bandTimes[2], ratio: bandTimes[2] / bandTimes[0],
                  checksum: "ΣJ=\(jr.values.reduce(0, +))"))
  return rows
}
