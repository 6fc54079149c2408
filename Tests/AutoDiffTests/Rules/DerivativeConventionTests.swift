import AutoDiff
import RealModule
import Testing

// The edge-policy table of SPEC §1 and Docs/DerivativeConventions.md, one row per named
// test. Each row is data — a generic function, a point and the expected Jacobian — so
// that every mode can check the same rows: here forward mode, through `Dual` (jvp along
// each basis vector, and `derivative` for scalar rows) and through `ChunkedDual`
// (Jacobians with chunk sizes 8 and 1), which must all agree bit for bit.

/// True when the package's `NaNSafe` trait (on by default) is enabled in this build.
#if NaNSafe
let nanSafeChainRule = true
#else
let nanSafeChainRule = false
#endif

/// `value` with the NaN-safe chain rule, NaN without it: the entries of a Jacobian that
/// sum a finite term with 0·∞ or 0·NaN from another path.
func nanSafe(_ value: Double) -> Double { nanSafeChainRule ? value : .nan }

/// The functions of the table, written once against `Differentiable` so that every mode
/// (forward, reverse, tensors) evaluates the same code; as a `DifferentiableFunction`
/// it also goes straight to `jacobian(of:at:mode:)` with `.forward` or `.reverse`.
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
    }
  }
}

/// One row of the edge-policy table.
struct EdgeConvention: Sendable, CustomTestStringConvertible {
  /// The row as the docs state it.
  let name: String
  let function: EdgeFunction
  let point: [Double]
  /// The Jacobian, m rows of n entries; `nil` marks an entry this row does not fix.
  let expected: [[Double?]]

  init(_ name: String, _ function: EdgeFunction, at point: [Double], expected: [[Double?]]) {
    self.name = name
    self.function = function
    self.point = point
    self.expected = expected
  }

  var testDescription: String { "\(name) at \(point)" }

  /// Whether `jacobian` has the expected shape and agrees with every fixed entry
  /// (NaN matches NaN; +0 matches −0).
  func isSatisfied(by jacobian: [[Double]]) -> Bool {
    jacobian.count == expected.count
      && zip(jacobian, expected).allSatisfy { row, expectedRow in
        row.count == expectedRow.count
          && zip(row, expectedRow).allSatisfy { entry, fixed in
            fixed.map { isSameValue(entry, $0) } ?? true
          }
      }
  }
}

extension EdgeConvention {
  static let absAtPositiveZero = EdgeConvention("|x|′ at +0 is 0", .magnitude, at: [0], expected: [[0]])
  static let absAtNegativeZero = EdgeConvention("|x|′ at −0 is 0", .magnitude, at: [-0.0], expected: [[0]])
  static let freeAbsAtZero = EdgeConvention("abs(x)′ at −0 is 0", .freeAbs, at: [-0.0], expected: [[0]])
  static let squareRootAtZero = EdgeConvention("√x′ at 0 is +∞", .squareRoot, at: [0], expected: [[.infinity]])
  static let sqrtAtZero = EdgeConvention("sqrt(x)′ at 0 is +∞", .sqrt, at: [0], expected: [[.infinity]])

  static let powZeroExponentAtZero = EdgeConvention(
    "xʸ: ∂/∂x = 0 when y == 0, at x = 0", .pow, at: [0, 0], expected: [[nanSafe(0), nil]])
  static let powZeroExponentAtTwo = EdgeConvention(
    "xʸ: ∂/∂x = 0 when y == 0, at x = 2", .pow, at: [2, 0], expected: [[0, .log(2)]])
  static let powZeroExponentAtMinusThree = EdgeConvention(
    "xʸ: ∂/∂x = 0 when y == 0, at x = −3", .pow, at: [-3, 0], expected: [[nanSafe(0), .nan]])
  static let powZeroBaseIntegerExponent = EdgeConvention(
    "xʸ: ∂/∂y = 0 at x == 0, y = 2", .pow, at: [0, 2], expected: [[0, 0]])
  static let powZeroBaseFractionalExponent = EdgeConvention(
    "xʸ: ∂/∂y = 0 at x == 0, y = 1/2 (and ∂/∂x = +∞)", .pow, at: [0, 0.5], expected: [[.infinity, nanSafe(0)]])
  static let powNegativeBase = EdgeConvention(
    "xʸ: ∂/∂y is NaN for x < 0 (integer y)", .pow, at: [-2, 3], expected: [[nil, .nan]])
  static let powNegativeBaseFractionalExponent = EdgeConvention(
    "xʸ: ∂/∂y is NaN for x < 0 (fractional y)", .pow, at: [-2, 0.5], expected: [[nil, .nan]])

