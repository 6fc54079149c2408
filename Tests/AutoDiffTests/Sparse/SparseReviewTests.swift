import AutoDiff
import RealModule
import Testing

// Review of the sparse derivatives (issue 18): inputs where a sparse result could differ
// silently from the dense derivative, and misuse that must stop with a message naming it.

/// y₀ = significand(x₀) + x₁: ∂y₀/∂x₀ = 2^(−exponent(x₀)), non-zero at every finite x₀ ≠ 0.
struct SignificandPlus: DifferentiableFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] { [x[0].significand + x[1]] }
}

/// significand(x₀)·x₁: ∂²/∂x₀∂x₁ = 2^(−exponent(x₀)).
struct SignificandTimes: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T { x[0].significand * x[1] }
}

/// A branch on the sign of a zero: x₀ at +0, x₁² at −0. The two points compare equal,
/// yet the function (and its Jacobian) differ there.
struct SignOfZeroBranch: DifferentiableFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    [x[0].sign == .minus ? x[1] * x[1] : x[0]]
  }
}

/// x₀² + x₁² at +0 (diagonal Hessian), x₀² + x₀·x₁ at −0 (H = [[2, 1], [1, 0]]).
struct SignOfZeroHessian: DifferentiableScalarFunction {
  func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
    x[0].sign == .minus ? x[0] * x[0] + x[0] * x[1] : x[0] * x[0] + x[1] * x[1]
  }
}

@Suite("Sparse derivatives: review")
struct SparseReviewTests {
  // MARK: Global detection must not answer from the unknown value

  @Test("Global detection keeps significand's dependency on its argument")
  func globalSignificandJacobian() {
    let pattern = jacobianSparsity(of: SignificandPlus(), inputCount: 2)
    #expect(pattern == SparsityPattern(columnCount: 2, rows: [[0, 1]]))
    // And the sparse Jacobian with that pattern equals the dense one: at x₀ = 3
    // (significand 1.5, exponent 1) ∂y₀/∂x₀ = 1/2 exactly, ∂y₀/∂x₁ = 1 exactly.
    let x = [3.0, 5.0]
    let dense = jacobian(of: SignificandPlus(), at: x, mode: .forward)
    #expect(dense == [[0.5, 1]])
    // Forward mode with the entry missing puts both columns in one lane and reads their
    // sum, 1.5, into (0, 1): a silent wrong number.
    let forward = jacobian(of: SignificandPlus(), at: x, sparsity: .detectGlobally, mode: .forward)
    #expect(forward.dense == dense)
    // Reverse mode happens to notice the missing entry and stop; with the right pattern it
    // must agree too.
    guard pattern.nonzeroCount == 2 else { return }
    let reverse = jacobian(of: SignificandPlus(), at: x, sparsity: .detectGlobally, mode: .reverse)
    #expect(reverse.dense == dense)
  }

  @Test("Global Hessian detection sees significand(x₀)·x₁ interact")
  func globalSignificandHessian() {
    let pattern = hessianSparsity(of: SignificandTimes(), inputCount: 2)
    #expect(pattern == SparsityPattern(columnCount: 2, rows: [[1], [0]]))
    // Without the entry the evaluation stops (its unused lane is not zero).
    guard pattern.nonzeroCount == 2 else { return }
    // At x₀ = 3: ∂²/∂x₀∂x₁ = 1/2 exactly, the diagonal 0.
    let sparse = hessian(of: SignificandTimes(), at: [3.0, 5.0], sparsity: .detectGlobally)
    #expect(sparse.dense == [[0, 0.5], [0.5, 0]])
  }

  @Test("Local detection of significand still matches the point")
  func localSignificand() {
    #expect(
      jacobianSparsity(of: SignificandPlus(), at: [3.0, 5.0])
        == SparsityPattern(columnCount: 2, rows: [[0, 1]]))
  }

  // MARK: Re-detection at a new point: −0 and +0 are different points

  @Test("A prepared Jacobian detected at +0 refuses −0, where the function branches otherwise")
  func preparedJacobianSignOfZero() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let prepared = PreparedSparseJacobian(
        of: SignOfZeroBranch(), at: [0.0, 1], mode: .forward)
      // Dense at −0: [[0, 2]]; an unchecked evaluation reads 2 into (0, 0).
      let j = prepared.jacobian(at: [-0.0, 1])
      print(j.dense)
    }
    #expect(standardError(of: result).contains("which the pattern detected at the preparation point lacks"))
  }

  @Test("A prepared Hessian detected at +0 refuses −0, where the function branches otherwise")
  func preparedHessianSignOfZero() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let prepared = PreparedSparseHessian(of: SignOfZeroHessian(), at: [0.0, 1])
      // Dense at −0: [[2, 1], [1, 0]]; an unchecked evaluation reads [[3, 0], [0, 1]].
      let h = prepared.hessian(at: [-0.0, 1])
      print(h.dense)
    }
    #expect(standardError(of: result).contains("which the pattern detected at the preparation point lacks"))
  }

  @Test("A prepared Jacobian at the same point, and at a NaN-free equal copy, does not detect again")
  func preparedSamePoint() {
    let f = SignOfZeroBranch()
    let prepared = PreparedSparseJacobian(of: f, at: [0.0, 1], mode: .forward)
    #expect(prepared.jacobian(at: [0.0, 1]).dense == [[1, 0]])
    let negative = PreparedSparseJacobian(of: f, at: [-0.0, 3], mode: .forward)
    #expect(negative.jacobian(at: [-0.0, 3]).dense == [[0, 6]])
  }

  // MARK: Misuse messages

  @Test("A pattern with decreasing column offsets stops with the named message")
  func decreasingOffsets() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rowCount: 3, columnCount: 3, columnStarts: [0, 2, 1, 2], rowIndices: [0, 1])
    }
    #expect(standardError(of: result).contains("column offsets decrease at column 1"))
  }

  @Test("A pattern with an offset past the entry count stops with the named message")
  func offsetPastEnd() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = SparsityPattern(rowCount: 3, columnCount: 2, columnStarts: [0, 5, 2], rowIndices: [0, 1])
    }
    #expect(standardError(of: result).contains("column offsets decrease at column 1"))
  }
}
