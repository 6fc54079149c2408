/// A sparse Jacobian made ready for evaluation at many points: the pattern detected and
/// coloured once, then each ``jacobian(at:)`` is a few compressed passes.
///
/// Columns that share no row (structurally orthogonal) get one colour and one forward
/// tangent lane between them: J·S, with S the n × c seed matrix of the colouring, has
/// every entry of J in its own place. Rows likewise share a reverse-mode cotangent:
/// Sᵀ·J. So a banded Jacobian with half-bandwidth b costs 2b + 1 lanes whatever n is.
///
/// ```swift
/// struct Chain: DifferentiableFunction {   // yᵢ = xᵢ₋₁ · sin(xᵢ) · xᵢ₊₁
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
///     (0..<x.count).map { i in
///       (i > 0 ? x[i - 1] : 1) * .sin(x[i]) * (i + 1 < x.count ? x[i + 1] : 1)
///     }
///   }
/// }
/// let prepared = PreparedSparseJacobian(of: Chain(), at: [Double](repeating: 1, count: 1000))
/// prepared.coloring.colorCount          // 3 colours for 1000 columns
/// let j = prepared.jacobian(at: x)      // SparseMatrix<Double>, one 3-lane pass
/// ```
public struct PreparedSparseJacobian<F: DifferentiableFunction, T: Differentiable> {
  /// The function.
  public let function: F
  /// The point of local detection (``Sparsity/detect``), nil otherwise. An evaluation
  /// anywhere else detects again there and checks that the pattern still holds.
  @usableFromInline let detectionPoint: [T]?
  /// The pattern every evaluation fills.
  public let pattern: SparsityPattern
  /// `.forward` (column colouring, JVP lanes) or `.reverse` (row colouring, VJP
  /// cotangents), as chosen at preparation.
  public let mode: JacobianMode
  /// The colouring of the columns (forward) or rows (reverse).
  public let coloring: Coloring
  /// The pattern by rows (its transpose), for the forward check of each row's lanes:
  /// computed once here, not at every evaluation.
  @usableFromInline let rowPattern: SparsityPattern

  /// The fewest colours any colouring of the chosen kind can have: the most entries in
  /// one row (forward) or one column (reverse).
  public var colorCountLowerBound: Int {
    mode == .forward ? pattern.colorCountLowerBound : pattern.rowColorCountLowerBound
  }

  /// Detects (or takes) the pattern, colours it and picks the mode.
  ///
  /// - Parameters:
  ///   - f: the function whose Jacobian later evaluations compute.
  ///   - x: a point: where ``Sparsity/detect`` detects the pattern; its count is the
  ///     number of inputs.
  ///   - sparsity: where the pattern comes from; by default detected at `x`.
  ///   - mode: `.forward`, `.reverse`, or `.automatic`: whichever colouring has fewer
  ///     colours (forward on a tie: one pass carries all its lanes, while reverse mode
  ///     also records).
  ///   - order: the vertex order of the greedy colouring.
  @inlinable
  public init(
    of f: F, at x: [T], sparsity: Sparsity = .detect, mode: JacobianMode = .automatic,
    order: ColoringOrder = .largestFirst
  ) {
    let pattern: SparsityPattern
    var point: [T]? = nil
    switch sparsity {
    case .detect:
      pattern = jacobianSparsity(of: f, at: x)
      point = x
    case .detectGlobally: pattern = jacobianSparsity(of: f, inputCount: x.count)
    case .pattern(let given):
      require(
        given.columnCount == x.count,
        "PreparedSparseJacobian: the pattern has \(given.columnCount) columns for "
          + "\(x.count) inputs")
      pattern = given
    }
    switch mode {
    case .forward:
      self.mode = .forward
      coloring = pattern.columnColoring(order: order)
    case .reverse:
      self.mode = .reverse
      coloring = pattern.rowColoring(order: order)
    case .automatic:
      let columns = pattern.columnColoring(order: order)
      let rows = pattern.rowColoring(order: order)
      if columns.colorCount <= rows.colorCount {
        self.mode = .forward
        coloring = columns
      } else {
        self.mode = .reverse
        coloring = rows
      }
    }
    self.detectionPoint = point
    self.function = f
    self.pattern = pattern
    self.rowPattern = pattern.transposed
  }

