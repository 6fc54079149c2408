import AutoDiff
import RealModule
import Testing

// The edge-policy table of SPEC §1 and of the DerivativeConventions article
// (Sources/AutoDiff/AutoDiff.docc/DerivativeConventions.md), written once as data — a function, a point and the expected Jacobian — and checked by ONE parameterised
// test in every mode: `Dual`, `ChunkedDual`, `Tracked` (the tape), tensor forward mode
// (`jvp` on `Tensor`) and tensor reverse mode (`gradient`/`vjp`/`backward()` on `Tensor`).
// Adding a row to `EdgeConvention.all` checks it in all five modes. The comparison is bit
// for bit: the same bits, or both NaN. The expected values are written by hand from the
// rules and the policy, never computed by the library.

/// True when the package's `NaNSafe` trait (on by default) is enabled in this build.
#if NaNSafe
let nanSafeChainRule = true
#else
let nanSafeChainRule = false
#endif

/// `value` with the NaN-safe chain rule, NaN without it: the entries of a Jacobian that
/// sum a finite term with 0·∞ or 0·NaN from another path.
func nanSafe(_ value: Double) -> Double { nanSafeChainRule ? value : .nan }

/// The functions of the table, written once against `Differentiable` so that every scalar
/// mode evaluates the same code, and once on `Tensor` (``tensor(_:)``) for the tensor
/// modes. As a `DifferentiableFunction` it also goes straight to
/// `jacobian(of:at:mode:)` with `.forward` or `.reverse`.
enum EdgeFunction: DifferentiableFunction, Sendable, Equatable {
  /// `x.magnitude`
  case magnitude
  /// The standard library's free `abs(x)`.
  case freeAbs
  /// `x.squareRoot()`
  case squareRoot
  /// `T.sqrt(x)`
  case sqrt
  /// `T.pow(x, y)`, the real power.
  case pow
  /// `T.pow(x, n)`, an integer power.
  case integerPower(Int)
  /// `T.atan2(y: x₀, x: x₁)`
  case atan2
  /// `T.hypot(x₀, x₁)`
  case hypot
  /// `T.minimum(x₀, x₁)` and `T.maximum(x₀, x₁)`, which follow the tie rule.
  case minimum, maximum
  /// The standard library's free `min(x₀, x₁)` and `max(x₀, x₁)` (`Comparable`).
  case freeMin, freeMax
  /// `x.rounded(rule)`
  case rounded(FloatingPointRoundingRule)
  /// √x₀ + x₁
  case sqrtXPlusY
  /// x₁·√x₀
  case yTimesSqrtX
  /// √(0·x): a tangent that is exactly zero meets an infinite partial.
  case sqrtOfZeroTimesX
  /// 0·log x: an exactly-zero partial meets an infinite tangent.
  case zeroTimesLog
  /// x₀·√x₁
  case xTimesSqrtY
  /// log x₀ + x₁
  case logXPlusY
  /// One rule of the table applied to x₀ (or to x₀ and x₁), through `applying`: the
  /// primitive sweep of `PrimitiveEdgeSweepTests`.
  case unary(UnaryPrimitive)
  case activation(Activation)
  case binary(BinaryPrimitive)

  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    switch self {
    case .magnitude: [x[0].magnitude]
    case .freeAbs: [abs(x[0])]
    case .squareRoot: [x[0].squareRoot()]
    case .sqrt: [.sqrt(x[0])]
    case .pow: [.pow(x[0], x[1])]
    case .integerPower(let n): [.pow(x[0], n)]
    case .atan2: [.atan2(y: x[0], x: x[1])]
    case .hypot: [.hypot(x[0], x[1])]
    case .minimum: [.minimum(x[0], x[1])]
    case .maximum: [.maximum(x[0], x[1])]
    case .freeMin: [min(x[0], x[1])]
    case .freeMax: [max(x[0], x[1])]
    case .rounded(let rule): [x[0].rounded(rule)]
    case .sqrtXPlusY: [.sqrt(x[0]) + x[1]]
    case .yTimesSqrtX: [x[1] * .sqrt(x[0])]
    case .sqrtOfZeroTimesX: [.sqrt(0 * x[0])]
    case .zeroTimesLog: [0 * .log(x[0])]
    case .xTimesSqrtY: [x[0] * .sqrt(x[1])]
    case .logXPlusY: [.log(x[0]) + x[1]]
    case .unary(let rule): [x[0].applying(rule)]
    case .activation(let rule): [x[0].applying(rule)]
    case .binary(let rule): [x[0].applying(rule, x[1])]
    }
  }

  /// The same function on a rank-1 tensor of the inputs, returning a rank-1 tensor of
  /// the outputs, built from the tensor operations (elementwise, on rank-0 slices).
  func tensor(_ x: Tensor<Double>) -> Tensor<Double> {
    let a = x[0]
    let b = x.count > 1 ? x[1] : a
    let y: Tensor<Double> =
      switch self {
      case .magnitude, .freeAbs: .abs(a)
      case .squareRoot, .sqrt: .sqrt(a)
      case .pow: .pow(a, b)
      case .integerPower(let n): .pow(a, n)
      case .atan2: .atan2(y: a, x: b)
      case .hypot: .hypot(a, b)
      case .minimum: .minimum(a, b)
      case .maximum: .maximum(a, b)
      // A tensor is not `Comparable`; these are the standard library's own definitions,
      // `min(x, y) = y < x ? y : x` and `max(x, y) = y >= x ? y : x`, returning one
      // operand whole as `Swift.min` and `Swift.max` do.
      case .freeMin: b.scalar < a.scalar ? b : a
      case .freeMax: b.scalar >= a.scalar ? b : a
      case .rounded(let rule): a.rounded(rule)
      case .sqrtXPlusY: .sqrt(a) + b
      case .yTimesSqrtX: b * .sqrt(a)
      case .sqrtOfZeroTimesX: .sqrt(Tensor(0) * a)
      case .zeroTimesLog: Tensor(0) * .log(a)
      case .xTimesSqrtY: a * .sqrt(b)
      case .logXPlusY: .log(a) + b
      case .unary(let rule): a.applying(rule)
      case .activation(let rule): a.applying(rule)
      case .binary(let rule): a.applying(rule, b)
      }
    return y.reshaped(to: [1])
  }
}

