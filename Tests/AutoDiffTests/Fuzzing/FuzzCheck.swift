import AutoDiff
import RealModule

/// What one fuzz case found.
enum FuzzVerdict: Equatable, Sendable {
  case agree
  case disagree(String)
}

/// How many checks of each kind the fuzzer ran. The test prints every count and asserts a
/// minimum for each, so a check that silently stops running fails the test.
struct FuzzTally: Sendable {
  /// Programs run.
  var programs = 0
  /// Programs whose every Jacobian entry went through one of the entry checks below.
  var programsCompared = 0
  /// Programs with at least one entry only explained (overflow risk), not compared.
  var programsExplained = 0
  /// Shapes compared before elements (forward and reverse Jacobians, both Hessians).
  var shapes = 0
  /// Entries with no path from the input to the output through a non-finite partial:
  /// forward, reverse and the test's own evaluation agree to the rounding bound.
  var entriesFinite = 0
  /// Entries that a non-finite partial must reach, non-finite in both modes: forward
  /// mode's non-finiteness (and reverse mode's, where both sides of the partial are
  /// robustly nonzero) was required.
  var entriesForcedNonFinite = 0
  /// Entries a non-finite partial may reach, where a mode came out finite: that value
  /// equals the test's own evaluation with the non-finite partials annihilated.
  var entriesAnnihilated = 0
  /// Entries a non-finite partial may reach, non-finite in both modes where neither was
  /// required to be (explained by the partial, not compared).
  var entriesNonFiniteExplained = 0
  /// Entries whose path sums come within reach of overflow: explained, not compared.
  var entriesOverflowRisk = 0
  /// Single-primitive programs whose forward and reverse Jacobians are the same bits.
  var singlePrimitiveBitIdentical = 0
  /// Nodes whose rule's derivative was compared with the derivative of the rule's value
  /// (what a nested mode's inner level differentiates).
  var ruleConsistency = 0
  /// Hessians compared entry by entry: forward over forward, forward over reverse, and
  /// the test's own second-order sweep.
  var hessiansCompared = 0
  /// Hessians where the two nested modes were compared but the reference was not: a second
  /// partial leaves Double's normal range, a value in the cone lies beyond 2^±300, or a
  /// sum nears overflow (the reference takes second partials at a unit tangent).
  var hessiansOutOfRange = 0
  /// Hessians not compared because a first or second local partial in the output's cone
  /// is ±∞ or NaN (the Jacobian's grouping limit applies at every order), or because the
  /// sums of their terms come within reach of overflow.
  var hessiansNonFinite = 0
  /// Jacobian entries checked against central differences.
  var centralDifferences = 0
  /// Entries where the difference quotients show a kink, jump or strong curvature.
  var centralNotSmooth = 0
  /// Entries whose slope the differences cannot resolve (rounding above 1e-4 of it).
  var centralUnresolved = 0
  /// Programs not differenced because the point is an edge point (ties and kinks).
  var centralEdgePoint = 0
  /// Programs not differenced because a remainder jumps within the step.
  var centralRemainderJump = 0
  /// Programs not differenced because a value, a slope or a partial on the way is ±∞ or NaN.
  var centralNonFinite = 0

  mutating func add(_ o: FuzzTally) {
    programs += o.programs
    programsCompared += o.programsCompared
    programsExplained += o.programsExplained
    shapes += o.shapes
    entriesFinite += o.entriesFinite
    entriesForcedNonFinite += o.entriesForcedNonFinite
    entriesAnnihilated += o.entriesAnnihilated
    entriesNonFiniteExplained += o.entriesNonFiniteExplained
    entriesOverflowRisk += o.entriesOverflowRisk
    singlePrimitiveBitIdentical += o.singlePrimitiveBitIdentical
    ruleConsistency += o.ruleConsistency
    hessiansOutOfRange += o.hessiansOutOfRange
    hessiansCompared += o.hessiansCompared
    hessiansNonFinite += o.hessiansNonFinite
    centralDifferences += o.centralDifferences
    centralNotSmooth += o.centralNotSmooth
    centralUnresolved += o.centralUnresolved
    centralEdgePoint += o.centralEdgePoint
    centralRemainderJump += o.centralRemainderJump
    centralNonFinite += o.centralNonFinite
  }

