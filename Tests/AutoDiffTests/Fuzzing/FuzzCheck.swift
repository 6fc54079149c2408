import AutoDiff
import RealModule

/// What one fuzz case found.
enum FuzzVerdict: Equatable, Sendable {
  case agree
  case disagree(String)
}

enum FuzzCheck {
  /// Same bits, or both NaN.
  static func identical(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
  }

  /// Forward and reverse entries agree: to `tolerance` relative to the Jacobian's scale,
  /// widened by `rounding[i][j]` (the rounding the two summation orders can differ by);
  /// otherwise both must be non-finite in the same way (both NaN, or the same infinity).
  static func agree(_ f: [[Double]], _ r: [[Double]], tolerance: Double, rounding: [[Double]]? = nil)
    -> String?
  {
    guard f.count == r.count else { return "shapes differ" }
    let finite = (f + r).flatMap { $0 }.filter(\.isFinite)
    let scale = Swift.max(1, finite.map(\.magnitude).max() ?? 0)
    for i in f.indices {
      for j in f[i].indices {
        let (a, b) = (f[i][j], r[i][j])
        if a.isFinite && b.isFinite {
          let allowed = tolerance * scale + (rounding?[i][j] ?? 0)
          if (a - b).magnitude > allowed { return "J[\(i)][\(j)]: forward \(a), reverse \(b)" }
        } else if !(a.isNaN && b.isNaN) && a != b {
          return "J[\(i)][\(j)]: forward \(a), reverse \(b)"
        }
      }
    }
    return nil
  }