/// One entry of a row's expected Jacobian: the value the policy fixes (with the NaN-safe
/// chain rule), and what plain IEEE products give in each direction when the `NaNSafe`
/// trait is off. Without the trait the modes may differ from each other, because forward
/// mode meets 0·∞ on a column where reverse mode never forms it (and the other way round),
/// and even in the sign of a zero: the tape adds each product to an adjoint that starts
/// at +0 (+0 + −0 = +0), while tensor reverse mode passes a lone product on as it is.
struct ExpectedEntry: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
  CustomStringConvertible
{
  let nanSafe: Double
  let plainForward: Double
  let plainReverse: Double
  let plainTensorReverse: Double

  /// An entry that does not depend on the trait.
  init(_ value: Double) { (nanSafe, plainForward, plainReverse, plainTensorReverse) = (value, value, value, value) }
  init(floatLiteral value: Double) { self.init(value) }
  init(integerLiteral value: Int) { self.init(Double(value)) }
  private init(nanSafe: Double, plainForward: Double, plainReverse: Double, plainTensorReverse: Double) {
    (self.nanSafe, self.plainForward, self.plainReverse, self.plainTensorReverse) =
      (nanSafe, plainForward, plainReverse, plainTensorReverse)
  }

  /// `value` with the trait; without it, `forward` in forward mode and `reverse` in
  /// reverse mode (`tensorReverse` in tensor reverse mode, where it differs).
  static func nanSafe(_ value: Double, forward: Double, reverse: Double, tensorReverse: Double? = nil)
    -> ExpectedEntry
  {
    ExpectedEntry(nanSafe: value, plainForward: forward, plainReverse: reverse, plainTensorReverse: tensorReverse ?? reverse)
  }

  static let nan = ExpectedEntry(.nan)
  static let infinity = ExpectedEntry(.infinity)

  /// The value this build must give in `mode`.
  func value(in mode: ConventionMode) -> Double {
    guard !nanSafeChainRule else { return nanSafe }
    switch mode {
    case .dual, .chunkedDual, .tensorForward: return plainForward
    case .tracked: return plainReverse
    case .tensorReverse: return plainTensorReverse
    }
  }

  var description: String {
    [plainForward, plainReverse, plainTensorReverse].allSatisfy { $0.bitPattern == nanSafe.bitPattern }
      ? "\(nanSafe)"
      : "\(nanSafe) (plain: forward \(plainForward), reverse \(plainReverse), tensor reverse \(plainTensorReverse))"
  }
}

/// One row of the edge-policy table.
struct EdgeConvention: Sendable, CustomTestStringConvertible {
  /// The row as the docs state it.
  let name: String
  let function: EdgeFunction
  let point: [Double]
  /// The Jacobian, m rows of n entries, every entry fixed.
  let expected: [[ExpectedEntry]]