  /// The counts, named, in the order printed.
  var kinds: [(name: String, count: Int)] {
    [
      ("programs", programs),
      ("programs compared", programsCompared),
      ("programs explained, not compared (overflow risk)", programsExplained),
      ("shapes compared", shapes),
      ("Jacobian entries, finite: forward = reverse = reference", entriesFinite),
      ("Jacobian entries, non-finite where the policy forces it", entriesForcedNonFinite),
      ("Jacobian entries, non-finite partial annihilated: finite = reference", entriesAnnihilated),
      ("Jacobian entries, non-finite in both, explained, not required", entriesNonFiniteExplained),
      ("Jacobian entries, overflow risk (explained, not compared)", entriesOverflowRisk),
      ("single-primitive programs, bit for bit", singlePrimitiveBitIdentical),
      ("rule consistency: derivative = derivative of the value (nodes)", ruleConsistency),
      ("Hessians compared (fwd-over-fwd = fwd-over-rev = reference)", hessiansCompared),
      ("Hessians with a non-finite local partial or sums near overflow (explained)", hessiansNonFinite),
      ("Hessians fwd-over-fwd = fwd-over-rev, reference out of range", hessiansOutOfRange),
      ("central differences compared", centralDifferences),
      ("central differences, not smooth there", centralNotSmooth),
      ("central differences, slope below resolution", centralUnresolved),
      ("programs not differenced: edge point", centralEdgePoint),
      ("programs not differenced: a remainder jumps within the step", centralRemainderJump),
      ("programs not differenced: a value, slope or partial not finite", centralNonFinite),
    ]
  }
}

/// A fault planted in a mode's result before the checks see it, so that a test can show
/// that every check fails when the library is wrong (`FuzzCheckCanFailTests`).
enum FuzzFault: Sendable {
  case none
  /// Forward Jacobian: every finite entry moved by 1e-9 of max(1, |entry|).
  case nudgeForward
  /// Forward Jacobian: every non-finite entry replaced by 0.
  case finiteForward
  /// Forward Jacobian: every zero entry's sign flipped.
  case flipZeroSign
  /// Reverse Jacobian: every finite entry moved by 1.
  case shiftReverseFinite
  /// Forward-over-forward Hessian: every entry moved by 1e-9 of max(1, |entry|).
  case nudgeHessian
  /// Both nested Hessians scaled by 1.05 (they still agree with each other).
  case scaleHessians
  /// The slopes handed to central differences (after the modes were compared) scaled by 1 + 1e-3.
  case scaleDifferenced
}

enum FuzzCheck {
  /// Same bits, or both NaN.
  static func identical(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
  }

  /// A single primitive's entry in both modes. With the NaN-safe rule: the same bits
  /// (forward multiplies the partial by the seed and adds +0, reverse the seed by the
  /// partial). Without it the modes differ in the sign of a zero (−0·1 against the
  /// untouched +0 adjoint) and where a non-finite partial meets a zero seed (NaN forward,
  /// 0 reverse), which the general check below explains; finite entries must be equal.
  static func singlePrimitiveAgree(_ f: Double, _ r: Double) -> Bool {
    #if NaNSafe
    identical(f, r)
    #else
    !(f.isFinite && r.isFinite) || f == r
    #endif
  }

  /// The rounding factor of first-order sums over a graph of `n` nodes. Each mode and the
  /// test's own sweep form every path product with at most n multiplications (reverse
  /// mode's folded scales are the same factors in another order) and add it into sums
  /// at most n deep, so each is within 2nε·Σ|path products| of the exact sum of these
  /// terms; two of them differ by at most 4nε·Σ, and 8nε leaves a factor two for the
  /// second-order terms of (1 + ε)ⁿ. The generator's graphs have at most 3 + 12·20 nodes
  /// (a loop unrolls to 4 per turn, 5 turns), so 8nε ≤ 4.3e-13; the cap 1e-12 keeps the
  /// bound fixed should programs grow.
  static func firstOrderFactor(_ n: Int) -> Double { Swift.min(8 * Double(n) * .ulpOfOne, 1e-12) }

