import AutoDiff
import RealModule
import Testing

@Suite("PyTorch-style reverse mode on tensors")
struct TensorAutogradTests {
  @Test("o = mean(3(x + 2)²) over a 2×2 of ones: every gradient is 4.5")
  func meanOfSquares() {
    var x = Tensor<Double>.ones([2, 2])
    x.requiresGradient = true
    let y = x + 2
    let o = (3 * y * y).mean()
    #expect(o.scalar == 27)
    o.backward()
    #expect(x.gradient == Tensor(repeating: 4.5, shape: [2, 2]))
    #expect(o.gradientFunction == "DivideBackward")
    #expect(y.gradientFunction == "AddBackward")
  }

  @Test("x·x of one recorded tensor: gradient 2x, the scalar tape's bits, one cotangent")
  func squareOfOneTensor() {
    var generator = SeededGenerator(stream: 21)
    let values = (0..<64).map { _ in Double.random(in: -3...3, using: &generator) }
    let tensor = gradient(of: { (x: Tensor<Double>) in (x * x).sum() }, at: Tensor(values))
    let scalar = gradient(of: { (v: [Tracked<Double>]) in v.map { $0 * $0 }.reduce(0, +) }, at: values)
    #expect(tensor.scalars == scalar, "\(generator.seedDescription)")
    #expect(tensor.scalars == values.map { $0 + $0 })
    // Along a tangent (forward mode, no node) the two-operand rule runs: x·t + x·t = 2x·t.
    let t = (0..<64).map { _ in Double.random(in: -1...1, using: &generator) }
    let forward = jvp(of: { (x: Tensor<Double>) in x * x }, at: Tensor(values), along: Tensor(t))
    #expect(forward.tangent.scalars == zip(values, t).map { (x, t) in (x + x) * t })
    var x = Tensor(values)
    x.requiresGradient = true
    var y = Tensor(values)
    y.requiresGradient = true
    let square = x * x
    #expect(square.gradientFunction == (x * y).gradientFunction)
    square.sum().backward()
    #expect(x.gradient?.scalars == tensor.scalars)
  }

  @Test("L = Σ(3a³ − b²) at a = [2, 3], b = [6, 4]: ∂L/∂a = [36, 81], ∂L/∂b = [−12, −8]")
  func cubicMinusSquare() {
    var a = Tensor<Double>([2, 3])
    var b = Tensor<Double>([6, 4])
    a.requiresGradient = true
    b.requiresGradient = true
    let q = 3 * Tensor.pow(a, 3) - b * b
    q.backward(Tensor([1, 1]))
    #expect(a.gradient == Tensor([36, 81]))
    #expect(b.gradient == Tensor([-12, -8]))
  }

  @Test("Gradients accumulate: two backward passes without zeroing give twice the gradient")
  func accumulation() {
    var w = Tensor<Double>([1, -2, 0.5])
    w.requiresGradient = true
    for _ in 0..<2 { (w * w * 3).sum().backward() }
    #expect(w.gradient == Tensor([12, -24, 6]))
    w.zeroGradient()
    #expect(w.gradient == Tensor([0, 0, 0]))
    (w * w * 3).sum().backward()
    #expect(w.gradient == Tensor([6, -12, 3]))
  }

  @Test("A vector–Jacobian product: y = x·2ᵏ doubled until ‖y‖ ≥ 1000, v = [0.1, 1.0, 0.0001]")
  func doublingVJP() {
    var x = Tensor<Double>([0.5, -0.25, 0.75])
    x.requiresGradient = true
    var y = x * 2
    var doublings = 1
    while Double.sqrt((y.detached() * y.detached()).sum().scalar) < 1000 {
      y = y * 2
      doublings += 1
    }
    y.backward(Tensor([0.1, 1.0, 0.0001]))
    let factor = Double.pow(2, doublings)
    #expect(x.gradient == Tensor([0.1 * factor, factor, 0.0001 * factor]))
  }