  static let integerPowerCube = EdgeConvention(
    "pow(x, 3)′ = 3x² exactly", .integerPower(3), at: [1.5], expected: [[6.75]])
  static let integerPowerCubeNegative = EdgeConvention(
    "pow(x, 3)′ = 3x² exactly at x < 0", .integerPower(3), at: [-2], expected: [[12]])
  static let integerPowerCubeAtZero = EdgeConvention(
    "pow(x, 3)′ at 0 is 0", .integerPower(3), at: [0], expected: [[0]])
  static let integerPowerZeroAtZero = EdgeConvention(
    "pow(x, 0)′ at 0 is 0", .integerPower(0), at: [0], expected: [[0]])

  static let atan2AtOrigin = EdgeConvention(
    "atan2 at (0, 0) has partials 0", .atan2, at: [0, 0], expected: [[0, 0]])
  static let hypotAtOrigin = EdgeConvention(
    "hypot at (0, 0) has partials 0", .hypot, at: [0, 0], expected: [[0, 0]])
  static let maximumTie = EdgeConvention(
    "T.maximum tie splits 0.5/0.5", .maximum, at: [1, 1], expected: [[0.5, 0.5]])
  static let minimumTie = EdgeConvention(
    "T.minimum tie splits 0.5/0.5", .minimum, at: [-2, -2], expected: [[0.5, 0.5]])
  static let freeMaxTie = EdgeConvention(
    "Swift.max tie returns its second argument whole", .freeMax, at: [1, 1], expected: [[0, 1]])
  static let freeMinTie = EdgeConvention(
    "Swift.min tie returns its first argument whole", .freeMin, at: [1, 1], expected: [[1, 0]])

  static let floorAtInteger = EdgeConvention(
    "floor′ is 0, also at a jump", .rounded(.down), at: [2], expected: [[0]])
  static let floorBetweenIntegers = EdgeConvention(
    "floor′ is 0 between integers", .rounded(.down), at: [2.5], expected: [[0]])
  static let ceilAtInteger = EdgeConvention("ceil′ is 0", .rounded(.up), at: [-3], expected: [[0]])
  static let roundedAtHalf = EdgeConvention(
    "rounded()′ is 0 at a half-integer", .rounded(.toNearestOrAwayFromZero), at: [2.5], expected: [[0]])
  static let roundedToEven = EdgeConvention(
    "rounded(.toNearestOrEven)′ is 0", .rounded(.toNearestOrEven), at: [0.7], expected: [[0]])
  static let truncAtNegative = EdgeConvention(
    "trunc′ is 0", .rounded(.towardZero), at: [-1.7], expected: [[0]])

  static let nanSafeSqrtPlusY = EdgeConvention(
    "NaN-safe: √x + y at (0, 1) has Jacobian [+∞, 1]", .sqrtXPlusY, at: [0, 1],
    expected: [[.infinity, nanSafe(1)]])
  static let nanSafeYTimesSqrtX = EdgeConvention(
    "NaN-safe: y·√x at (0, 1) has Jacobian [+∞, 0]", .yTimesSqrtX, at: [0, 1],
    expected: [[.infinity, nanSafe(0)]])
  static let nanSafeSqrtOfZeroTimesX = EdgeConvention(
    "NaN-safe: d/dx √(0·x) at 1 is 0", .sqrtOfZeroTimesX, at: [1],
    expected: [[nanSafe(0)]])
  static let nanSafeZeroTimesLog = EdgeConvention(
    "NaN-safe: d/dx [0·log x] at 0 is 0 (the value is NaN)", .zeroTimesLog, at: [0],
    expected: [[nanSafe(0)]])
  static let nanSafeXTimesSqrtY = EdgeConvention(
    "NaN-safe: x·√y at (0, 0) has Jacobian [0, 0]", .xTimesSqrtY, at: [0, 0],
    expected: [[nanSafe(0), nanSafe(0)]])

