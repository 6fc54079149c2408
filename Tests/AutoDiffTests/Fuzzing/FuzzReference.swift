import AutoDiff
import RealModule

/// A fuzz program as the test's own computational graph: its values at a point and the
/// local first and second partials of every node, taken from the rule table at `Double`
/// (the rules are what both modes share; what the modes add is the chain rule, which
/// the test redoes here in its own order). Loops are unrolled; a branch is an alias of
/// the operand it picks, as it is in both modes.
///
/// From the graph the test computes a third, independent evaluation of the Jacobian
/// and Hessian, and the absolute path sums Σ|product of partials| that bound the
/// rounding any summation order can commit.
struct FuzzGraph {
  struct Node {
    var value: Double
    /// Graph indices of the operands (an operand may appear twice: x·x).
    var operands: [Int]
    /// ∂node/∂operand[k], from the rule at `Double`.
    var partials: [Double]
    /// second[k][l] = ∂partials[k]/∂operand[l], from the rule evaluated on `Dual<Double>`.
    var second: [[Double]]
    /// The rounding error of `second`, measured: its distance, and that of the same
    /// evaluation with the tangent 3 (divided by 3), from the evaluation on
    /// `Dual<Float80>` (11 more bits). A cancellation inside the rule's expression
    /// (hypot's ∂²/∂x² = 1/h − x²/h³ at y ≪ x, atan2's ∂²/∂x∂y near x = y) makes this
    /// error large relative to the second partial itself, which its magnitude cannot show.
    var secondNoise: [[Double]]
    /// ∂(the rule's value)/∂operand[k], from the value's own expression on `Dual<Double>`:
    /// what a nested mode's inner level uses. It should equal `partials[k]` to rounding.
    var valueDerivatives: [Double]
    /// The rule's name, for messages.
    var rule: String
    /// Whether a second partial (measured on `Dual<Float80>`) is nonzero and outside
    /// [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰]: in `Double` it is subnormal, zero or ∞, so a second partial taken
    /// at a unit tangent cannot stand for what a nested mode computes at its own tangent.
    var secondOutOfRange = false
  }

  var inputCount: Int
  var nodes: [Node] = []
  /// Graph index of each output.
  var outputs: [Int] = []
  /// Graph index of each program node.
  var programNodes: [Int] = []

  init(_ program: FuzzProgram, at x: [Double]) {
    inputCount = program.inputCount
    for v in x { nodes.append(Node(value: v, operands: [], partials: [], second: [], secondNoise: [], valueDerivatives: [], rule: "input")) }
    for node in program.nodes {
      let index: Int
      switch node {
      case .input(let k): index = k
      case .constant(let c): index = constant(Double(Int((c * 1024).rounded())) / 1024)
      case .unary(let rule, let a): index = unary(rule, programNodes[a])
      case .activation(let rule, let a): index = unary(rule, programNodes[a])
      case .binary(let rule, let a, let b): index = binary(rule, programNodes[a], programNodes[b])
      case .power(let a, let n): index = unary(IntegerPower(n), programNodes[a])
      case .root(let a, let n): index = unary(IntegerRoot(n), programNodes[a])
      case .select(let a, let b, let c, let d):
        index = nodes[programNodes[a]].value > nodes[programNodes[b]].value ? programNodes[c] : programNodes[d]
      case .loop(let rule, let a, let count):
        let base = programNodes[a]
        var current = base
        for _ in 0..<count {
          let halved = binary(BinaryPrimitive.divide, unary(rule, current), constant(2))
          current = binary(BinaryPrimitive.add, halved, base)
        }
        index = current
      }
      programNodes.append(index)
    }
    outputs = program.outputs.map { programNodes[$0] }
  }

  private mutating func constant(_ v: Double) -> Int {
    nodes.append(Node(value: v, operands: [], partials: [], second: [], secondNoise: [], valueDerivatives: [], rule: "constant"))
    return nodes.count - 1
  }

  private mutating func unary<R: UnaryDerivativeRule>(_ rule: R, _ a: Int) -> Int {
    let x = nodes[a].value
    let r = rule.evaluate(at: x)
    let d = rule.evaluate(at: Dual(x, derivative: 1))
    let d3 = rule.evaluate(at: Dual(x, derivative: 3))
    let s = d.derivative.derivative
    #if arch(x86_64) || arch(i386)
    let precise = Double(rule.evaluate(at: Dual(Float80(x), derivative: 1)).derivative.derivative)
    #else
    let precise = s
    #endif
    nodes.append(
      Node(
        value: r.value, operands: [a], partials: [r.derivative], second: [[s]],
        secondNoise: [[Self.noise(s, d3.derivative.derivative, precise)]], valueDerivatives: [d.value.derivative],
        rule: rule.name, secondOutOfRange: Self.outOfRange(precise)))
    return nodes.count - 1
  }

