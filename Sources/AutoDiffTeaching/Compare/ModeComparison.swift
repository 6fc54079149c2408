/// Forward against reverse mode on Jacobians of F: Rⁿ → Rᵐ (``SineMixture``), over a
/// grid of n and m: passes, operations, time and memory for every ``JacobianMethod``.
///
/// Two sweeps of the grid: n varies with m fixed, then m varies with n fixed. Forward
/// mode's cost grows with n and reverse mode's with m, so each sweep shows the modes
/// trading places near n = m.
///
/// ```swift
/// let comparison = ModeComparison(grid: .standard, runs: 5)
/// print(comparison.rendered())
/// try OutputFile.write(comparison.svg(), to: "compare.svg")
/// ```
public struct ModeComparison: Sendable {
  /// Which (n, m) pairs to measure.
  public struct Grid: Sendable, Equatable, Codable {
    /// The values of n while m is held at ``fixedOutputCount``.
    public var inputCounts: [Int]
    /// m while n varies.
    public var fixedOutputCount: Int
    /// The values of m while n is held at ``fixedInputCount``.
    public var outputCounts: [Int]
    /// n while m varies.
    public var fixedInputCount: Int

    /// A grid of the two sweeps.
    public init(inputCounts: [Int], fixedOutputCount: Int, outputCounts: [Int], fixedInputCount: Int) {
      self.inputCounts = inputCounts
      self.fixedOutputCount = fixedOutputCount
      self.outputCounts = outputCounts
      self.fixedInputCount = fixedInputCount
    }

    /// n and m from 1 to 64 in powers of two, the other held at 16: a few seconds in a
    /// debug build.
    public static let standard = Grid(
      inputCounts: [1, 2, 4, 8, 16, 32, 64], fixedOutputCount: 16,
      outputCounts: [1, 2, 4, 8, 16, 32, 64], fixedInputCount: 16)

    /// The distinct (n, m) pairs, in measuring order.
    public var pairs: [(n: Int, m: Int)] {
      var pairs = inputCounts.map { (n: $0, m: fixedOutputCount) }
      for m in outputCounts where !pairs.contains(where: { $0.n == fixedInputCount && $0.m == m }) {
        pairs.append((fixedInputCount, m))
      }
      return pairs
    }
  }

  /// The pairs measured.
  public let grid: Grid
  /// Timed runs per measurement; the median is reported.
  public let runs: Int
  /// Every measurement, in grid order, methods in ``JacobianMethod/allCases`` order.
  public let measurements: [JacobianMeasurement]

  /// Measures every method at every pair of `grid`.
  ///
  /// - Precondition: `runs` ≥ 1 and every count of `grid` ≥ 1 (checked in every build).
  ///
  /// - Parameter progress: called before each measurement with the number done, the
  ///   total, and what is about to be measured.
  public init(
    grid: Grid = .standard, runs: Int = 5,
    progress: (_ done: Int, _ total: Int, _ next: String) -> Void = { _, _, _ in }
  ) {
    require(runs >= 1, "ModeComparison: runs must be at least 1, got \(runs)")
    let counts = grid.inputCounts + grid.outputCounts + [grid.fixedInputCount, grid.fixedOutputCount]
    require(counts.allSatisfy { $0 >= 1 }, "ModeComparison: every count of the grid must be at least 1, got \(grid)")
    self.grid = grid
    self.runs = runs
    var measurements: [JacobianMeasurement] = []
    let pairs = grid.pairs
    let total = pairs.count * JacobianMethod.allCases.count
    for (n, m) in pairs {
      for method in JacobianMethod.allCases {
        progress(measurements.count, total, "n = \(n), m = \(m), \(method.label)")
        measurements.append(method.measure(inputCount: n, outputCount: m, runs: runs).0)
      }
    }
    progress(total, total, "")
    self.measurements = measurements
  }

  /// The measurement of `method` at (n, m), if it was made.
  public func measurement(_ method: JacobianMethod, n: Int, m: Int) -> JacobianMeasurement? {
    measurements.first { $0.method == method && $0.inputCount == n && $0.outputCount == m }
  }

  /// The n-varying sweep for one method, in grid order.
  public func varyingInputs(_ method: JacobianMethod) -> [JacobianMeasurement] {
    grid.inputCounts.compactMap { measurement(method, n: $0, m: grid.fixedOutputCount) }
  }

  /// The m-varying sweep for one method, in grid order.
  public func varyingOutputs(_ method: JacobianMethod) -> [JacobianMeasurement] {
    grid.outputCounts.compactMap { measurement(method, n: grid.fixedInputCount, m: $0) }
  }

  /// The smallest n (m fixed) from which on reverse mode is faster than chunked forward
  /// mode at every larger n measured, or nil if it is not faster at the largest.
  public var reverseFasterFromInputCount: Int? {
    let pairs = zip(varyingInputs(.forwardChunked), varyingInputs(.reverse)).map { ($0.inputCount, $1.seconds < $0.seconds) }
    return Self.start(ofFinalRunIn: pairs)
  }

  /// The smallest m (n fixed) from which on chunked forward mode is faster than reverse
  /// mode at every larger m measured, or nil if it is not faster at the largest.
  public var forwardFasterFromOutputCount: Int? {
    let pairs = zip(varyingOutputs(.forwardChunked), varyingOutputs(.reverse)).map { ($0.outputCount, $0.seconds < $1.seconds) }
    return Self.start(ofFinalRunIn: pairs)
  }

  /// The first count of the trailing run of `true`s: timings are noisy where the modes are
  /// close, so a crossover is where one mode starts winning and keeps winning.
  static func start(ofFinalRunIn pairs: [(count: Int, holds: Bool)]) -> Int? {
    var start: Int?
    for (count, holds) in pairs {
      if holds {
        if start == nil { start = count }
      } else {
        start = nil
      }
    }
    return start
  }
}