  /// Σ over paths of |product of partials| for each Jacobian entry, from the tape: the
  /// size of the terms both modes sum. Each term carries up to (depth)·ε relative rounding
  /// in either mode, so the modes can differ by about ops·ε times this, however small the
  /// sum itself is after cancellation. Nil where it overflows (a product too large for
  /// Double in one order of multiplication may not be in the other).
  static func absoluteJacobian(_ program: FuzzProgram, at x: [Double]) -> (entries: Int, rows: [[Double]])? {
    let tape = Tape<Double>()
    let y = program(x.map { tape.input($0) })
    let entries = tape.entries
    var rows = Array(repeating: [Double](repeating: 0, count: x.count), count: y.count)
    for j in x.indices {
      var t = [Double](repeating: 0, count: entries.count)
      t[j] = 1
      for e in entries where !e.operands.isEmpty {
        t[e.index] = zip(e.operands, e.partials).reduce(0) { $0 + $1.1.magnitude * t[$1.0] }
      }
      for (i, output) in y.enumerated() {
        // An output is a multiple of its entry (a folded chain of one-operand operations).
        rows[i][j] = output.entryIndex.map { t[$0] * output.derivativeWithRespectToEntry.magnitude } ?? 0
      }
    }
    guard rows.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return nil }
    return (entries.count, rows)
  }

  /// Whether every local partial the program records at `x` is finite. Where one is not
  /// (a pole, a branch cut, an argument outside a function's domain), IEEE arithmetic
  /// with NaN and ∞ is not distributive: forward mode may compute NaN·(a − a) = 0 where
  /// reverse mode computes NaN·a + NaN·(−a) = NaN. The modes are compared only where
  /// every partial is finite; `findNonFiniteDerivative` names the operation otherwise.
  static func partialsAreFinite(_ program: FuzzProgram, at x: [Double]) -> Bool {
    let tape = Tape<Double>()
    let y = program(x.map { tape.input($0) })
    return y.allSatisfy { $0.value.isFinite } && tape.entries.allSatisfy { $0.partials.allSatisfy(\.isFinite) }
  }

  /// Runs every check on `program` at `x`; nil when the point has a non-finite partial
  /// and the modes are not compared.
  static func check(_ program: FuzzProgram, at x: [Double], edge: Bool) -> FuzzVerdict? {
    let forward = jacobian(of: program, at: x, mode: .forward)
    let reverse = jacobian(of: program, at: x, mode: .reverse)
    guard partialsAreFinite(program, at: x) else { return nil }
    if edge && program.isSinglePrimitive {
      // One primitive at an edge input: the conventions table fixes these bits.
      for i in forward.indices {
        for j in forward[i].indices where !identical(forward[i][j], reverse[i][j]) {
          return .disagree("edge point, not bit-identical: J[\(i)][\(j)] forward \(forward[i][j]) reverse \(reverse[i][j])")
        }
      }
    }
    guard let absolute = absoluteJacobian(program, at: x) else { return nil }
    let rounding = absolute.rows.map { $0.map { 4 * Double(absolute.entries + 1) * Double.ulpOfOne * $0 } }
    if let problem = agree(forward, reverse, tolerance: 1e-12, rounding: rounding) {
      return .disagree("modes: " + problem)
    }
    // Nested second derivatives (forward over forward) against forward over reverse.
    let first = { (v: [ChunkedDual<ChunkedDual<Double, 8>, 8>]) in program(v)[0] }
    let overForward = hessian(of: first, at: x, mode: .forward)
    let overReverse = hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in program(v)[0] }, at: x)
    let hessianScale = Swift.max(1, (absolute.rows.flatMap { $0 }.max() ?? 0))
    if (overForward + overReverse).allSatisfy({ $0.allSatisfy(\.isFinite) }),
      let problem = agree(
        overForward, overReverse, tolerance: 1e-10,
        rounding: overForward.map { $0.map { _ in 1e-9 * hessianScale * hessianScale } })
    {
      return .disagree("Hessians: " + problem)
    }
    // Central differences where the function is smooth and well conditioned around x:
    // the estimates at steps h and h/2 agree, and so do the one-sided differences.
    // Not at edge inputs: ties and kinks sit there, where AD's conventions (a tie splits
    // the derivative) need not match what differences see of the function around x.
    let values = program(x)
    guard !edge, program.remaindersAreCoarse(at: x), values.allSatisfy({ $0.isFinite && $0.magnitude < 1e6 }),
      reverse.allSatisfy({ $0.allSatisfy { $0.isFinite && $0.magnitude < 1e6 } })
    else { return .agree }
    let h = 1e-5
    for j in x.indices {
      func at(_ t: Double) -> [Double] {
        var p = x
        p[j] += t
        return program(p)
      }
      let (plus, minus, halfPlus, halfMinus) = (at(h), at(-h), at(h / 2), at(-h / 2))
      for i in reverse.indices {
        let coarse = (plus[i] - minus[i]) / (2 * h)
        let fine = (halfPlus[i] - halfMinus[i]) / h
        let right = (plus[i] - values[i]) / h
        let left = (values[i] - minus[i]) / h
        let scale = Swift.max(1, coarse.magnitude)
        let smooth =
          (coarse - fine).magnitude <= 1e-6 * scale && (right - left).magnitude <= 1e-3 * scale
        let a = reverse[i][j]
        // Differences of a floating-point function cannot see slopes below the rounding
        // of its intermediate values (a sigmoid near 1 is flat in Double): allow that.
        let resolution = 1e-9 * Swift.max(1, values[i].magnitude) / h
        if smooth && (a - fine).magnitude > 1e-5 * scale + resolution {
          return .disagree("central difference: J[\(i)][\(j)] AD \(a), estimate \(fine)")
        }
      }
    }
    return .agree
  }

  /// Shrinks a failing program to one whose every simplification passes.
  static func shrink(_ program: FuzzProgram, at x: [Double], edge: Bool) -> FuzzProgram {
    var current = program
    var improved = true
    while improved {
      improved = false
      for candidate in current.simplifications() {
        guard let verdict = check(candidate, at: x, edge: edge), verdict != .agree else { continue }
        current = candidate
        improved = true
        break
      }
    }
    return current.pruned()
  }
}
