import AutoDiff
import RealModule
import Testing

/// The tensor operations' chain-rule loops multiply plainly (so that they vectorise) and
/// redo the whole loop NaN-safely when a result came out NaN. These tests put a 0·∞ in
/// each such loop — the forward lanes of a one-operand operation, of a two-operand one and
/// of a product by a constant, the pullbacks, and the curvature of forward over reverse —
/// and compare with the scalar path, which applies the NaN-safe rule product by product
/// and shares no loop with the tensors.
@Suite("Tensor chain-rule loops: plain products, redone NaN-safely where one is NaN")
struct TensorChainLoopTests {
  /// √x at x₀ = 0 has partial ∞; every lane but x₀'s own carries a 0 tangent there.
  static let point = [0.0, 4, 0.25]

  /// Both Jacobians as flat rows, or nil when they do not have the same count.
  static func bitwiseEqual(_ tensor: [Double], _ scalar: [[Double]]) -> Bool {
    let flat = scalar.flatMap { $0 }
    guard tensor.count == flat.count else { return false }
    // Bitwise, with NaN equal to NaN: the two paths must take the same NaN-safe products.
    return zip(tensor, flat).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
  }

  /// The same function on tensors and element by element on scalars.
  struct Case: Sendable, CustomStringConvertible {
    let description: String
    let tensor: @Sendable (Tensor<Double>) -> Tensor<Double>
    let scalar: @Sendable ([Tracked<Double>]) -> [Tracked<Double>]
    let forward: @Sendable ([ChunkedDual<Double, 3>]) -> [ChunkedDual<Double, 3>]
  }

  static let cases: [Case] = [
    // One operand: the lanes of √x scaled by ∂ = ∞ at x₀ (scale(lanes:by:)).
    Case(
      description: "√x", tensor: { Tensor.sqrt($0) }, scalar: { $0.map { .sqrt($0) } },
      forward: { $0.map { .sqrt($0) } }),
    // Two operands with tangents: √x·x has ∂/∂(√x) = x = 0 and ∂/∂x = √x = 0 at x₀, met
    // by the tangent ∞ of √x (the chain sum of the binary JVP).
    Case(
      description: "√x·x", tensor: { Tensor.sqrt($0) * $0 }, scalar: { $0.map { .sqrt($0) * $0 } },
      forward: { $0.map { .sqrt($0) * $0 } }),
    // A product by the constant 0: the tangent ∞ of √x at x₀ times 0 (scale(byScalar:)).
    Case(
      description: "0·√x + x", tensor: { 0 * Tensor.sqrt($0) + $0 },
      scalar: { $0.map { 0 * .sqrt($0) + $0 } }, forward: { $0.map { 0 * .sqrt($0) + $0 } }),
  ]

  @Test("forward lanes and pullbacks equal the scalar path bit for bit", arguments: cases)
  func jacobians(_ c: Case) {
    let x = Tensor(Self.point)
    let forward = jacobian(of: c.tensor, at: x, mode: ForwardMode<3>())
    let reverse = jacobian(of: c.tensor, at: x, mode: .reverse)
    let scalarReverse = jacobian(of: { c.scalar($0) }, at: Self.point, mode: .reverse)
    let scalarForward = jacobian(of: { c.forward($0) }, at: Self.point, mode: ForwardMode<3>())
    #expect(forward.shape == [3, 3] && reverse.shape == [3, 3], "\(c)")
    // Each case meets a 0·∞ in row 0, which plain products make NaN: with the NaNSafe
    // trait no entry is NaN, without it row 0 has one, on both paths alike.
    let nanCount = (forward.scalars + reverse.scalars).filter(\.isNaN).count
    #expect(nanSafeChainRule ? nanCount == 0 : nanCount > 0, "\(c): \(forward.scalars), \(reverse.scalars)")
    #expect(Self.bitwiseEqual(forward.scalars, scalarForward), "\(c): \(forward.scalars) vs \(scalarForward)")
    #expect(Self.bitwiseEqual(reverse.scalars, scalarReverse), "\(c): \(reverse.scalars) vs \(scalarReverse)")
  }

  @Test("the curvature loop of a tensor Hessian redoes its 0·∞ NaN-safely, as the scalar path does")
  func curvature() {
    // g(x) = Σ √x·x at x₀ = 0: the binary operation's curvature multiplies its second
    // partials by the tangent ∞ of √x in lanes where they are 0.
    let x = Tensor(Self.point)
    let tensor = hessian(of: { (Tensor.sqrt($0) * $0).sum() }, at: x)
    let scalar = hessian(
      of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in v.map { .sqrt($0) * $0 }.reduce(0, +) },
      at: Self.point)
    #expect(tensor.shape == [3, 3])
    #expect(Self.bitwiseEqual(tensor.scalars, scalar), "\(tensor.scalars) vs \(scalar)")
    // Row and column 0 meet the 0·∞: NaN-safe, they are zero off the diagonal.
    if nanSafeChainRule {
      #expect(tensor.scalars[1] == 0 && tensor.scalars[2] == 0 && tensor.scalars[3] == 0, "\(tensor.scalars)")
    }
  }

  /// The lanes' NaN scan reads 8 (Double) or 16 (Float) elements at a time, two vectors an
  /// iteration, then the rest one by one: a 0·∞ must be found wherever it falls.
  @Test("a 0·∞ in any position of a long lane array is redone NaN-safely (Double and Float)")
  func everyPosition() {
    // n = 41 elements, 8 lanes: 328 tangent elements a pass, 320 in the vector loop for
    // Float (16 × 20) and Double (8 × 40), the last 8 in Float's scalar tail.
    let n = 41
    var checked = 0
    for zero in [0, 1, 7, 8, 15, 16, 23, 31, 32, 39, 40] {
      let point = (0..<n).map { $0 == zero ? 0.0 : 0.25 + Double($0) }
      let double = jacobian(of: { Tensor.sqrt($0) }, at: Tensor(point), mode: ForwardMode<8>())
      let float = jacobian(
        of: { Tensor.sqrt($0) }, at: Tensor(point.map { Float($0) }), mode: ForwardMode<8>())
      #expect(double.shape == [n, n] && float.shape == [n, n])
      guard double.shape == [n, n] && float.shape == [n, n] else { return }
      for i in 0..<n {
        for j in 0..<n {
          let (d, f) = (double.scalars[i * n + j], float.scalars[i * n + j])
          if i != j {
            // Off the diagonal the tangent is 0; at the zero its partial is ∞: NaN-safe 0.
            let expected = i == zero ? nanSafe(0) : 0
            #expect(d.bitPattern == expected.bitPattern || (d.isNaN && expected.isNaN), "Double (\(i), \(j)), zero at \(zero): \(d)")
            #expect(f.isNaN == expected.isNaN && (f.isNaN || f == 0), "Float (\(i), \(j)), zero at \(zero): \(f)")
          } else if i == zero {
            #expect(d == .infinity && f == .infinity, "(\(i), \(i)): \(d), \(f)")
          } else {
            // 1/(2√x), within an ulp or two of the rule's rounding.
            let exact = 0.5 / point[i].squareRoot()
            #expect(abs(d - exact) <= 4 * exact.ulp, "Double (\(i), \(i)): \(d) vs \(exact)")
            #expect(abs(Double(f) - exact) <= 4 * Double(Float(exact).ulp), "Float (\(i), \(i)): \(f) vs \(exact)")
          }
          checked += 1
        }
      }
    }
    #expect(checked == 11 * n * n)
  }
}
