/// Which entries of an m × n matrix may be non-zero: the structure of a sparse Jacobian
/// or Hessian, in compressed sparse column (CSC) form.
///
/// Column j's row indices are `rowIndices[columnStarts[j]..<columnStarts[j + 1]]`,
/// strictly increasing. The pattern says nothing about values: an entry in the pattern
/// may still be 0 at a particular point.
///
/// ```swift
/// let tridiagonal = SparsityPattern(
///   rowCount: 3, columnCount: 3,
///   entries: [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2)])
/// tridiagonal.nonzeroCount            // 7
/// tridiagonal.colorCountLowerBound    // 3: row 1 has three entries, so three columns meet
/// ```
public struct SparsityPattern: Hashable, Sendable, CustomStringConvertible {
  /// The number of rows m.
  public let rowCount: Int
  /// The number of columns n.
  public let columnCount: Int
  /// Where each column's row indices start in ``rowIndices``; n + 1 offsets.
  public let columnStarts: [Int]
  /// The row index of each entry, column by column, increasing within a column.
  public let rowIndices: [Int]

  /// A pattern from its CSC arrays, checked: offsets non-decreasing from 0 to the entry
  /// count, row indices in range and strictly increasing within each column.
  public init(rowCount: Int, columnCount: Int, columnStarts: [Int], rowIndices: [Int]) {
    require(
      rowCount >= 0 && columnCount >= 0,
      "SparsityPattern: negative size \(rowCount) × \(columnCount)")
    require(
      columnStarts.count == columnCount + 1,
      "SparsityPattern: \(columnStarts.count) column offsets for \(columnCount) columns "
        + "(need \(columnCount + 1))")
    require(
      columnStarts.first == 0 && columnStarts.last == rowIndices.count,
      "SparsityPattern: column offsets must run from 0 to the entry count \(rowIndices.count)")
    // Every offset first: once they rise from 0 to the entry count, each column's range
    // is valid and inside `rowIndices`.
    for j in 0..<columnCount {
      require(
        columnStarts[j] <= columnStarts[j + 1],
        "SparsityPattern: column offsets decrease at column \(j)")
    }
    for j in 0..<columnCount {
      var previous = -1
      for p in columnStarts[j]..<columnStarts[j + 1] {
        let i = rowIndices[p]
        require(
          i > previous && i < rowCount,
          "SparsityPattern: row index \(i) in column \(j) is out of range 0..<\(rowCount) "
            + "or not increasing")
        previous = i
      }
    }
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.columnStarts = columnStarts
    self.rowIndices = rowIndices
  }

  /// Trusted construction from arrays already in CSC form.
  init(unchecked rowCount: Int, _ columnCount: Int, _ columnStarts: [Int], _ rowIndices: [Int]) {
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.columnStarts = columnStarts
    self.rowIndices = rowIndices
  }

  /// A pattern with the given (row, column) entries, in any order; repeats count once.
  public init(rowCount: Int, columnCount: Int, entries: [(row: Int, column: Int)]) {
    self.init(
      rowCount: rowCount, columnCount: columnCount, rows: entries.map { $0.row },
      columns: entries.map { $0.column })
  }

  /// The pattern with an entry at (`rows[k]`, `columns[k]`) for each k, in any order,
  /// repeats counted once: a counting sort by column, then each column's rows sorted and
  /// deduplicated in place.
  init(rowCount: Int, columnCount: Int, rows: [Int], columns: [Int]) {
    require(
      rowCount >= 0 && columnCount >= 0,
      "SparsityPattern: negative size \(rowCount) × \(columnCount)")
    var counts = [Int](repeating: 0, count: columnCount + 1)
    for k in rows.indices {
      let (i, j) = (rows[k], columns[k])
      require(
        i >= 0 && i < rowCount && j >= 0 && j < columnCount,
        "SparsityPattern: entry \(k) at (\(i), \(j)) is outside \(rowCount) × \(columnCount)")
      counts[j + 1] += 1
    }
    for j in 0..<columnCount { counts[j + 1] += counts[j] }
    var next = counts
    var sorted = [Int](repeating: 0, count: rows.count)
    for k in rows.indices {
      sorted[next[columns[k]]] = rows[k]
      next[columns[k]] += 1
    }
    var starts = [Int](repeating: 0, count: columnCount + 1)
    var kept = 0
    sorted.withUnsafeMutableBufferPointer { buffer in
      for j in 0..<columnCount {
        var column = UnsafeMutableBufferPointer(rebasing: buffer[counts[j]..<counts[j + 1]])
        column.sort()
        var previous = -1
        for i in column where i != previous {
          buffer[kept] = i
          kept += 1
          previous = i
        }
        starts[j + 1] = kept
      }
    }
    sorted.removeLast(sorted.count - kept)
    self.init(unchecked: rowCount, columnCount, starts, sorted)
  }