  /// The Jacobian at `x`, with the prepared pattern.
  ///
  /// - Complexity: forward: ⌈c/k⌉ evaluations carrying k ≤ 16 tangents for c colours;
  ///   reverse: one recording and ⌈c/8⌉ sweeps.
  @inlinable
  public func jacobian(at x: [T]) -> SparseMatrix<T> {
    require(
      x.count == pattern.columnCount,
      "PreparedSparseJacobian.jacobian(at:): \(x.count) inputs for a pattern of "
        + "\(pattern.columnCount) columns")
    if let point = detectionPoint, !isSamePoint(point, x) {
      pattern.requireContains(
        jacobianSparsity(of: function, at: x), "PreparedSparseJacobian.jacobian(at:)")
    }
    if mode == .reverse { return reverseJacobian(at: x) }
    // As many lanes as colours up to 8 (a lane costs about as much as a colour), then
    // passes of 16.
    switch coloring.colorCount {
    case ...1: return forwardJacobian(at: x, lanes: ForwardMode<1>())
    case 2: return forwardJacobian(at: x, lanes: ForwardMode<2>())
    case 3: return forwardJacobian(at: x, lanes: ForwardMode<3>())
    case 4: return forwardJacobian(at: x, lanes: ForwardMode<4>())
    case 5: return forwardJacobian(at: x, lanes: ForwardMode<5>())
    case 6: return forwardJacobian(at: x, lanes: ForwardMode<6>())
    case 7...8: return forwardJacobian(at: x, lanes: ForwardMode<8>())
    default: return forwardJacobian(at: x, lanes: ForwardMode<16>())
    }
  }

  /// J·S, colours `start..<start + k` per pass, read back entry by entry.
  @inlinable
  func forwardJacobian<let k: Int>(at x: [T], lanes: ForwardMode<k>) -> SparseMatrix<T> {
    let colors = coloring.colors
    var values = [T](repeating: 0, count: pattern.nonzeroCount)
    var seeded = x.map { ChunkedDual<T, k>(constant: $0) }
    var start = 0
    repeat {
      for j in 0..<x.count where colors[j] >= start && colors[j] < start + k {
        seeded[j].tangents[colors[j] - start] = 1
      }
      let y = function(seeded)
      require(
        y.count == pattern.rowCount,
        "sparse jacobian: f returned \(y.count) outputs for a pattern of \(pattern.rowCount) rows")
      for j in 0..<x.count where colors[j] >= start && colors[j] < start + k {
        let lane = colors[j] - start
        for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
          values[p] = y[pattern.rowIndices[p]].tangents[lane]
        }
        seeded[j].tangents[lane] = 0
      }
      checkOutsidePattern(
        rows: y.count, lanes: k, start: start, rowPattern: rowPattern, colors: colors
      ) { i, lane in y[i].tangents[lane] }
      start += k
    } while start < coloring.colorCount
    return SparseMatrix(pattern: pattern, values: values)
  }

  /// Sᵀ·J: one recording, one cotangent per row colour.
  @inlinable
  func reverseJacobian(at x: [T]) -> SparseMatrix<T> {
    let colors = coloring.colors
    let (y, pullback) = valueWithPullback(of: { function($0) }, at: x)
    require(
      y.count == pattern.rowCount,
      "sparse jacobian: f returned \(y.count) outputs for a pattern of \(pattern.rowCount) rows")
    let cotangents = (0..<coloring.colorCount).map { c in
      colors.map { $0 == c ? T(1) : T(0) }
    }
    let compressed = cotangents.isEmpty ? [] : pullback(cotangents: cotangents)
    var values = [T](repeating: 0, count: pattern.nonzeroCount)
    for j in 0..<pattern.columnCount {
      for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
        values[p] = compressed[colors[pattern.rowIndices[p]]][j]
      }
    }
    // Column j of colour c's row may be non-zero only if a row of colour c has j.
    var expected = [Bool](repeating: false, count: coloring.colorCount)
    for j in 0..<pattern.columnCount {
      for p in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
        expected[colors[pattern.rowIndices[p]]] = true
      }
      for c in 0..<coloring.colorCount {
        if !expected[c] && !isZeroOrNaN(compressed[c][j]) {
          refuseOutsidePattern("input \(j) reaches an output of colour \(c) outside the pattern")
        }
        expected[c] = false
      }
    }
    return SparseMatrix(pattern: pattern, values: values)
  }

  /// Stops if a lane that no column of the row's pattern feeds is non-zero: the function's
  /// Jacobian has an entry the pattern lacks (a branch taken differently from where it was
  /// detected), which would otherwise be added silently to another entry.
  @inlinable
  func checkOutsidePattern(
    rows: Int, lanes k: Int, start: Int, rowPattern: SparsityPattern, colors: [Int],
    tangent: (Int, Int) -> T
  ) {
    var fed = [Bool](repeating: false, count: k)
    for i in 0..<rows {
      for q in rowPattern.columnStarts[i]..<rowPattern.columnStarts[i + 1] {
        let lane = colors[rowPattern.rowIndices[q]] - start
        if lane >= 0 && lane < k { fed[lane] = true }
      }
      for lane in 0..<k {
        if !fed[lane] && !isZeroOrNaN(tangent(i, lane)) {
          refuseOutsidePattern("output \(i) depends on an input of colour \(start + lane)")
        }
        fed[lane] = false
      }
    }
  }
}