  @Test("withoutGradient records nothing; detached() cuts the graph")
  func noGradientScopes() {
    var x = Tensor<Double>([1, 2])
    x.requiresGradient = true
    let inside = withoutGradient { x * x }
    #expect(!inside.requiresGradient)
    let cut = (x.detached() * x).sum()
    cut.backward()
    #expect(x.gradient == Tensor([1, 2]))
  }

  @Test("Two independent computations meeting in one operation share one backward pass")
  func mergingGraphs() {
    var a = Tensor<Double>([1, 2])
    var b = Tensor<Double>([3, 4])
    a.requiresGradient = true
    b.requiresGradient = true
    let left = Tensor.sin(a) * 2
    let right = Tensor.exp(b / 4)
    let total = (left * right).sum()
    total.backward()
    let expectedA = zip([1.0, 2], [3.0, 4]).map { 2 * Double.cos($0) * Double.exp($1 / 4) }
    let expectedB = zip([1.0, 2], [3.0, 4]).map { 2 * Double.sin($0) * Double.exp($1 / 4) / 4 }
    #expect(zip(a.gradient!.scalars, expectedA).allSatisfy { abs($0 - $1) < 1e-14 })
    #expect(zip(b.gradient!.scalars, expectedB).allSatisfy { abs($0 - $1) < 1e-14 })
  }

  // The list holds its nodes unretained, and a node going away clears its own entry. This
  // drops recorded tensors before, between and after two lists merge (each way round:
  // the shorter list is appended to the longer), then sweeps: a stale entry would be a
  // read of freed memory, which the address-sanitizer step of .ci/run reports.
  @Test("Tensors dropped before and after two graphs merge: the sweep sees only live nodes")
  func droppedNodesAndMerging() {
    for longerFirst in [true, false] {
      var a = Tensor<Double>([1, 2])
      var b = Tensor<Double>([3, 4])
      a.requiresGradient = true
      b.requiresGradient = true
      var left = Tensor.sin(a)
      for _ in 0..<(longerFirst ? 5 : 1) { _ = left * 3 + 1 }  // recorded, then freed
      left = left * 2
      var right = Tensor.exp(b / 4)
      for _ in 0..<(longerFirst ? 1 : 5) { _ = Tensor.cos(right) }
      right = right + 0
      var total = left * right
      _ = total * total  // dropped after the merge
      total = total.sum()
      total.backward()
      let expectedA = zip([1.0, 2], [3.0, 4]).map { 2 * Double.cos($0) * Double.exp($1 / 4) }
      let expectedB = zip([1.0, 2], [3.0, 4]).map { 2 * Double.sin($0) * Double.exp($1 / 4) / 4 }
      // Closed forms; 1e-14 relative is a few ulps of these O(1) values.
      #expect(a.gradient?.scalars.count == 2 && b.gradient?.scalars.count == 2)
      #expect(zip(a.gradient!.scalars, expectedA).allSatisfy { abs($0 - $1) < 1e-14 })
      #expect(zip(b.gradient!.scalars, expectedB).allSatisfy { abs($0 - $1) < 1e-14 })
    }
  }

  @Test("Functional API: gradient, vjp and jacobian leave other tensors' gradients alone")
  func functionalAPI() {
    var w = Tensor<Double>([[1, 2], [3, 4]])
    w.requiresGradient = true
    let f = { (x: Tensor<Double>) in (matmul(w, x) * x).sum() }
    let g = gradient(of: f, at: Tensor([1, -1]))
    // f = xᵀWx, ∇f = (W + Wᵀ)x
    #expect(g == Tensor<Double>([-3, -3]))
    #expect(w.gradient == nil)
    let (value, product) = vjp(of: { $0 * $0 }, at: Tensor<Double>([1, 2]), cotangent: Tensor([1, 1]))
    #expect(value == Tensor([1, 4]))
    #expect(product == Tensor([2, 4]))
  }

  @Test("Float tensors work through BLAS sgemm")
  func floatTensors() {
    var a = Tensor<Float>([[1, 2], [3, 4]])
    a.requiresGradient = true
    let y = matmul(a, Tensor<Float>([[1, 0], [0, 1]])).sum()
    y.backward()
    #expect(a.gradient == Tensor<Float>.ones([2, 2]))
  }

