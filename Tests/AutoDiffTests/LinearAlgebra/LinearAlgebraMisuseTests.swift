import AutoDiff
import Testing

@Suite("Linear algebra: singular and misshapen input stops with a message")
struct LinearAlgebraMisuseTests {
  @Test("inverse of a singular matrix names the zero pivot")
  func singularInverse() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = inverse(Tensor<Double>([[1, 2, 3], [2, 4, 6], [1, 0, 1]]))
    }
    // Row 2 = 2·row 1: elimination zeroes the second pivot.
    #expect(standardError(of: result).contains("inverse: the matrix is singular (LAPACK getrf: U[2,2] is exactly zero)"))
  }

  @Test("inverse of a non-square matrix names the shape")
  func nonSquareInverse() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = inverse(Tensor<Double>([[1, 2, 3], [4, 5, 6]]))
    }
    #expect(standardError(of: result).contains("inverse: expects a square matrix, got shape [2, 3]"))
  }

  @Test("determinant of a non-square matrix names the shape")
  func nonSquareDeterminant() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = determinant(Tensor<Double>([[1, 2, 3], [4, 5, 6]]))
    }
    #expect(standardError(of: result).contains("determinant: expects a square matrix, got shape [2, 3]"))
  }

  @Test("logDeterminant of a vector names the shape")
  func vectorLogDeterminant() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = logDeterminant(Tensor<Double>([1, 2, 3]))
    }
    #expect(standardError(of: result).contains("logDeterminant: expects a square matrix, got shape [3]"))
  }

  @Test("the derivative of logDeterminant at a singular matrix")
  func singularLogDeterminantDerivative() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = gradient(of: { logDeterminant($0).logMagnitude }, at: Tensor<Double>([[1, 2], [2, 4]]))
    }
    #expect(
      standardError(of: result).contains(
        "logDeterminant: the matrix is singular (LAPACK getrf: U[2,2] is exactly zero); log|det| is −∞ there and has no derivative"))
  }

  @Test("solve with a singular matrix")
  func singularSolve() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = solve(Tensor<Double>([[1, 2], [2, 4]]), Tensor([1, 1]))
    }
    #expect(standardError(of: result).contains("solve: the matrix is singular (LAPACK getrf: U[2,2] is exactly zero)"))
  }

  @Test("solve with a right-hand side of the wrong size names both shapes")
  func mismatchedSolve() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = solve(Tensor<Double>([[1, 2], [3, 4]]), Tensor([1, 1, 1]))
    }
    #expect(
      standardError(of: result).contains(
        "solve: the matrix has shape [2, 2], so the right-hand side needs shape [2] or [2, k]; got shape [3]"))
  }

  @Test("cholesky of an indefinite matrix names the failing leading minor")
  func indefiniteCholesky() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = cholesky(Tensor<Double>([[1, 2], [2, 1]]))
    }
    #expect(
      standardError(of: result).contains(
        "cholesky: the matrix is not positive definite (LAPACK potrf: the leading minor of order 2 is not positive)"))
  }

  @Test("trace of a vector names the shape")
  func vectorTrace() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = trace(Tensor<Double>([1, 2, 3]))
    }
    #expect(standardError(of: result).contains("trace: expects a matrix (rank 2), got shape [3]"))
  }
}
