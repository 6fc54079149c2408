/// A sparse matrix in compressed sparse column form: a ``SparsityPattern`` and one value
/// per entry of it, in the pattern's order (column by column, rows increasing).
///
/// Sparse Jacobians and Hessians come back in this form. Entries outside the pattern are
/// structural zeros; entries inside it may also be 0 at a particular point.
public struct SparseMatrix<Scalar: Differentiable>: CustomStringConvertible {
  /// Which entries are stored.
  public let pattern: SparsityPattern
  /// The value of each stored entry, aligned with `pattern.rowIndices`.
  public var values: [Scalar]

  /// A matrix with `values[p]` at the entry `pattern.rowIndices[p]` of its column.
  public init(pattern: SparsityPattern, values: [Scalar]) {
    require(
      values.count == pattern.nonzeroCount,
      "SparseMatrix: \(values.count) values for a pattern of \(pattern.nonzeroCount) entries")
    self.pattern = pattern
    self.values = values
  }

  /// The entries of a dense matrix given as rows that are non-zero (or in `pattern`, when
  /// one is given): a test and teaching convenience.
  public init(_ rows: [[Scalar]]) {
    let columnCount = rows.first?.count ?? 0
    for (i, row) in rows.enumerated() {
      require(
        row.count == columnCount,
        "SparseMatrix: row \(i) has \(row.count) entries, row 0 has \(columnCount)")
    }
    var entries: [(row: Int, column: Int)] = []
    for (i, row) in rows.enumerated() {
      for (j, value) in row.enumerated() where value != 0 { entries.append((i, j)) }
    }
    let pattern = SparsityPattern(rowCount: rows.count, columnCount: columnCount, entries: entries)
    self.init(pattern: pattern, values: pattern.entries.map { rows[$0.row][$0.column] })
  }

  /// The number of rows.
  public var rowCount: Int { pattern.rowCount }
  /// The number of columns.
  public var columnCount: Int { pattern.columnCount }

  /// The entry at (row, column): its stored value, or 0 outside the pattern.
  public subscript(row: Int, column: Int) -> Scalar {
    require(
      row >= 0 && row < rowCount && column >= 0 && column < columnCount,
      "SparseMatrix: index (\(row), \(column)) is outside \(rowCount) × \(columnCount)")
    guard let p = pattern.entryIndex(row: row, column: column) else { return 0 }
    return values[p]
  }

  /// The matrix as m rows of n entries. Meant for small matrices: it stores every zero.
  public var dense: [[Scalar]] {
    var rows = Array(
      repeating: [Scalar](repeating: 0, count: pattern.columnCount), count: pattern.rowCount)
    for j in 0..<pattern.columnCount {
      for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
        rows[pattern.rowIndices[p]][j] = values[p]
      }
    }
    return rows
  }

  /// A·v.
  public func multiplied(by vector: [Scalar]) -> [Scalar] {
    require(
      vector.count == columnCount,
      "SparseMatrix.multiplied(by:): the vector has \(vector.count) entries for "
        + "\(columnCount) columns")
    var result = [Scalar](repeating: 0, count: rowCount)
    for j in 0..<columnCount where vector[j] != 0 {
      for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
        result[pattern.rowIndices[p]] += values[p] * vector[j]
      }
    }
    return result
  }

  /// The transpose, in CSC form (this matrix's rows become columns).
  public var transposed: SparseMatrix {
    let t = pattern.transposed
    var next = t.columnStarts
    var moved = [Scalar](repeating: 0, count: values.count)
    for j in 0..<columnCount {
      for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
        let i = pattern.rowIndices[p]
        moved[next[i]] = values[p]
        next[i] += 1
      }
    }
    return SparseMatrix(pattern: t, values: moved)
  }

  /// `row column value` lines for small matrices, a size summary otherwise.
  public var description: String {
    guard pattern.nonzeroCount <= 200 else {
      return "\(rowCount) × \(columnCount) sparse matrix, \(pattern.nonzeroCount) entries"
    }
    return zip(pattern.entries, values).map { "(\($0.0.row), \($0.0.column)) \($0.1)" }
      .joined(separator: "\n")
  }
}

extension SparseMatrix: Sendable where Scalar: Sendable {}
extension SparseMatrix: Equatable where Scalar: Equatable {}
