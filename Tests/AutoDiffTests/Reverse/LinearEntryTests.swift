import AutoDiff
import RealModule
import Testing

/// A user's rule that declares the difference form (partials 1 and −1): the tape's fast
/// paths take its partials from the form, not from the rule's code.
private struct UserDifference: BinaryDerivativeRule {
  func evaluate<T: Real>(_ x: T, _ y: T) -> (value: T, dx: T, dy: T) { (x - y, 1, -1) }
  var name: String { "userDifference" }
  var form: BinaryRuleForm { .difference }
}

/// The same, declaring the sum form.
private struct UserSum: BinaryDerivativeRule {
  func evaluate<T: Real>(_ x: T, _ y: T) -> (value: T, dx: T, dy: T) { (x + y, 1, 1) }
  var name: String { "userSum" }
  var form: BinaryRuleForm { .sum }
}

/// Sums and differences of two tracked values are recorded without stored partials when
/// both operands are entries' own values, and with only the second partial when the
/// first is (an accumulation `s − c·x`). Every reference below is written out by hand:
/// the functions are linear, so their gradients are their coefficients.
@Suite("Sums and differences on the tape: every entry kind sweeps to the coefficients")
struct LinearEntryTests {
  /// (name, f, coefficients): f(x) = Σ cᵢ xᵢ written with each kind of linear entry.
  static let cases: [(String, @Sendable ([Tracked<Double>]) -> Tracked<Double>, [Double])] = [
    ("x0 + x1 (no partials stored)", { x in x[0] + x[1] }, [1, 1, 0]),
    ("x0 − x1 (no partials stored)", { x in x[0] - x[1] }, [1, -1, 0]),
    ("x0 + 3·x1 (second partial stored)", { x in x[0] + 3 * x[1] }, [1, 3, 0]),
    ("x0 − 3·x1 (second partial stored)", { x in x[0] - 3 * x[1] }, [1, -3, 0]),
    ("3·x0 − x1 (both partials stored)", { x in 3 * x[0] - x[1] }, [3, -1, 0]),
    ("2·x0 + 5·x1 (both partials stored)", { x in 2 * x[0] + 5 * x[1] }, [2, 5, 0]),
    (
      "((x0 − 2·x1) − 4·x2) + x0: a chain of accumulations",
      { x in ((x[0] - 2 * x[1]) - 4 * x[2]) + x[0] }, [2, -2, -4]
    ),
    ("x0 − (−x1): a negated second operand", { x in x[0] - (-x[1]) }, [1, 1, 0]),
    ("user difference x0 ⊖ x1", { x in x[0].applying(UserDifference(), x[1]) }, [1, -1, 0]),
    ("user difference x0 ⊖ 3·x1", { x in x[0].applying(UserDifference(), 3 * x[1]) }, [1, -3, 0]),
    ("user difference 2·x0 ⊖ x1", { x in (2 * x[0]).applying(UserDifference(), x[1]) }, [2, -1, 0]),
    ("user sum x0 ⊕ x1", { x in x[0].applying(UserSum(), x[1]) }, [1, 1, 0]),
    ("user sum x0 ⊕ 3·x2", { x in x[0].applying(UserSum(), 3 * x[2]) }, [1, 0, 3]),
  ]

  @Test("reverse gradients, kept-tape gradients and NaN-safe adjoints equal the coefficients")
  func gradientsAreTheCoefficients() {
    let x = [0.7, -1.3, 2.1]
    var checked = 0
    for (name, f, coefficients) in Self.cases {
      let g = gradient(of: f, at: x)
      #expect(g.count == coefficients.count, "\(name)")
      #expect(g == coefficients, "\(name)")
      let kept = Tape<Double>()
      #expect(kept.gradient(of: f, at: x) == coefficients, "\(name)")
      // Tape.adjoints(of:) sweeps NaN-safely, the other path of every entry kind.
      let tape = Tape<Double>()
      let inputs = x.map { tape.input($0) }
      let adjoints = tape.adjoints(of: f(inputs))
      #expect(adjoints.count >= 3, "\(name)")
      #expect(Array(adjoints.prefix(3)) == coefficients, "\(name)")
      checked += 1
    }
    #expect(checked == Self.cases.count)
  }

  @Test("the tape shows each entry with its operands and partials, ±1 included")
  func entriesShowTheirPartials() {
    let tape = Tape<Double>()
    let x = [0.7, -1.3].map { tape.input($0) }
    let inputBytes = tape.recordedBytes
    _ = x[0] - 3 * x[1]
    // An accumulation stores one partial: 8 bytes, two 4-byte operands and the tag.
    #expect(tape.recordedBytes - inputBytes == 17)
    _ = x[0].applying(UserDifference(), x[1])
    // A user's rule stores both partials: 2·8 + 2·4 + 1.
    #expect(tape.recordedBytes - inputBytes == 17 + 25)
    let entries = tape.entries
    #expect(entries.count == 4)
    guard entries.count == 4 else { return }
    #expect(entries[2].operands == [0, 1])
    #expect(entries[2].partials == [1, -3])
    #expect(entries[3].operands == [0, 1])
    #expect(entries[3].partials == [1, -1])
    #expect(entries[3].operation.name == "custom rule")
    #expect(entries[2].operation.name == BinaryPrimitive.subtract.name)
  }

  @Test("Tracked<ChunkedDual>: the second partial stored as a dual sweeps to the Hessian's rows")
  func carriersStoreTheirSecondPartial() {
    // f(x) = x0 − x0·x1: ∇f = (1 − x1, −x0), H = [[0, −1], [−1, 0]]; the difference's
    // second operand is an entry's own value, its first the input x0.
    let h = hessian(of: { (x: [Tracked<ChunkedDual<Double, 8>>]) in x[0] - x[0] * x[1] }, at: [0.7, -1.3])
    #expect(h == [[0, -1], [-1, 0]])
    // f(x) = x0 − (−(x0·x1)): a negated entry, scale −1, stored as the partial +1.
    let g = hessian(of: { (x: [Tracked<ChunkedDual<Double, 8>>]) in x[0] - (-(x[0] * x[1])) }, at: [0.7, -1.3])
    #expect(g == [[0, 1], [1, 0]])
  }
}