  /// The second-order factor: a Hessian term is a product of a second partial and two
  /// gradient paths, or a partial and a Hessian path, at most 2n + 1 factors, summed at
  /// most 2n deep, so 16nε by the same argument as ``firstOrderFactor(_:)``; plus 64ε
  /// for a nested mode's inner level differentiating a rule's value where the outer
  /// level uses the rule's derivative (the two agree to ``ruleFactor``, checked node by
  /// node). ≤ 8.8e-13 for the generator's graphs, capped at 1e-12.
  static func secondOrderFactor(_ n: Int) -> Double { Swift.min((16 * Double(n) + 64) * .ulpOfOne, 1e-12) }

  /// A rule's derivative against the derivative of its value's expression on a dual
  /// number: each is a handful (≤ 16) of roundings from the same x, and 64ε allows four
  /// times that. Only composite rules (the activations) can differ at all: a primitive's
  /// value on a dual applies the primitive, whose derivative is the rule's own.
  static let ruleFactor = 64 * Double.ulpOfOne

  /// The absolute rounding floor: gradual underflow loses at most half the least
  /// subnormal per operation, less than `leastNormalMagnitude` for each of n operations.
  static func floor(_ n: Int) -> Double { Double(n) * .leastNormalMagnitude }

  /// Path sums above this are within a factor 2⁶⁴ of overflow: a product of n terms
  /// each below it cannot overflow in one order and not the other only if no partial
  /// product comes near the limit. Entries beyond it are explained, not compared.
  static let overflowRisk = 0x1p960