/// Whether `x` is the detection point itself, so that its pattern needs no new
/// detection: the same scalars bit for bit. Bits, not `==`: −0 == +0 yet a function may
/// branch on the sign of a zero, and a NaN equals nothing though it is the same point.
/// Scalars with padding or references (which bits do not compare) are compared with `==`
/// and their signs, so a NaN there always means a new detection.
@inlinable
func isSamePoint<T: Differentiable>(_ point: [T], _ x: [T]) -> Bool {
  guard point.count == x.count else { return false }
  guard _isPOD(T.self) && MemoryLayout<T>.size == MemoryLayout<T>.stride else {
    for (a, b) in zip(point, x) where a != b || a.sign != b.sign { return false }
    return true
  }
  return point.withUnsafeBytes { a in
    x.withUnsafeBytes { b in
      // Eight bytes at a time, without a branch per word: the differences are or-ed.
      let words = a.count / 8
      var difference: UInt64 = 0
      for w in 0..<words {
        difference |= a.loadUnaligned(fromByteOffset: w &* 8, as: UInt64.self)
          ^ b.loadUnaligned(fromByteOffset: w &* 8, as: UInt64.self)
      }
      for byte in (words &* 8)..<a.count { difference |= UInt64(a[byte] ^ b[byte]) }
      return difference == 0
    }
  }
}

/// NaN counts as zero here, as in the perturbation guard: with the NaNSafe trait off a
/// zero seed times an infinite partial is NaN without any dependence.
@inlinable
func isZeroOrNaN<T: Differentiable>(_ x: T) -> Bool { x == 0 || x.isNaN }

@usableFromInline @inline(never)
func refuseOutsidePattern(_ detail: String) -> Never {
  stopMisuse(
    "sparse derivative: \(detail): the derivative has an entry outside the sparsity "
      + "pattern. The pattern was detected where the function took other branches; "
      + "detect it here (sparsity: .detect) or globally (.detectGlobally)")
}

/// The Jacobian of `f` at `x` as a sparse matrix: the pattern detected (or given), the
/// columns or rows coloured, then compressed forward or reverse passes.
///
/// ```swift
/// let j = jacobian(of: Chain(), at: x, sparsity: .detect)
/// j.pattern.nonzeroCount     // 3n − 2
/// ```
@inlinable
public func jacobian<F: DifferentiableFunction, T: Differentiable>(
  of f: F, at x: [T], sparsity: Sparsity, mode: JacobianMode = .automatic
) -> SparseMatrix<T> {
  PreparedSparseJacobian(of: f, at: x, sparsity: sparsity, mode: mode).jacobian(at: x)
}