  init(_ name: String, _ function: EdgeFunction, at point: [Double], expected: [[ExpectedEntry]]) {
    self.name = name
    self.function = function
    self.point = point
    self.expected = expected
  }

  var testDescription: String { "\(name) at \(point)" }

  /// The Jacobian this build must give in `mode`.
  func expectedJacobian(in mode: ConventionMode) -> [[Double]] {
    expected.map { $0.map { $0.value(in: mode) } }
  }
}

/// Same bits, or both NaN (NaN payloads are not part of the policy). +0 and −0 differ.
func isIdentical(_ a: Double, _ b: Double) -> Bool {
  a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

/// ``isIdentical(_:_:)`` entry by entry, after comparing the shapes.
func isIdentical(_ a: [[Double]], _ b: [[Double]]) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy { row, other in
      row.count == other.count && zip(row, other).allSatisfy { isIdentical($0, $1) }
    }
}

extension EdgeConvention {
  /// The table: every row of the DerivativeConventions article, and the edge points of each
  /// primitive it names.
  static let all: [EdgeConvention] = [
    // |x|: the subgradient of least magnitude at ±0; sign(x) elsewhere; NaN stays NaN.
    EdgeConvention("|x|′ at +0 is 0", .magnitude, at: [0], expected: [[0]]),
    EdgeConvention("|x|′ at −0 is 0", .magnitude, at: [-0.0], expected: [[0]]),
    EdgeConvention("abs(x)′ at −0 is 0", .freeAbs, at: [-0.0], expected: [[0]]),
    EdgeConvention("|x|′ at −∞ is −1", .magnitude, at: [-.infinity], expected: [[-1]]),
    EdgeConvention("|x|′ at NaN is NaN", .magnitude, at: [.nan], expected: [[.nan]]),

    // √x: the one-sided +∞ at 0.
    EdgeConvention("√x′ at 0 is +∞", .squareRoot, at: [0], expected: [[.infinity]]),
    EdgeConvention("sqrt(x)′ at 0 is +∞", .sqrt, at: [0], expected: [[.infinity]]),
    EdgeConvention("sqrt(x)′ at +∞ is 0", .sqrt, at: [.infinity], expected: [[0]]),

    // xʸ, the real power: ∂/∂x = 0 when y == 0; ∂/∂y = 0 at x == 0, y > 0; NaN for x < 0
    // (RealModule's pow is NaN there, so y·x^(y−1) is too). At (0, 0) the value is NaN and
    // so is ∂/∂y = 0⁰·log 0.
    EdgeConvention(
      "xʸ: ∂/∂x = 0 when y == 0, at x = 0", .pow, at: [0, 0],
      expected: [[.nanSafe(0, forward: .nan, reverse: 0), .nan]]),
    EdgeConvention(
      "xʸ: ∂/∂x = 0 when y == 0, at x = 2", .pow, at: [2, 0], expected: [[0, ExpectedEntry(.log(2))]]),
    EdgeConvention(
      "xʸ: ∂/∂x = 0 when y == 0, at x = −3", .pow, at: [-3, 0],
      expected: [[.nanSafe(0, forward: .nan, reverse: 0), .nan]]),
    EdgeConvention("xʸ: ∂/∂y = 0 at x == 0, y = 2", .pow, at: [0, 2], expected: [[0, 0]]),
    EdgeConvention(
      "xʸ: ∂/∂y = 0 at x == 0, y = 1/2 (and ∂/∂x = +∞)", .pow, at: [0, 0.5],
      expected: [[.infinity, .nanSafe(0, forward: .nan, reverse: 0)]]),
    EdgeConvention("xʸ: both partials NaN for x < 0, y = 3", .pow, at: [-2, 3], expected: [[.nan, .nan]]),
    EdgeConvention("xʸ: both partials NaN for x < 0, y = 1/2", .pow, at: [-2, 0.5], expected: [[.nan, .nan]]),
    EdgeConvention("xʸ: both partials NaN for x < 0, y = 3/2", .pow, at: [-2, 1.5], expected: [[.nan, .nan]]),

    // xⁿ, the integer power: n·xⁿ⁻¹ with an integer power, exact.
    EdgeConvention("pow(x, 3)′ = 3x² exactly", .integerPower(3), at: [1.5], expected: [[6.75]]),
    EdgeConvention("pow(x, 3)′ = 3x² exactly at x < 0", .integerPower(3), at: [-2], expected: [[12]]),
    EdgeConvention("pow(x, 3)′ at 0 is 0", .integerPower(3), at: [0], expected: [[0]]),
    EdgeConvention("pow(x, 0)′ at 0 is 0", .integerPower(0), at: [0], expected: [[0]]),
    EdgeConvention("pow(x, 1)′ at 0 is 1", .integerPower(1), at: [0], expected: [[1]]),
    // 2·(−0) = −0 is the partial; a zero factor makes the NaN-safe product +0. The plain
    // product −0·1 is −0, which the tape adds to an adjoint of +0.
    EdgeConvention(
      "pow(x, 2)′ at −0 is +0", .integerPower(2), at: [-0.0],
      expected: [[.nanSafe(0, forward: -0.0, reverse: 0, tensorReverse: -0.0)]]),

    // Jumps, cones and ties.
    EdgeConvention("atan2 at (0, 0) has partials 0", .atan2, at: [0, 0], expected: [[0, 0]]),
    EdgeConvention("atan2 at (0, −0) has partials 0", .atan2, at: [0, -0.0], expected: [[0, 0]]),
    EdgeConvention("hypot at (0, 0) has partials 0", .hypot, at: [0, 0], expected: [[0, 0]]),
    EdgeConvention("T.maximum tie splits 0.5/0.5", .maximum, at: [1, 1], expected: [[0.5, 0.5]]),
    EdgeConvention("T.maximum(−0, +0) is a tie", .maximum, at: [-0.0, 0], expected: [[0.5, 0.5]]),
    EdgeConvention("T.minimum(+0, −0) is a tie", .minimum, at: [0, -0.0], expected: [[0.5, 0.5]]),
    EdgeConvention("T.minimum tie splits 0.5/0.5", .minimum, at: [-2, -2], expected: [[0.5, 0.5]]),
    EdgeConvention(
      "Swift.max tie returns its second argument whole", .freeMax, at: [1, 1], expected: [[0, 1]]),
    EdgeConvention(
      "Swift.min tie returns its first argument whole", .freeMin, at: [1, 1], expected: [[1, 0]]),

    // Rounding is piecewise constant: 0 everywhere, also at the jumps.
    EdgeConvention("floor′ is 0, also at a jump", .rounded(.down), at: [2], expected: [[0]]),
    EdgeConvention("floor′ is 0 between integers", .rounded(.down), at: [2.5], expected: [[0]]),
    EdgeConvention("ceil′ is 0", .rounded(.up), at: [-3], expected: [[0]]),
    EdgeConvention(
      "rounded()′ is 0 at a half-integer", .rounded(.toNearestOrAwayFromZero), at: [2.5], expected: [[0]]),
    EdgeConvention("rounded(.toNearestOrEven)′ is 0", .rounded(.toNearestOrEven), at: [0.7], expected: [[0]]),
    EdgeConvention("trunc′ is 0", .rounded(.towardZero), at: [-1.7], expected: [[0]]),

    // The NaN-safe chain rule. Without it, forward mode forms 0·∞ on the column of the
    // input that does not move, reverse mode on the path whose cotangent is 0.
    EdgeConvention(
      "NaN-safe: √x + y at (0, 1) has Jacobian [+∞, 1]", .sqrtXPlusY, at: [0, 1],
      expected: [[.infinity, .nanSafe(1, forward: .nan, reverse: 1)]]),
    EdgeConvention(
      "NaN-safe: y·√x at (0, 1) has Jacobian [+∞, 0]", .yTimesSqrtX, at: [0, 1],
      expected: [[.infinity, .nanSafe(0, forward: .nan, reverse: 0)]]),
    EdgeConvention(
      "NaN-safe: d/dx √(0·x) at 1 is 0", .sqrtOfZeroTimesX, at: [1],
      expected: [[.nanSafe(0, forward: .nan, reverse: .nan)]]),
    EdgeConvention(
      "NaN-safe: d/dx [0·log x] at 0 is 0 (the value is NaN)", .zeroTimesLog, at: [0],
      expected: [[.nanSafe(0, forward: .nan, reverse: .nan)]]),
    EdgeConvention(
      "NaN-safe: x·√y at (0, 0) has Jacobian [0, 0]", .xTimesSqrtY, at: [0, 0],
      expected: [[.nanSafe(0, forward: .nan, reverse: 0), .nanSafe(0, forward: .nan, reverse: .nan)]]),
    EdgeConvention(
      "NaN-safe: log x + y at (0, 1) has Jacobian [+∞, 1]", .logXPlusY, at: [0, 1],
      expected: [[.infinity, .nanSafe(1, forward: .nan, reverse: 1)]]),
  ]
}