  /// Runs every check on `program` at `x`, counting each in `tally`.
  static func check(
    _ program: FuzzProgram, at x: [Double], edge: Bool, tally: inout FuzzTally, fault: FuzzFault = .none
  ) -> FuzzVerdict {
    tally.programs += 1
    let m = program.outputs.count
    let n = x.count
    var forward = jacobian(of: program, at: x, mode: .forward)
    var reverse = jacobian(of: program, at: x, mode: .reverse)
    switch fault {
    case .nudgeForward: forward = forward.map { $0.map { $0.isFinite ? $0 + 1e-9 * Swift.max(1, $0.magnitude) : $0 } }
    case .finiteForward: forward = forward.map { $0.map { $0.isFinite ? $0 : 0 } }
    case .flipZeroSign: forward = forward.map { $0.map { $0 == 0 ? -$0 : $0 } }
    case .shiftReverseFinite: reverse = reverse.map { $0.map { $0.isFinite ? $0 + 1 : $0 } }
    case .none, .nudgeHessian, .scaleHessians, .scaleDifferenced: break
    }
    guard forward.count == m, reverse.count == m, forward.allSatisfy({ $0.count == n }),
      reverse.allSatisfy({ $0.count == n })
    else {
      return .disagree("shapes: forward \(forward.map(\.count)), reverse \(reverse.map(\.count)), expected \(m)×\(n)")
    }
    tally.shapes += 1

    // One primitive applied to inputs: forward multiplies the partial by the seed 1
    // (plus +0), reverse the seed by the partial; the NaN-safe rule makes these the same
    // bits everywhere, not only at the conventions table's edge points.
    if program.isSinglePrimitive {
      for i in 0..<m {
        for j in 0..<n where !singlePrimitiveAgree(forward[i][j], reverse[i][j]) {
          return .disagree("single primitive, not bit-identical: J[\(i)][\(j)] forward \(forward[i][j]) reverse \(reverse[i][j])")
        }
      }
      tally.singlePrimitiveBitIdentical += 1
    }

    let graph = FuzzGraph(program, at: x)
    let first = FuzzFirstOrder(graph)
    #if !NaNSafe
    let structure = FuzzStructure(graph)
    #endif
    let size = graph.operationCount
    let factor = firstOrderFactor(size)
    let tiny = floor(size)
    var explainedOnly = false
    // Nonzero beyond any rounding of the sums that produced it.
    let robust = { (value: Double, sum: Double) in value.magnitude > 2 * (factor * sum + tiny) }
    // certainForward[j][u]: forward mode's tangent of u along x_j must be ±∞ or NaN. It
    // is where a non-finite partial multiplies a robustly nonzero tangent, and then along
    // every nonzero partial after it: a non-finite tangent times a nonzero partial stays
    // non-finite, and so does any sum it enters (forward mode multiplies each operand's
    // tangent separately, so nothing cancels it). Reverse mode has no such propagation
    // here: its tape merges x − x into one zero partial, which annihilates.
    let certainForward: [[Bool]] = (0..<n).map { j in
      var certain = [Bool](repeating: false, count: graph.nodes.count)
      for u in graph.inputCount..<graph.nodes.count {
        let node = graph.nodes[u]
        certain[u] = node.operands.indices.contains { k in
          let (p, a) = (node.partials[k], node.operands[k])
          return p != 0 && (certain[a] || (!p.isFinite && robust(first.tangent[j][a], first.absTangent[j][a])))
        }
      }
      return certain
    }
    for i in 0..<m {
      let output = graph.outputs[i]
      for j in 0..<n {
        let (f, r) = (forward[i][j], reverse[i][j])
        let reference = first.tangent[j][output]
        let onPath = graph.nodes.indices.filter { first.reachedFrom[j][$0] && first.reaches[i][$0] }
        let largest = onPath.map { Swift.max(first.absTangent[j][$0], first.absAdjoint[i][$0]) }.max() ?? 0
        // Every tangent forward mode forms on the way, every adjoint reverse mode forms,
        // is at most the corresponding absolute path sum: below the limit, neither
        // overflows, and each product of partials is as the graph says.
        guard largest <= overflowRisk else {
          tally.entriesOverflowRisk += 1
          explainedOnly = true
          continue
        }
        // Gradual underflow loses up to 2⁻¹⁰⁷⁵ absolute per operation at an intermediate
        // node; a later product of partials (at most `largest`) amplifies it.
        let tolerance = factor * first.absTangent[j][output] + tiny * Swift.max(1, largest)
        #if NaNSafe
        let reachable = first.nonFiniteEdges.filter { first.reachedFrom[j][$0.from] && first.reaches[i][$0.to] }
        #else
        // Without the NaN-safe rule a non-finite partial times a zero perturbation is NaN,
        // and NaN times a zero partial is NaN: forward mode forms every partial's product
        // with its operand's tangent, zero or not, so an edge whose head feeds yᵢ (by any
        // path) reaches the entry; reverse mode forms every recorded partial's product
        // with its head's adjoint, zero or not, so an edge whose tail depends on xⱼ does.
        let reachable = first.nonFiniteEdges.filter { structure.dependsOn[j][$0.from] || structure.feeds[i][$0.to] }
        #endif
        let at = "J[\(i)][\(j)]: forward \(f), reverse \(r), reference \(reference) ± \(tolerance)"
        if reachable.isEmpty {
          // No path from x_j to y_i meets a non-finite partial: the NaN-safe rule turns
          // every other non-finite partial's product into 0 (its perturbation is exactly
          // zero), so both modes are finite sums of the same terms.
          guard f.isFinite, r.isFinite else { return .disagree("non-finite where no non-finite partial reaches: " + at) }
          guard (f - r).magnitude <= tolerance, (f - reference).magnitude <= tolerance,
            (r - reference).magnitude <= tolerance
          else { return .disagree("modes: " + at) }
          tally.entriesFinite += 1
          continue
        }
        // A non-finite partial on edge u → w reaches the entry. If the perturbations on
        // both sides (∂u/∂x_j and ∂y_i/∂w) are nonzero beyond rounding, its product with
        // either is ±∞ or NaN in every grouping (each mode's sums of the same terms agree
        // with the test's to rounding, so they are nonzero too), and ±∞ or NaN stays so
        // along every nonzero partial and through every sum: both modes must give a
        // non-finite entry. Forward mode must also where `certainForward` says so.
        let forced = reachable.contains {
          robust(first.tangent[j][$0.from], first.absTangent[j][$0.from])
            && robust(first.adjoint[i][$0.to], first.absAdjoint[i][$0.to])
        }
        let forcedForward = forced || certainForward[j][output]
        guard !forcedForward || !f.isFinite, !forced || !r.isFinite else {
          return .disagree("finite where a non-finite partial must reach: " + at)
        }
        // Otherwise a mode may find an exact zero perturbation (a cancellation a − a, or
        // an underflow) and annihilate the non-finite product: NaN·(a − a) = 0 forward,
        // while the other grouping NaN·a + NaN·(−a) is NaN. A mode that comes out finite
        // has annihilated every non-finite product, so its value is the sum of the finite
        // terms: the test's own sweep with the non-finite partials set to 0.
        if f.isFinite || r.isFinite {
          for value in [f, r] where value.isFinite && (value - reference).magnitude > tolerance {
            return .disagree("finite value at an annihilated non-finite partial differs from the reference: " + at)
          }
          tally.entriesAnnihilated += 1
        } else if forcedForward {
          tally.entriesForcedNonFinite += 1
        } else {
          tally.entriesNonFiniteExplained += 1
        }
      }
    }
    if explainedOnly { tally.programsExplained += 1 } else { tally.programsCompared += 1 }

    // The rule table, node by node: the derivative a rule returns against the derivative
    // of the value it returns (at nodes whose operands vary). Not where an operand is
    // NaN: there the rule's NaN derivative (relu passes x, with its tangent, for NaN) is
    // the policy, and nothing downstream is a number.
    let varies = graph.varies
    for u in graph.nodes.indices where !graph.isInput(u) {
      let node = graph.nodes[u]
      guard !node.operands.contains(where: { graph.nodes[$0].value.isNaN }) else { continue }
      for k in node.operands.indices where varies[node.operands[k]] {
        let (p, q) = (node.partials[k], node.valueDerivatives[k])
        #if !NaNSafe
        // Without the NaN-safe rule the value's derivative is NaN wherever the rule's
        // expression meets 0·∞ inside (a remainder's truncation at 0): compared where
        // both are numbers.
        if !(p.isFinite && q.isFinite) { continue }
        #endif
        let consistent =
          p.isFinite && q.isFinite ? (p - q).magnitude <= ruleFactor * Swift.max(p.magnitude, q.magnitude) + tiny : identical(p, q)
        tally.ruleConsistency += 1
        if consistent { continue }
        return .disagree("rule \(node.rule) at \(graph.nodes[node.operands[k]].value): derivative \(p), derivative of its value \(q)")
      }
    }

    if let problem = checkHessians(program, graph: graph, at: x, tally: &tally, fault: fault) {
      return .disagree(problem)
    }
    let differenced = fault == .scaleDifferenced ? reverse.map { $0.map { $0 * (1 + 1e-3) } } : reverse
    if let problem = checkCentralDifferences(program, graph: graph, reverse: differenced, at: x, edge: edge, tally: &tally) {
      return .disagree(problem)
    }
    return .agree
  }