  /// A pattern whose row i has the columns `rows[i]` (in any order; repeats count once).
  public init(columnCount: Int, rows: [[Int]]) {
    var rowIndices: [Int] = []
    var columnIndices: [Int] = []
    for (i, columns) in rows.enumerated() {
      for j in columns {
        rowIndices.append(i)
        columnIndices.append(j)
      }
    }
    self.init(rowCount: rows.count, columnCount: columnCount, rows: rowIndices, columns: columnIndices)
  }

  /// The number of entries in the pattern.
  public var nonzeroCount: Int { rowIndices.count }

  /// The row indices of column `j`'s entries, increasing.
  public func rows(inColumn j: Int) -> ArraySlice<Int> {
    require(
      j >= 0 && j < columnCount,
      "SparsityPattern.rows(inColumn:): column \(j) is outside 0..<\(columnCount)")
    return rowIndices[columnStarts[j]..<columnStarts[j + 1]]
  }

  /// Whether (row, column) is in the pattern.
  public func contains(row: Int, column: Int) -> Bool {
    guard row >= 0, row < rowCount, column >= 0, column < columnCount else { return false }
    return entryIndex(row: row, column: column) != nil
  }

  /// The position of (row, column) in ``rowIndices``, or nil: a binary search in the column.
  func entryIndex(row: Int, column: Int) -> Int? {
    var low = columnStarts[column]
    var high = columnStarts[column + 1]
    while low < high {
      let mid = (low + high) / 2
      let i = rowIndices[mid]
      if i == row { return mid }
      if i < row { low = mid + 1 } else { high = mid }
    }
    return nil
  }

  /// Stops unless every entry of `other` is in this pattern: a pattern detected at a new
  /// point must fit the one a prepared derivative was coloured for.
  @usableFromInline
  func requireContains(_ other: SparsityPattern, _ operation: String) {
    for j in 0..<other.columnCount {
      for p in other.columnStarts[j]..<other.columnStarts[j + 1] {
        let i = other.rowIndices[p]
        if entryIndex(row: i, column: j) == nil {
          stopMisuse(
            "\(operation): at this point the derivative has the entry (\(i), \(j)), which the "
              + "pattern detected at the preparation point lacks (the function takes another "
              + "branch here). Prepare again at this point, or with sparsity: .detectGlobally")
        }
      }
    }
  }

  /// The pattern of the transpose (n × m); its columns are this pattern's rows, so it is
  /// this pattern in compressed sparse row form.
  public var transposed: SparsityPattern {
    var counts = [Int](repeating: 0, count: rowCount + 1)
    for i in rowIndices { counts[i + 1] += 1 }
    for i in 0..<rowCount { counts[i + 1] += counts[i] }
    var next = counts
    var columns = [Int](repeating: 0, count: rowIndices.count)
    for j in 0..<columnCount {
      for p in columnStarts[j]..<columnStarts[j + 1] {
        let i = rowIndices[p]
        columns[next[i]] = j
        next[i] += 1
      }
    }
    return SparsityPattern(unchecked: columnCount, rowCount, counts, columns)
  }

  /// Whether the pattern is square and equal to its transpose.
  public var isSymmetric: Bool {
    rowCount == columnCount && self == transposed
  }

  /// The largest number of entries in one row: no colouring of the columns can use fewer
  /// colours, because the columns meeting in one row must all differ.
  ///
  /// It does not bound a Hessian's star colouring, which uses the symmetry: an arrow
  /// pattern has a row with n entries but needs two colours (see
  /// ``starColoring(order:)``).
  public var colorCountLowerBound: Int {
    var inRow = [Int](repeating: 0, count: rowCount)
    var largest = 0
    for i in rowIndices {
      inRow[i] += 1
      largest = Swift.max(largest, inRow[i])
    }
    return largest
  }

  /// The largest number of entries in one column: the fewest colours a colouring of the
  /// rows can use.
  public var rowColorCountLowerBound: Int {
    var largest = 0
    for j in 0..<columnCount {
      largest = Swift.max(largest, columnStarts[j + 1] - columnStarts[j])
    }
    return largest
  }

  /// Every (row, column) entry, column by column.
  public var entries: [(row: Int, column: Int)] {
    var result: [(row: Int, column: Int)] = []
    result.reserveCapacity(nonzeroCount)
    for j in 0..<columnCount {
      for p in columnStarts[j]..<columnStarts[j + 1] { result.append((rowIndices[p], j)) }
    }
    return result
  }

  /// One line per row, `•` for an entry and `·` for a structural zero, for patterns of
  /// up to 80 columns; a size summary otherwise.
  public var description: String {
    guard columnCount <= 80, rowCount <= 200 else {
      return "\(rowCount) × \(columnCount) sparsity pattern, \(nonzeroCount) entries"
    }
    var grid = Array(
      repeating: [Character](repeating: "·", count: columnCount), count: rowCount)
    for (i, j) in entries { grid[i][j] = "•" }
    return grid.map { String($0) }.joined(separator: "\n")
  }
}