  /// Every row, for suites that run the whole table in another mode.
  static let all: [EdgeConvention] = [
    absAtPositiveZero, absAtNegativeZero, freeAbsAtZero, squareRootAtZero, sqrtAtZero,
    powZeroExponentAtZero, powZeroExponentAtTwo, powZeroExponentAtMinusThree,
    powZeroBaseIntegerExponent, powZeroBaseFractionalExponent, powNegativeBase,
    powNegativeBaseFractionalExponent, integerPowerCube, integerPowerCubeNegative,
    integerPowerCubeAtZero, integerPowerZeroAtZero, atan2AtOrigin, hypotAtOrigin, maximumTie,
    minimumTie, freeMaxTie, freeMinTie, floorAtInteger, floorBetweenIntegers, ceilAtInteger,
    roundedAtHalf, roundedToEven, truncAtNegative, nanSafeSqrtPlusY, nanSafeYTimesSqrtX,
    nanSafeSqrtOfZeroTimesX, nanSafeZeroTimesLog, nanSafeXTimesSqrtY,
  ]

  /// The row's Jacobian by each forward-mode path, labelled.
  func forwardJacobians() -> [(path: String, jacobian: [[Double]])] {
    let f = function
    var results: [(path: String, jacobian: [[Double]])] = [
      ("jacobian, ForwardMode<8>", jacobian(of: { f($0) }, at: point, mode: .forward)),
      ("jacobian, ForwardMode<1>", jacobian(of: { f($0) }, at: point, mode: ForwardMode<1>())),
    ]
    // jvp along each basis vector gives one column per pass.
    let columns = point.indices.map { j in
      jvp(of: { f($0) }, at: point, along: point.indices.map { $0 == j ? 1 : 0 }).tangent
    }
    let m = columns.first?.count ?? 0
    results.append(("jvp along eⱼ", (0..<m).map { i in columns.map { $0[i] } }))
    if point.count == 1 && m == 1 {
      let d = derivative(of: { f([$0])[0] }, at: point[0])
      results.append(("derivative", [[d]]))
    }
    return results
  }
}

/// Checks one row in forward mode: every path gives the expected entries, and all
/// paths agree with each other bit for bit (up to the sign of zero).
func expectForwardConvention(
  _ row: EdgeConvention, sourceLocation: SourceLocation = #_sourceLocation
) {
  let results = row.forwardJacobians()
  for (path, jacobian) in results {
    #expect(
      row.isSatisfied(by: jacobian), "\(row.name): \(path) gave \(jacobian), expected \(row.expected)",
      sourceLocation: sourceLocation)
    #expect(
      isSameValue(jacobian, results[0].jacobian),
      "\(row.name): \(path) gave \(jacobian) but \(results[0].path) gave \(results[0].jacobian)",
      sourceLocation: sourceLocation)
  }
}

@Suite("Derivative conventions (SPEC §1 edge policy), forward mode")
struct DerivativeConventionTests {
  @Test("|x|′ at +0 is 0") func absAtPositiveZero() { expectForwardConvention(.absAtPositiveZero) }
  @Test("|x|′ at −0 is 0") func absAtNegativeZero() { expectForwardConvention(.absAtNegativeZero) }
  @Test("Free abs(x)′ at −0 is 0") func freeAbsAtZero() { expectForwardConvention(.freeAbsAtZero) }
  @Test("√x′ at 0 is +∞ (squareRoot)") func squareRootAtZero() { expectForwardConvention(.squareRootAtZero) }
  @Test("√x′ at 0 is +∞ (T.sqrt)") func sqrtAtZero() { expectForwardConvention(.sqrtAtZero) }

