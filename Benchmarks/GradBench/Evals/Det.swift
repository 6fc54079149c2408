// det: the determinant of an ℓ×ℓ matrix by expansion in minors along the first row, and its
// gradient (the cofactor matrix). The expansion is the one every GradBench tool runs
// (upstream's `det_of_minor`): the minor's rows and columns are linked lists threaded
// through `rows` and `columns`, so striking a row or a column out and putting it back are
// one write each. The lists are bookkeeping, not numbers: they live in buffers written in
// place (an `inout` array checks its uniqueness on every write, 15 % of the primal).
import AutoDiff

/// The determinant of the m×m minor of the ℓ×ℓ row-major `a` whose rows and columns are
/// the lists that start at `rows[ℓ]` and `columns[ℓ]` (entry i of a list names the entry
/// after i; ℓ ends it). Both lists are as they were on return.
func minorDeterminant<T: Differentiable>(
  _ a: [T], _ ell: Int, _ m: Int, _ rows: UnsafeMutableBufferPointer<Int>,
  _ columns: UnsafeMutableBufferPointer<Int>
) -> T {
  let row = rows[ell]
  var column = columns[ell]
  if m == 1 { return a[row * ell + column] }
  // The minors below strike out this row, and column `column` in turn.
  rows[ell] = rows[row]
  var result: T = 0
  var previous = ell
  for j in 0..<m {
    let entry = a[row * ell + column]
    columns[previous] = columns[column]
    let term = entry * minorDeterminant(a, ell, m - 1, rows, columns)
    columns[previous] = column
    if j.isMultiple(of: 2) { result += term } else { result -= term }
    previous = column
    column = columns[column]
  }
  rows[ell] = row
  return result
}

func determinant<T: Differentiable>(_ a: [T], _ ell: Int) -> T {
  // Each list 0 → 1 → … → ℓ − 1 → ℓ, entered at position ℓ.
  var rows = Array(1...ell) + [0]
  var columns = rows
  return rows.withUnsafeMutableBufferPointer { rows in
    columns.withUnsafeMutableBufferPointer { columns in
      minorDeterminant(a, ell, ell, rows, columns)
    }
  }
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