  @Test("Stable at ±1000: softmax, logSoftmax and logSumExp stay finite, with finite gradients")
  func stability() {
    let x = Tensor<Double>([1000, -1000, 999])
    let s = x.softmax()
    #expect(s.scalars.allSatisfy { $0.isFinite })
    #expect(abs(s.scalars[0] - 1 / (1 + Double.exp(-1))) < 1e-15)
    #expect(x.logSumExp().scalar == 1000 + Double.log(1 + Double.exp(-1) + Double.exp(-2000)))
    let g = gradient(of: { $0.logSoftmax()[1] }, at: x)
    #expect(g.scalars.allSatisfy { $0.isFinite })
  }

  @Test("description shows the values and the gradient function")
  func description() {
    var x = Tensor<Double>([[1, 2], [3, 4]])
    #expect(x.description == "[[1.0, 2.0], [3.0, 4.0]]")
    x.requiresGradient = true
    #expect((x * 2).description == "[[2.0, 4.0], [6.0, 8.0]] (gradient function: MultiplyBackward)")
  }
}

@Suite("Tensor misuse stops with a message naming the operation and shapes")
struct TensorMisuseTests {
  @Test("Broadcasting mismatch names the op and both shapes")
  func broadcastMismatch() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.ones([2, 3]) + Tensor<Double>.ones([4])
    }
    #expect(standardError(of: r).contains("AddBackward: shapes [2, 3] and [4] cannot be broadcast together"))
  }

  @Test("matmul mismatch names both shapes")
  func matmulMismatch() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmul(Tensor<Double>.ones([2, 3]), Tensor<Double>.ones([2, 3]))
    }
    #expect(standardError(of: r).contains("matmul: shapes [2, 3] and [2, 3] do not match"))
  }

  @Test("backward() on a non-scalar without a cotangent")
  func backwardOnVector() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor<Double>([1, 2])
      x.requiresGradient = true
      (x * 2).backward()
    }
    #expect(standardError(of: r).contains("backward(): the tensor has shape [2] (2 elements)"))
  }

  @Test("backward twice over a released graph")
  func backwardTwice() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor<Double>([1, 2])
      x.requiresGradient = true
      let y = (x * x).sum()
      y.backward()
      y.backward()
    }
    #expect(standardError(of: r).contains("the graph was already released by an earlier backward()"))
  }

  @Test("A tensor from a released computation computes in a new one; only a backward through it stops")
  func releasedInput() async {
    // As in PyTorch: intermediates stay usable after backward() (accuracy, logging).
    var x = Tensor<Double>([1, 2])
    x.requiresGradient = true
    let h = x * x
    h.sum().backward()
    let logged = h * 3
    #expect(logged.scalars == [3, 12])
    #expect(x.gradient?.scalars == [2, 4])
    // A new computation from a live leaf still differentiates.
    let fresh = (x * 5).sum()
    fresh.backward()
    #expect(x.gradient?.scalars == [7, 9])
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor<Double>([1, 2])
      x.requiresGradient = true
      let h = x * x
      h.sum().backward()
      (h * x).sum().backward()
    }
    #expect(standardError(of: r).contains(
      "backward(): MultiplyBackward uses a tensor computed by MultiplyBackward in a graph that an earlier backward() released"))
  }

  @Test("A cotangent of the wrong shape")
  func wrongCotangent() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = vjp(of: { $0 * 2 }, at: Tensor<Double>([1, 2]), cotangent: Tensor([1, 2, 3]))
    }
    #expect(standardError(of: r).contains("vjp(of:at:cotangent:): the cotangent has shape [3] but the function's value has shape [2]"))
  }

  @Test("An out-of-range axis and index")
  func badAxis() async {
    let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.ones([2, 2]).sum(alongAxes: [2])
    }
    #expect(standardError(of: r).contains("sum: axis 2 is out of range for a tensor of rank 2"))
    let r2 = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.ones([2, 2])[5]
    }
    #expect(standardError(of: r2).contains("subscript: index 5 is out of range for axis 0 of size 2"))
  }
}