@Suite("Derivative conventions (SPEC §1 edge policy), in every mode")
struct DerivativeConventionTests {
  /// THE test of the table: every row, in every mode, bit for bit.
  @Test("Each row of the table, in each mode, gives the table's Jacobian bit for bit",
    arguments: EdgeConvention.all, ConventionMode.allCases)
  func convention(_ row: EdgeConvention, _ mode: ConventionMode) {
    let expected = row.expectedJacobian(in: mode)
    let results = mode.jacobians(of: row)
    #expect(!results.isEmpty, "\(row.name): \(mode) computed nothing")
    for (path, jacobian) in results {
      #expect(
        isIdentical(jacobian, expected),
        "\(row.name): \(mode), \(path) gave \(jacobian), the table says \(expected)")
    }
  }

  @Test("The table lists each row once, with the shape of its function")
  func tableIsWellFormed() {
    #expect(Set(EdgeConvention.all.map(\.name)).count == EdgeConvention.all.count)
    #expect(EdgeConvention.all.count == 43)
    for row in EdgeConvention.all {
      let y = row.function(row.point)
      #expect(row.expected.count == y.count, "\(row.name)")
      #expect(row.expected.allSatisfy { $0.count == row.point.count }, "\(row.name)")
      #expect(row.function.tensor(Tensor(row.point)).count == y.count, "\(row.name)")
    }
  }

  @Test("The comparison tells the sign of zero, NaN from a number, and shapes apart")
  func comparisonCanFail() {
    #expect(isIdentical([[0, .nan]], [[0, .nan]]))
    #expect(!isIdentical([[0]], [[-0.0]]))
    #expect(!isIdentical([[.nan]], [[0]]))
    #expect(!isIdentical([[.infinity]], [[-.infinity]]))
    #expect(!isIdentical([[0, 1]], [[0]]))
    #expect(!isIdentical([[0]], [[0], [0]]))
    #expect(!isIdentical([], [[0]]))
    // Each mode reports a wrong expectation: a row whose table entry is off by one ulp
    // fails in all five.
    let wrong = EdgeConvention("wrong", .maximum, at: [1, 1], expected: [[ExpectedEntry(0.5.nextUp), 0.5]])
    for mode in ConventionMode.allCases {
      let results = mode.jacobians(of: wrong)
      #expect(!results.isEmpty)
      #expect(
        results.allSatisfy { !isIdentical($0.jacobian, wrong.expectedJacobian(in: mode)) }, "\(mode)")
    }
  }

  @Test("The trait's two configurations differ only where the table says so")
  func configurationEntries() {
    let entry = ExpectedEntry.nanSafe(0, forward: .nan, reverse: 1, tensorReverse: 2)
    #expect(isIdentical(entry.value(in: .dual), nanSafeChainRule ? 0 : .nan))
    #expect(isIdentical(entry.value(in: .tensorForward), nanSafeChainRule ? 0 : .nan))
    #expect(isIdentical(entry.value(in: .tracked), nanSafeChainRule ? 0 : 1))
    #expect(isIdentical(entry.value(in: .tensorReverse), nanSafeChainRule ? 0 : 2))
    #expect(ExpectedEntry.nanSafe(0, forward: 3, reverse: 4).value(in: .tensorReverse) == (nanSafeChainRule ? 0 : 4))
    let plain: ExpectedEntry = 2.5
    #expect(ConventionMode.allCases.allSatisfy { plain.value(in: $0) == 2.5 })
  }

  @Test("Values at the edge points: NaN where RealModule's real pow is undefined")
  func valuesAtEdgePoints() {
    // The real power is NaN for x < 0 and at 0⁰ (RealModule); the integer power is not.
    #expect(EdgeFunction.pow([-3.0, 0])[0].isNaN)
    #expect(EdgeFunction.pow([0.0, 0])[0].isNaN)
    #expect(EdgeFunction.integerPower(0)([0.0])[0] == 1)
    #expect(EdgeFunction.integerPower(3)([-2.0])[0] == -8)
    #expect(EdgeFunction.atan2([0.0, 0])[0] == 0)
    #expect(EdgeFunction.maximum([1.0, 1])[0] == 1)
    #expect(EdgeFunction.zeroTimesLog([0.0])[0].isNaN)
  }

  @Test("Every mode's value at every row's point is the plain function's, bit for bit",
    arguments: EdgeConvention.all, ConventionMode.allCases)
  func values(_ row: EdgeConvention, _ mode: ConventionMode) {
    let plain = row.function(row.point)
    let values = mode.values(of: row)
    #expect(
      isIdentical([values], [plain]), "\(row.name): \(mode) computed the value \(values), Double gives \(plain)")
  }
}
