// det: the determinant of an ℓ×ℓ matrix by expansion in minors along the first row, and its
// gradient (the cofactor matrix).
import AutoDiff

/// The determinant of the minor of the ℓ×ℓ row-major `a` made of rows `row..<ℓ` and the
/// first `m` entries of `columns` (in that order). `columns` is rearranged while the
/// minors are expanded and restored on return.
func minorDeterminant<T: Differentiable>(
  _ a: [T], _ ell: Int, row: Int, _ columns: inout [Int], _ m: Int
) -> T {
  if m == 1 { return a[row * ell + columns[0]] }
  // Keep the column being expanded at m − 1 and the others, in order, before it.
  let first = columns[0]
  for i in 0..<(m - 1) { columns[i] = columns[i + 1] }
  columns[m - 1] = first
  var result: T = 0
  for j in 0..<m {
    if j > 0 { columns.swapAt(j - 1, m - 1) }
    let term =
      a[row * ell + columns[m - 1]] * minorDeterminant(a, ell, row: row + 1, &columns, m - 1)
    if j.isMultiple(of: 2) { result += term } else { result -= term }
  }
  return result
}

func determinant<T: Differentiable>(_ a: [T], _ ell: Int) -> T {
  var columns = Array(0..<ell)
  return minorDeterminant(a, ell, row: 0, &columns, ell)
}

enum Det {
  struct Input: Decodable {
    let A: [Double]
    let ell: Int
  }

  static var functions: [String: EvalFunction] { [
    "primal": measured { (input: Input) in { determinant(input.A, input.ell) } },
    "gradient": measured { (input: Input) in
      let tape = Tape<Double>()
      return { tape.gradient(of: { determinant($0, input.ell) }, at: input.A) }
    },
  ] }
}