  /// Forward over forward against forward over reverse against the test's own
  /// second-order sweep, for the first output.
  static func checkHessians(
    _ program: FuzzProgram, graph: FuzzGraph, at x: [Double], tally: inout FuzzTally,
    fault: FuzzFault
  ) -> String? {
    let n = x.count
    var overForward = hessian(of: { (v: [ChunkedDual<ChunkedDual<Double, 8>, 8>]) in program(v)[0] }, at: x, mode: .forward)
    if fault == .nudgeHessian { overForward = overForward.map { $0.map { $0 + 1e-9 * Swift.max(1, $0.magnitude) } } }
    var overReverse = hessian(of: { (v: [Tracked<ChunkedDual<Double, 8>>]) in program(v)[0] }, at: x)
    if fault == .scaleHessians {
      overForward = overForward.map { $0.map { $0 * 1.05 } }
      overReverse = overReverse.map { $0.map { $0 * 1.05 } }
    }
    guard overForward.count == n, overReverse.count == n, (overForward + overReverse).allSatisfy({ $0.count == n }) else {
      return "Hessian shapes: forward over forward \(overForward.map(\.count)), forward over reverse \(overReverse.map(\.count)), expected \(n)×\(n)"
    }
    tally.shapes += 1
    // The cone: nodes that depend on an input and that the output depends on. Where a
    // first or second partial there is non-finite, the grouping limit of the Jacobian
    // applies at second order too; such Hessians are counted, not compared.
    let output = graph.outputs[0]
    var needed = [Bool](repeating: false, count: graph.nodes.count)
    needed[output] = true
    for u in graph.nodes.indices.reversed() where needed[u] {
      for a in graph.nodes[u].operands { needed[a] = true }
    }
    let varies = graph.varies
    // Only partials towards operands that vary matter: a partial towards a constant
    // (∂pow/∂y at x < 0 with y a literal) multiplies a structurally zero perturbation.
    let finitePartials = graph.nodes.indices.allSatisfy { u in
      let node = graph.nodes[u]
      guard needed[u] else { return true }
      return node.operands.indices.allSatisfy { k in
        !varies[node.operands[k]]
          || (node.partials[k].isFinite
            && node.operands.indices.allSatisfy { l in !varies[node.operands[l]] || node.second[k][l].isFinite })
      }
    }
    #if !NaNSafe
    // Without the NaN-safe rule a non-finite first or second partial anywhere reaches the
    // nested modes' inner or outer level through zero perturbations (see the Jacobian
    // check): such Hessians are explained, not compared.
    let everyPartialFinite = graph.nodes.allSatisfy { node in
      node.partials.allSatisfy(\.isFinite) && node.second.allSatisfy { $0.allSatisfy(\.isFinite) }
    }
    guard everyPartialFinite else {
      tally.hessiansNonFinite += 1
      return nil
    }
    #endif
    let reference = FuzzSecondOrder(graph, output: output)
    // Sums near overflow: a mode may overflow to ±∞ where another grouping does not.
    guard finitePartials, reference.absHessian.allSatisfy({ $0.allSatisfy { $0 <= overflowRisk } }) else {
      tally.hessiansNonFinite += 1
      return nil
    }
    // Second partials beyond Double's normal range, values in the cone beyond 2^±300, or
    // sums near overflow: the modes carry their own tangents through each rule, the
    // reference multiplies unit-tangent second partials afterwards and loses them there.
    // The two modes are still compared with each other.
    let outOfRange =
      graph.nodes.indices.contains { u in
        needed[u] && varies[u]
          && (graph.nodes[u].secondOutOfRange
            || (graph.nodes[u].value != 0 && !(graph.nodes[u].value.magnitude >= 0x1p-300 && graph.nodes[u].value.magnitude <= 0x1p300)))
      }
    let factor = secondOrderFactor(graph.operationCount)
    let tiny = floor(graph.operationCount)
    // The reference is compared unless out of range; then only the two modes are compared
    // with each other.
    let withReference = !outOfRange
    for p in 0..<n {
      for q in 0..<n {
        let (a, b, c) = (overForward[p][q], overReverse[p][q], reference.hessian[p][q])
        // The terms' rounding, plus 16 times the local second partials' own noise (which
        // the magnitude of a cancelled second partial does not show).
        var tolerance = factor * reference.absHessian[p][q] + 16 * reference.noise[p][q] + tiny
        // Out of range the reference's terms are lost, so its sums do not bound the modes'
        // terms; their own magnitude stands in for the two modes' comparison.
        if !withReference { tolerance += factor * Swift.max(a.magnitude, b.magnitude) }
        // The reference is coarser than the modes: it takes each second partial at a unit
        // tangent, in Double, and multiplies by the gradients afterwards, where the modes
        // carry their own tangents through the rule. Where a rule's second derivative
        // cancels (hypot's 1/h − x²/h³ at y ≪ x is 0 here, 1e-27 there) that costs up to
        // 0.3 % of Σ|terms| in the long run; 1e-2·Σ|terms| bounds it and still catches
        // a wrong term (sigmoid's: 0 against ⅛).
        let referenceTolerance = tolerance + 1e-2 * reference.absHessian[p][q]
        guard a.isFinite, b.isFinite, (a - b).magnitude <= tolerance,
          !withReference || ((a - c).magnitude <= referenceTolerance && (b - c).magnitude <= referenceTolerance)
        else {
          return "Hessian H[\(p)][\(q)]: forward over forward \(a), forward over reverse \(b), reference \(c) ± \(tolerance)"
        }
      }
    }
    if withReference {
      tally.hessiansCompared += 1
    } else {
      tally.hessiansOutOfRange += 1
    }
    return nil
  }