  @Test("xʸ: ∂/∂x = 0 when y == 0, at x = 0")
  func powZeroExponentAtZero() { expectForwardConvention(.powZeroExponentAtZero) }
  @Test("xʸ: ∂/∂x = 0 when y == 0, at x = 2")
  func powZeroExponentAtTwo() { expectForwardConvention(.powZeroExponentAtTwo) }
  @Test("xʸ: ∂/∂x = 0 when y == 0, at x = −3")
  func powZeroExponentAtMinusThree() { expectForwardConvention(.powZeroExponentAtMinusThree) }
  @Test("xʸ: ∂/∂y = 0 at x == 0, y = 2")
  func powZeroBaseIntegerExponent() { expectForwardConvention(.powZeroBaseIntegerExponent) }
  @Test("xʸ: ∂/∂y = 0 at x == 0, y = 1/2")
  func powZeroBaseFractionalExponent() { expectForwardConvention(.powZeroBaseFractionalExponent) }
  @Test("xʸ: ∂/∂y is NaN for x < 0, y = 3")
  func powNegativeBase() { expectForwardConvention(.powNegativeBase) }
  @Test("xʸ: ∂/∂y is NaN for x < 0, y = 1/2")
  func powNegativeBaseFractionalExponent() { expectForwardConvention(.powNegativeBaseFractionalExponent) }

  @Test("pow(x, 3)′ = 3x² exactly") func integerPowerCube() { expectForwardConvention(.integerPowerCube) }
  @Test("pow(x, 3)′ = 3x² exactly at x < 0")
  func integerPowerCubeNegative() { expectForwardConvention(.integerPowerCubeNegative) }
  @Test("pow(x, 3)′ at 0 is 0") func integerPowerCubeAtZero() { expectForwardConvention(.integerPowerCubeAtZero) }
  @Test("pow(x, 0)′ at 0 is 0") func integerPowerZeroAtZero() { expectForwardConvention(.integerPowerZeroAtZero) }

  @Test("atan2 at (0, 0): partials 0") func atan2AtOrigin() { expectForwardConvention(.atan2AtOrigin) }
  @Test("hypot at (0, 0): partials 0") func hypotAtOrigin() { expectForwardConvention(.hypotAtOrigin) }
  @Test("T.maximum tie: 0.5/0.5") func maximumTie() { expectForwardConvention(.maximumTie) }
  @Test("T.minimum tie: 0.5/0.5") func minimumTie() { expectForwardConvention(.minimumTie) }
  @Test("Swift.max tie returns an argument whole") func freeMaxTie() { expectForwardConvention(.freeMaxTie) }
  @Test("Swift.min tie returns an argument whole") func freeMinTie() { expectForwardConvention(.freeMinTie) }

  @Test("floor′ is 0 at an integer") func floorAtInteger() { expectForwardConvention(.floorAtInteger) }
  @Test("floor′ is 0 between integers") func floorBetweenIntegers() { expectForwardConvention(.floorBetweenIntegers) }
  @Test("ceil′ is 0") func ceilAtInteger() { expectForwardConvention(.ceilAtInteger) }
  @Test("rounded()′ is 0 at a half-integer") func roundedAtHalf() { expectForwardConvention(.roundedAtHalf) }
  @Test("rounded(.toNearestOrEven)′ is 0") func roundedToEven() { expectForwardConvention(.roundedToEven) }
  @Test("trunc′ is 0") func truncAtNegative() { expectForwardConvention(.truncAtNegative) }

  @Test("NaN-safe: √x + y at (0, 1) → [+∞, 1]") func nanSafeSqrtPlusY() { expectForwardConvention(.nanSafeSqrtPlusY) }
  @Test("NaN-safe: y·√x at (0, 1) → [+∞, 0]") func nanSafeYTimesSqrtX() { expectForwardConvention(.nanSafeYTimesSqrtX) }
  @Test("NaN-safe: d/dx √(0·x) = 0") func nanSafeSqrtOfZeroTimesX() { expectForwardConvention(.nanSafeSqrtOfZeroTimesX) }
  @Test("NaN-safe: d/dx [0·log x] at 0 = 0") func nanSafeZeroTimesLog() { expectForwardConvention(.nanSafeZeroTimesLog) }
  @Test("NaN-safe: x·√y at (0, 0) → [0, 0]") func nanSafeXTimesSqrtY() { expectForwardConvention(.nanSafeXTimesSqrtY) }

  @Test("The table lists each row once, with the shape of its function")
  func tableIsWellFormed() {
    #expect(Set(EdgeConvention.all.map(\.name)).count == EdgeConvention.all.count)
    #expect(EdgeConvention.all.count == 33)
    for row in EdgeConvention.all {
      let y = row.function(row.point)
      #expect(row.expected.count == y.count, "\(row.name)")
      #expect(row.expected.allSatisfy { $0.count == row.point.count }, "\(row.name)")
    }
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
}