  private mutating func binary<R: BinaryDerivativeRule>(_ rule: R, _ a: Int, _ b: Int) -> Int {
    let (x, y) = (nodes[a].value, nodes[b].value)
    let r = rule.evaluate(x, y)
    let alongX = rule.evaluate(Dual(x, derivative: 1), Dual(y, derivative: 0))
    let alongY = rule.evaluate(Dual(x, derivative: 0), Dual(y, derivative: 1))
    let alongX3 = rule.evaluate(Dual(x, derivative: 3), Dual(y, derivative: 0))
    let alongY3 = rule.evaluate(Dual(x, derivative: 0), Dual(y, derivative: 3))
    let second = [
      [alongX.dx.derivative, alongY.dx.derivative],
      [alongX.dy.derivative, alongY.dy.derivative],
    ]
    let second3 = [
      [alongX3.dx.derivative, alongY3.dx.derivative],
      [alongX3.dy.derivative, alongY3.dy.derivative],
    ]
    #if arch(x86_64) || arch(i386)
    let (x80, y80) = (Float80(x), Float80(y))
    let preciseX = rule.evaluate(Dual(x80, derivative: 1), Dual(y80, derivative: 0))
    let preciseY = rule.evaluate(Dual(x80, derivative: 0), Dual(y80, derivative: 1))
    let precise = [
      [Double(preciseX.dx.derivative), Double(preciseY.dx.derivative)],
      [Double(preciseX.dy.derivative), Double(preciseY.dy.derivative)],
    ]
    #else
    let precise = second
    #endif
    nodes.append(
      Node(
        value: r.value, operands: [a, b], partials: [r.dx, r.dy], second: second,
        secondNoise: (0..<2).map { k in (0..<2).map { l in Self.noise(second[k][l], second3[k][l], precise[k][l]) } },
        valueDerivatives: [alongX.value.derivative, alongY.value.derivative], rule: rule.name,
        secondOutOfRange: precise.joined().contains(where: Self.outOfRange)))
    return nodes.count - 1
  }

  private static func outOfRange(_ s: Double) -> Bool {
    s != 0 && !(s.magnitude >= 0x1p-1000 && s.magnitude <= 0x1p1000)
  }

  /// The largest distance among s, s₃/3 and the Float80 value (finite ones only).
  private static func noise(_ s: Double, _ s3: Double, _ precise: Double) -> Double {
    [(s - s3 / 3).magnitude, (s - precise).magnitude, (s3 / 3 - precise).magnitude].filter(\.isFinite).max() ?? 0
  }

  /// A constant node has no operands but is not an input.
  func isInput(_ u: Int) -> Bool { u < inputCount }

  /// Whether each node depends on an input (constants and their functions do not).
  var varies: [Bool] {
    var varies = [Bool](repeating: false, count: nodes.count)
    for u in nodes.indices {
      varies[u] = isInput(u) || nodes[u].operands.contains { varies[$0] }
    }
    return varies
  }

  /// The graph's size: a bound on the factors in any path product and on the terms in
  /// any sum the modes form, which the rounding bounds below are multiples of.
  var operationCount: Int { nodes.count }

  /// A first-order bound on the absolute error of `output` as the program computes it
  /// in `Double`: each operation rounds its result within 4 ulps (RealModule's and the
  /// C library's elementary functions are within a few ulps; + − × ÷ within half of one)
  /// and propagates its operands' errors through its partials. The scale of the noise
  /// in a difference quotient. ∞ or NaN when a partial on the way is.
  func evaluationError(of output: Int) -> Double {
    var error = [Double](repeating: 0, count: nodes.count)
    for u in inputCount..<nodes.count {
      var e = 4 * Double.ulpOfOne * nodes[u].value.magnitude
      for (k, a) in nodes[u].operands.enumerated() where error[a] != 0 {
        e += nodes[u].partials[k].magnitude * error[a]
      }
      error[u] = e
    }
    return error[output]
  }
}

/// The first-order quantities of a graph: per input column j and per output i.
struct FuzzFirstOrder {
  /// tangent[j][u] = ∂u/∂x_j with every non-finite local partial replaced by 0.
  var tangent: [[Double]]
  /// absTangent[j][u] = Σ over paths x_j → u of |product of (finite) partials|.
  var absTangent: [[Double]]
  /// adjoint[i][u] = ∂output_i/∂u, non-finite partials replaced by 0.
  var adjoint: [[Double]]
  /// absAdjoint[i][u] = Σ over paths u → output_i of |product of (finite) partials|.
  var absAdjoint: [[Double]]
  /// reachedFrom[j][u]: a path x_j → u whose partials are all nonzero (∞ and NaN count).
  var reachedFrom: [[Bool]]
  /// reaches[i][u]: a path u → output_i whose partials are all nonzero.
  var reaches: [[Bool]]
  /// The local partials that are ±∞ or NaN, as edges operand → node.
  var nonFiniteEdges: [(from: Int, to: Int)]