  /// Central differences where the function is smooth around x, against reverse mode.
  static func checkCentralDifferences(
    _ program: FuzzProgram, graph: FuzzGraph, reverse: [[Double]], at x: [Double], edge: Bool, tally: inout FuzzTally
  ) -> String? {
    // Not at edge inputs: ties and kinks sit there, where AD's conventions (a tie splits
    // the derivative) need not match what differences see. Not through a remainder that
    // jumps within the step (a sawtooth).
    guard !edge else {
      tally.centralEdgePoint += 1
      return nil
    }
    let values = graph.outputs.map { graph.nodes[$0].value }
    let first = FuzzFirstOrder(graph)
    let h = 1e-5
    // Remainders an output depends on.
    var needed = [Bool](repeating: false, count: graph.nodes.count)
    for output in graph.outputs { needed[output] = true }
    for u in graph.nodes.indices.reversed() where needed[u] {
      for a in graph.nodes[u].operands { needed[a] = true }
    }
    let fineRemainder = program.nodes.indices.contains { k in
      guard needed[graph.programNodes[k]], case .binary(let primitive, let a, let b) = program.nodes[k],
        primitive == .remainder || primitive == .truncatingRemainder
      else { return false }
      // The quotient t = a/b jumps its rounding at half-integers (remainder) or integers
      // (truncating): the remainder is smooth over [x − h, x + h] only if t moves less
      // than half its distance to the next jump, |∂t/∂x|·h summed over the inputs.
      let (ga, gb) = (graph.programNodes[a], graph.programNodes[b])
      let (va, vb) = (graph.nodes[ga].value, graph.nodes[gb].value)
      let t = va / vb
      let jump = primitive == .remainder ? (t - t.rounded(.down) - 0.5).magnitude : Swift.min(t - t.rounded(.down), t.rounded(.up) - t)
      let movement = x.indices.reduce(0.0) { sum, j in
        sum + ((first.tangent[j][ga] - t * first.tangent[j][gb]) / vb).magnitude * h
      }
      return !(2 * movement < jump)
    }
    let evaluationError = graph.outputs.map { graph.evaluationError(of: $0) }
    guard values.allSatisfy(\.isFinite), reverse.allSatisfy({ $0.allSatisfy(\.isFinite) }),
      evaluationError.allSatisfy(\.isFinite)
    else {
      tally.centralNonFinite += 1
      return nil
    }
    guard !fineRemainder else {
      tally.centralRemainderJump += 1
      return nil
    }
    // h = 1e-5: the fine estimate (step h/2) has truncation error h²/24·|f‴|, the coarse
    // one (step h) h²/6·|f‴|; their difference, h²/8·|f‴|, measures it (Richardson).
    // Richardson cannot see a part of f that oscillates many times within the step (cos
    // of a value near 1e11 moving 1e8 radians per step): both estimates alias it. A part
    // of frequency ω has second-order terms ω times its first-order ones, so requiring
    // h·Σ|second-order terms| ≤ 1e-2·Σ|first-order terms| (the test's own sums) keeps ωh
    // below 1e-2 for every part that carries a visible share of the slope.
    let seconds = graph.outputs.map { FuzzSecondOrder(graph, output: $0) }
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
        let a = reverse[i][j]
        let scale = Swift.max(fine.magnitude, a.magnitude)
        guard h * seconds[i].absHessian[j][j] <= 1e-2 * first.absTangent[j][graph.outputs[i]] else {
          tally.centralNotSmooth += 1
          continue
        }
        // The rounding of a difference quotient: two evaluations, each within
        // `evaluationError` (the function's own first-order error bound, from its
        // values and partials), divided by the step h.
        let rounding = 2 * evaluationError[i] / h
        // Both exactly 0 (the output does not move with this input, and AD says so) is a
        // comparison too; otherwise the slope must stand above the rounding.
        guard rounding <= 1e-4 * scale || (a == 0 && fine == 0 && coarse == 0) else {
          tally.centralUnresolved += 1
          continue
        }
        // Smooth: the two central estimates agree to 1e-6 (truncation below 1e-6·scale
        // means |f‴| ≤ 8e4·|f′|), and the one-sided ones to 1e-3 (|f″| ≤ 100·|f′|); a
        // kink or jump between x − h and x + h fails one of these.
        guard (coarse - fine).magnitude <= 1e-6 * scale + 2 * rounding,
          (right - left).magnitude <= 1e-3 * scale + 2 * rounding
        else {
          tally.centralNotSmooth += 1
          continue
        }
        // The fine estimate is within its truncation, ≤ |coarse − fine|/3, and its
        // rounding of the derivative: 1e-6·scale + 2·rounding covers both, a relative
        // tolerance of at most 2.01e-4 since rounding ≤ 1e-4·scale.
        let tolerance = 1e-6 * scale + 2 * rounding
        if (a - fine).magnitude > tolerance {
          return "central difference: J[\(i)][\(j)] AD \(a), estimate \(fine) ± \(tolerance) (coarse \(coarse))"
        }
        tally.centralDifferences += 1
      }
    }
    return nil
  }

  /// Shrinks a failing program to one whose every simplification passes.
  static func shrink(_ program: FuzzProgram, at x: [Double], edge: Bool) -> FuzzProgram {
    var current = program
    var improved = true
    var scratch = FuzzTally()
    while improved {
      improved = false
      for candidate in current.simplifications() {
        guard case .disagree = check(candidate, at: x, edge: edge, tally: &scratch) else { continue }
        current = candidate
        improved = true
        break
      }
    }
    return current.pruned()
  }
}

/// Which nodes depend on each input and feed each output, by any path, whatever the
/// partials along it: where NaN is not annihilated (the NaNSafe trait off), a zero
/// partial does not stop it.
struct FuzzStructure {
  /// dependsOn[j][u]: node u is computed from input j.
  var dependsOn: [[Bool]]
  /// feeds[i][u]: output i is computed from node u.
  var feeds: [[Bool]]

  init(_ graph: FuzzGraph) {
    let count = graph.nodes.count
    dependsOn = (0..<graph.inputCount).map { j in
      var d = [Bool](repeating: false, count: count)
      d[j] = true
      for u in graph.inputCount..<count where graph.nodes[u].operands.contains(where: { d[$0] }) {
        d[u] = true
      }
      return d
    }
    feeds = graph.outputs.map { output in
      var f = [Bool](repeating: false, count: count)
      f[output] = true
      for u in (0..<count).reversed() where f[u] {
        for a in graph.nodes[u].operands { f[a] = true }
      }
      return f
    }
  }
}
