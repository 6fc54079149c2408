import AutoDiff
import RealModule
import Testing

// The five modes the conventions table (Rules/DerivativeConventionTests.swift) is checked
// in, each as the Jacobians its entry points compute for a row. Every entry point of a
// mode must give the table's bits, so the modes agree with each other bit for bit at the
// edge points too.

/// A way to differentiate: the scalar forward types, the tape, and the two tensor modes.
enum ConventionMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
  /// `Dual`: `jvp(of:at:along:)` along each basis vector, and `derivative(of:at:)`.
  case dual = "Dual"
  /// `ChunkedDual`: `jacobian(of:at:mode:)` with chunks of 8 and 1, and the forward
  /// `gradient`.
  case chunkedDual = "ChunkedDual"
  /// `Tracked`, the tape: the reverse Jacobian, `gradient`, `vjp`, a kept tape's gradient.
  case tracked = "Tracked"
  /// Tensor forward mode: `jvp` on `Tensor` along each basis vector, and the forward
  /// tensor Jacobian.
  case tensorForward = "Tensor jvp"
  /// Tensor reverse mode: `gradient`, `vjp` along each basis cotangent, the reverse tensor
  /// Jacobian and PyTorch-style `backward()`.
  case tensorReverse = "Tensor gradient/vjp"

  enum Direction: Sendable { case forward, reverse }

  var direction: Direction {
    switch self {
    case .dual, .chunkedDual, .tensorForward: .forward
    case .tracked, .tensorReverse: .reverse
    }
  }

  var testDescription: String { rawValue }

  /// The Jacobian of `row`'s function at its point by every entry point of this mode,
  /// labelled by the entry point.
  func jacobians(of row: EdgeConvention) -> [(path: String, jacobian: [[Double]])] {
    let f = row.function
    let x = row.point
    let n = x.count
    let m = f(x).count
    let basis = { (size: Int, i: Int) in (0..<size).map { $0 == i ? 1.0 : 0 } }
    /// m×n from n columns of m entries.
    let fromColumns = { (columns: [[Double]]) in (0..<m).map { i in columns.map { $0[i] } } }
    var results: [(path: String, jacobian: [[Double]])] = []
    switch self {
    case .dual:
      results.append(("jvp along eⱼ", fromColumns((0..<n).map { jvp(of: { f($0) }, at: x, along: basis(n, $0)).tangent })))
      if n == 1 && m == 1 {
        results.append(("derivative", [[derivative(of: { f([$0])[0] }, at: x[0])]]))
      }
    case .chunkedDual:
      results.append(("jacobian, ForwardMode<8>", jacobian(of: f, at: x, mode: .forward)))
      results.append(("jacobian, ForwardMode<1>", jacobian(of: { f($0) }, at: x, mode: ForwardMode<1>())))
      if m == 1 {
        results.append(("gradient, ForwardMode<8>", [gradient(of: { f($0)[0] }, at: x, mode: ForwardMode<8>())]))
      }
    case .tracked:
      results.append(("jacobian, reverse", jacobian(of: f, at: x, mode: .reverse)))
      results.append(("vjp along eᵢ", (0..<m).map { vjp(of: { f($0) }, at: x, cotangent: basis(m, $0)).vjp }))
      if m == 1 {
        results.append(("gradient", [gradient(of: { (v: [Tracked<Double>]) in f(v)[0] }, at: x)]))
        results.append(("kept tape's gradient", [Tape<Double>().gradient(of: { f($0)[0] }, at: x)]))
      }
    case .tensorForward:
      let point = Tensor(x)
      let columns = (0..<n).map { j in
        jvp(of: { f.tensor($0) }, at: point, along: Tensor(basis(n, j))).tangent.scalars
      }
      results.append(("jvp along eⱼ", fromColumns(columns)))
      results.append(("jacobian, ForwardMode<1>", jacobian(of: { f.tensor($0) }, at: point, mode: ForwardMode<1>()).rows))
    case .tensorReverse:
      let point = Tensor(x)
      results.append(("vjp along eᵢ", (0..<m).map { vjp(of: { f.tensor($0) }, at: point, cotangent: Tensor(basis(m, $0))).vjp.scalars }))
      results.append(("jacobian, reverse", jacobian(of: { f.tensor($0) }, at: point, mode: .reverse).rows))
      if m == 1 {
        results.append(("gradient", [gradient(of: { f.tensor($0) }, at: point).scalars]))
        var leaf = point
        leaf.requiresGradient = true
        f.tensor(leaf).backward()
        results.append(("backward()", [leaf.gradient?.scalars ?? []]))
      }
    }
    return results
  }
}

extension ConventionMode {
  /// The row's function value at its point, as this mode computes it.
  func values(of row: EdgeConvention) -> [Double] {
    let f = row.function
    let x = row.point
    let zeros = [Double](repeating: 0, count: x.count)
    switch self {
    case .dual: return jvp(of: { f($0) }, at: x, along: zeros).value
    case .chunkedDual: return f(x.map { ChunkedDual<Double, 8>(constant: $0) }).map(\.value)
    case .tracked: return valueWithPullback(of: { (v: [Tracked<Double>]) in f(v) }, at: x).value
    case .tensorForward: return jvp(of: { f.tensor($0) }, at: Tensor(x), along: Tensor(zeros)).value.scalars
    case .tensorReverse: return valueWithPullback(of: { f.tensor($0) }, at: Tensor(x)).value.scalars
    }
  }
}

@Suite("The modes of the conventions table")
struct EdgePointAgreementTests {
  @Test("Every mode has forward or reverse direction, and both directions are covered")
  func directions() {
    let directions = ConventionMode.allCases.map(\.direction)
    #expect(ConventionMode.allCases.count == 5)
    #expect(directions.filter { $0 == .forward }.count == 3)
    #expect(directions.filter { $0 == .reverse }.count == 2)
  }

  @Test("Each mode computes a smooth row's Jacobian by every entry point", arguments: ConventionMode.allCases)
  func smoothRow(_ mode: ConventionMode) {
    // x₁·√x₀ at (4, 3): [3/(2·2), 2] = [0.75, 2], exact in binary.
    let row = EdgeConvention("y·√x at (4, 3)", .yTimesSqrtX, at: [4, 3], expected: [[0.75, 2]])
    let results = mode.jacobians(of: row)
    #expect(!results.isEmpty, "\(mode) computed nothing")
    for (path, jacobian) in results {
      #expect(isIdentical(jacobian, [[0.75, 2]]), "\(mode), \(path): \(jacobian)")
    }
  }
}
