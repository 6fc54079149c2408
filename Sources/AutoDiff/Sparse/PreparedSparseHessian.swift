/// A sparse Hessian made ready for evaluation at many points, as Newton iterations need:
/// the pattern detected and star-coloured once, then each ``hessian(at:)`` is one
/// forward-over-reverse pass carrying one Hessian–vector product per colour.
///
/// The seed matrix S has a column per colour (1 on the variables of that colour); one
/// recording on `Tracked<ChunkedDual<T, k>>` with S in the tangents and one sweep give
/// B = H·S. A star colouring (every path on four vertices sees three colours) lets each
/// entry of H be read directly from B: Hᵢⱼ is Bᵢ,colour(j) unless another variable of j's
/// colour also meets i, and then Bⱼ,colour(i) (Gebremedhin, Manne & Pothen, 2005).
///
/// ```swift
/// struct Chain: DifferentiableScalarFunction {   // Σ sin(xᵢ·xᵢ₊₁) + xᵢ⁴/4
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> T {
///     var sum: T = 0
///     for i in x.indices {
///       sum += .sin(x[i] * x[(i + 1) % x.count]) + .pow(x[i], 4) / 4
///     }
///     return sum
///   }
/// }
/// let prepared = PreparedSparseHessian(of: Chain(), at: x)   // x: 200 values
/// prepared.coloring.colorCount   // 3: three Hessian–vector products instead of 200
/// let h = prepared.hessian(at: x)
/// ```
public struct PreparedSparseHessian<F: DifferentiableScalarFunction, T: Differentiable> {
  /// The function.
  public let function: F
  /// The point of local detection (``Sparsity/detect``), nil otherwise. An evaluation
  /// anywhere else detects again there and checks that the pattern still holds.
  @usableFromInline let detectionPoint: [T]?
  /// The symmetric pattern every evaluation fills.
  public let pattern: SparsityPattern
  /// The star colouring of the pattern's adjacency graph.
  public let coloring: Coloring
  /// Where each entry of the pattern is read in H·S: the row and the colour (column of
  /// H·S) of its source, in the order of the pattern's entries.
  @usableFromInline let sources: [(row: Int, color: Int)]
  /// The places of H·S where variable `row` meets no variable of `color`: H·S must be
  /// zero there, and any other value is an entry outside the pattern.
  @usableFromInline let unmet: [(row: Int, color: Int)]
  /// The tape of the last evaluation, kept so later ones record into mapped memory. Copies
  /// of a prepared Hessian share it, which is why the type is not `Sendable`: give each
  /// thread its own prepared object.
  @usableFromInline let cache = TapeCache()

  /// Detects (or takes) the pattern and star-colours it.
  ///
  /// - Parameters:
  ///   - f: the function whose Hessian later evaluations compute.
  ///   - x: a point: where ``Sparsity/detect`` detects the pattern; its count is the
  ///     number of variables.
  ///   - sparsity: where the pattern comes from; by default detected at `x`.
  ///   - order: the vertex order of the greedy colouring.
  @inlinable
  public init(
    of f: F, at x: [T], sparsity: Sparsity = .detect, order: ColoringOrder = .largestFirst
  ) {
    let pattern: SparsityPattern
    var point: [T]? = nil
    switch sparsity {
    case .detect:
      pattern = hessianSparsity(of: f, at: x)
      point = x
    case .detectGlobally: pattern = hessianSparsity(of: f, inputCount: x.count)
    case .pattern(let given):
      require(
        given.rowCount == x.count && given.columnCount == x.count,
        "PreparedSparseHessian: the pattern is \(given.rowCount) × \(given.columnCount) for "
          + "\(x.count) inputs")
      pattern = given
    }
    self.detectionPoint = point
    self.function = f
    self.pattern = pattern
    self.coloring = pattern.starColoring(order: order)
    let colorCount = coloring.colorCount
    self.sources = pattern.starRecoverySources(coloring)
    var meets = [Bool](repeating: false, count: x.count * colorCount)
    for i in 0..<pattern.columnCount {
      for p in pattern.columnStarts[i]..<pattern.columnStarts[i + 1] {
        meets[i * colorCount + coloring.colors[pattern.rowIndices[p]]] = true
      }
    }
    var unmet: [(row: Int, color: Int)] = []
    for i in 0..<x.count {
      for color in 0..<colorCount where !meets[i * colorCount + color] { unmet.append((i, color)) }
    }
    self.unmet = unmet
  }

  /// The Hessian at `x`, with the prepared pattern.
  ///
  /// - Complexity: ⌈c/k⌉ recordings of f and sweeps, carrying k ≤ 8 tangents for c colours.
  @inlinable
  public func hessian(at x: [T]) -> SparseMatrix<T> {
    require(
      x.count == pattern.columnCount,
      "PreparedSparseHessian.hessian(at:): \(x.count) inputs for a pattern of "
        + "\(pattern.columnCount) variables")
    if let point = detectionPoint, !isSamePoint(point, x) {
      pattern.requireContains(
        hessianSparsity(of: function, at: x), "PreparedSparseHessian.hessian(at:)")
    }
    // As many lanes as colours, up to 8: a lane costs as much as a colour, and a
    // Hessian–vector product per colour is the whole point.
    switch coloring.colorCount {
    case ...1: return hessian(at: x, lanes: ForwardMode<1>())
    case 2: return hessian(at: x, lanes: ForwardMode<2>())
    case 3: return hessian(at: x, lanes: ForwardMode<3>())
    case 4: return hessian(at: x, lanes: ForwardMode<4>())
    case 5: return hessian(at: x, lanes: ForwardMode<5>())
    case 6: return hessian(at: x, lanes: ForwardMode<6>())
    default: return hessian(at: x, lanes: ForwardMode<8>())
    }
  }

  /// B = H·S, k colours per pass, each entry read from its source in the adjoints of the
  /// pass that carries its colour.
  @inlinable
  func hessian<let k: Int>(at x: [T], lanes: ForwardMode<k>) -> SparseMatrix<T> {
    let n = x.count
    let c = Swift.max(coloring.colorCount, 1)
    let colors = coloring.colors
    let tape = cache.tape(of: ChunkedDual<T, k>.self)
    var values = [T](filledWith: 0, count: sources.count)
    var seeded = x.map { ChunkedDual<T, k>(constant: $0) }
    var start = 0
    repeat {
      setLanes(of: &seeded, colors: colors, from: start, to: 1)
      // On the kept tape: its entries, inputs and adjoints stay allocated from one
      // evaluation to the next, and the adjoints are read where they are.
      _ = tape.recordingAndSweeping({ function($0) }, at: seeded, in: "PreparedSparseHessian") {
        adjoint in
        let end = Swift.min(start &+ k, c)
        // Lanes past the last colour, and the places where a variable meets no variable
        // of a colour, must stay zero (NaN counts as zero; see `isZeroOrNaN`).
        for lane in (end &- start)..<k {
          for i in 0..<n where !isZeroOrNaN(adjoint[i][0].tangents[lane]) {
            refuseOutsidePattern("variable \(i) interacts with a lane past the last colour")
          }
        }
        unmet.withUnsafeBufferPointer { unmet in
          for place in unmet where place.color >= start && place.color < end {
            if !isZeroOrNaN(adjoint[place.row][0].tangents[place.color &- start]) {
              refuseOutsidePattern(
                "variable \(place.row) interacts with a variable of colour \(place.color)")
            }
          }
        }
        values.withUnsafeMutableBufferPointer { values in
          sources.withUnsafeBufferPointer { sources in
            for p in sources.indices {
              let lane = sources[p].color &- start
              if UInt(bitPattern: lane) < UInt(k) {
                values[p] = adjoint[sources[p].row][0].tangents[lane]
              }
            }
          }
        }
      }
      start += k
      if start < c { setLanes(of: &seeded, colors: colors, from: start - k, to: 0) }
    } while start < c
    return SparseMatrix(pattern: pattern, values: values)
  }
}

/// Sets lane `colour − start` of the variables whose colour is in start ..< start + k.
@inlinable
func setLanes<T: Differentiable, let k: Int>(
  of seeded: inout [ChunkedDual<T, k>], colors: [Int], from start: Int, to value: T
) {
  seeded.withUnsafeMutableBufferPointer { seeded in
    colors.withUnsafeBufferPointer { colors in
      for j in colors.indices {
        let lane = colors[j] &- start
        if UInt(bitPattern: lane) < UInt(k) { seeded[j].tangents[lane] = value }
      }
    }
  }
}

/// The Hessian of `f` at `x` as a sparse matrix: the pattern detected (or given),
/// star-coloured, and one Hessian–vector product per colour.
@inlinable
public func hessian<F: DifferentiableScalarFunction, T: Differentiable>(
  of f: F, at x: [T], sparsity: Sparsity
) -> SparseMatrix<T> {
  PreparedSparseHessian(of: f, at: x, sparsity: sparsity).hessian(at: x)
}

/// One tape kept between evaluations of a prepared derivative. The chunk width, and so
/// the tape's type, is chosen at run time from the colour count; the box holds the tape
/// of the width in use.
@usableFromInline
final class TapeCache {
  @usableFromInline var tape: AnyObject?

  @usableFromInline init() {}

  @inlinable
  func tape<Carrier: Differentiable>(of _: Carrier.Type) -> Tape<Carrier> {
    if let kept = tape as? Tape<Carrier> { return kept }
    let made = Tape<Carrier>()
    tape = made
    return made
  }
}