  /// The NaN-safe product, as the policy says: 0 when a factor is 0, so that a path sum
  /// that overflowed off the entry's paths (behind a zero partial) stays out of it.
  static func times(_ a: Double, _ b: Double) -> Double { a == 0 || b == 0 ? 0 : a * b }

  init(_ g: FuzzGraph) {
    let count = g.nodes.count
    let clean = { (p: Double) in p.isFinite ? p : 0 }
    tangent = []
    absTangent = []
    reachedFrom = []
    for j in 0..<g.inputCount {
      var t = [Double](repeating: 0, count: count)
      var a = [Double](repeating: 0, count: count)
      var r = [Bool](repeating: false, count: count)
      t[j] = 1
      a[j] = 1
      r[j] = true
      for u in g.inputCount..<count {
        let node = g.nodes[u]
        for (k, operand) in node.operands.enumerated() {
          let p = node.partials[k]
          t[u] += Self.times(clean(p), t[operand])
          a[u] += Self.times(clean(p).magnitude, a[operand])
          if p != 0 && r[operand] { r[u] = true }
        }
      }
      tangent.append(t)
      absTangent.append(a)
      reachedFrom.append(r)
    }
    adjoint = []
    absAdjoint = []
    reaches = []
    for output in g.outputs {
      var t = [Double](repeating: 0, count: count)
      var a = [Double](repeating: 0, count: count)
      var r = [Bool](repeating: false, count: count)
      t[output] = 1
      a[output] = 1
      r[output] = true
      for u in stride(from: count - 1, through: g.inputCount, by: -1) {
        let node = g.nodes[u]
        for (k, operand) in node.operands.enumerated() {
          let p = node.partials[k]
          t[operand] += Self.times(clean(p), t[u])
          a[operand] += Self.times(clean(p).magnitude, a[u])
          if p != 0 && r[u] { r[operand] = true }
        }
      }
      adjoint.append(t)
      absAdjoint.append(a)
      reaches.append(r)
    }
    nonFiniteEdges = []
    for u in g.inputCount..<count {
      for (k, operand) in g.nodes[u].operands.enumerated() where !g.nodes[u].partials[k].isFinite {
        nonFiniteEdges.append((operand, u))
      }
    }
  }
}

/// The test's own forward-over-forward second-order sweep for one output: gradient and
/// Hessian of every node, and their absolute counterparts (every partial and every
/// product in magnitude), which bound the rounding of any grouping of the same terms.
struct FuzzSecondOrder {
  var hessian: [[Double]]
  var absHessian: [[Double]]
  /// The local second partials' rounding noise (`Node.secondNoise`), propagated.
  var noise: [[Double]]

  /// NaN-safe product: 0 whenever a factor is exactly 0, as the library's policy says, so
  /// that a structurally zero gradient component does not turn an infinite second
  /// partial into NaN here either.
  private static func times(_ a: Double, _ b: Double) -> Double { a == 0 || b == 0 ? 0 : a * b }

  init(_ g: FuzzGraph, output: Int) {
    let n = g.inputCount
    let zero = [Double](repeating: 0, count: n)
    let zeroH = [[Double]](repeating: zero, count: n)
    var grad = [[Double]](repeating: zero, count: g.nodes.count)
    var absGrad = grad
    var hess = [[[Double]]](repeating: zeroH, count: g.nodes.count)
    var absHess = hess
    var noiseHess = hess
    for j in 0..<n {
      grad[j][j] = 1
      absGrad[j][j] = 1
    }
    let t = Self.times
    for u in n..<g.nodes.count {
      let node = g.nodes[u]
      var gu = zero
      var ag = zero
      var hu = zeroH
      var ah = zeroH
      var nh = zeroH
      for (k, a) in node.operands.enumerated() {
        let p = node.partials[k]
        for q in 0..<n {
          gu[q] += t(p, grad[a][q])
          ag[q] += t(p.magnitude, absGrad[a][q])
          for r in 0..<n {
            hu[q][r] += t(p, hess[a][q][r])
            ah[q][r] += t(p.magnitude, absHess[a][q][r])
            nh[q][r] += t(p.magnitude, noiseHess[a][q][r])
            // ∂p/∂operand[l] times the operand's gradients: the partial's own change.
            for (l, b) in node.operands.enumerated() {
              let s = node.second[k][l]
              hu[q][r] += t(t(s, grad[a][q]), grad[b][r])
              ah[q][r] += t(t(s.magnitude, absGrad[a][q]), absGrad[b][r])
              nh[q][r] += t(t(node.secondNoise[k][l], absGrad[a][q]), absGrad[b][r])
            }
          }
        }
      }
      grad[u] = gu
      absGrad[u] = ag
      hess[u] = hu
      absHess[u] = ah
      noiseHess[u] = nh
    }
    hessian = hess[output]
    absHessian = absHess[output]
    noise = noiseHess[output]
  }
}
