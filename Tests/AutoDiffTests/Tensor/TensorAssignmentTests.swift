import AutoDiff
import Testing

@Suite("Element and slice assignment, and misuse of the new operations")
struct TensorAssignmentTests {
  @Test("x[i] = row, x[i] = 0, x[a..<b] = block, x[scalarAt: i, j] with negative indices")
  func assignment() {
    var x = Tensor<Double>.zeros([3, 2])
    x[1] = Tensor([1, 2])
    x[0] = 7
    x[1..<3] = x[1..<3] + 1
    x[scalarAt: -1, -1] = 9
    #expect(x.shape == [3, 2])
    #expect(x.scalars == [7, 7, 2, 3, 1, 9])
    #expect(x[scalarAt: 0, 1] == 7)
    #expect(x[scalarAt: -2, 0] == 2)
    #expect(x[-1].scalars == [1, 9])
    x[-3] = Tensor([5, 6])
    #expect(x[0].scalars == [5, 6])
    var y = x.detached()
    y[scalarAt: 0, 0] = -1
    #expect(x[scalarAt: 0, 0] == 5)  // a value type: the copy changed, not x
  }

  @Test("assignment into a tensor that requires a gradient stops")
  func assignIntoParameter() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var w = Tensor<Double>([1, 2])
      w.requiresGradient = true
      w[0] = 3
    }
    #expect(standardError(of: result).contains("subscript set: this tensor requires a gradient (shape [2])"))
  }

  @Test("element assignment into a tensor carrying a tangent stops")
  func assignIntoTangent() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor<Double>([1, 2]).withTangent(Tensor([1, 0]))
      x[scalarAt: 0] = 3
    }
    #expect(standardError(of: result).contains("subscript(scalarAt:) set: this tensor carries a forward-mode tangent"))
  }

  @Test("assigning a value that requires a gradient stops (its derivative would be lost)")
  func assignTrackedValue() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var w = Tensor<Double>([1, 2])
      w.requiresGradient = true
      var x = Tensor<Double>.zeros([2, 2])
      x[0] = w * 2
    }
    #expect(standardError(of: result).contains("the assigned value requires a gradient or carries a tangent"))
  }

  @Test("out-of-range element index stops, naming axis and size")
  func elementOutOfRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([2, 3])[scalarAt: 0, -4]
    }
    #expect(standardError(of: result).contains("index -4 is out of range for axis 1 of size 3 (shape [2, 3])"))
  }

  @Test("squeezed along an axis whose size is not 1 stops")
  func squeezeMisuse() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([2, 3]).squeezed(alongAxes: [1])
    }
    #expect(standardError(of: result).contains("squeezed(alongAxes:): axis 1 has size 3, not 1 (shape [2, 3])"))
  }

  @Test("expanded to an incompatible shape stops")
  func expandMisuse() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([2, 3]).expanded(to: [3])
    }
    #expect(standardError(of: result).contains("expanded(to:): shape [2, 3] cannot be expanded to [3]"))
  }

  @Test("slice with step 0 or an index beyond the axis stops")
  func sliceMisuse() async {
    let zero = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([4]).slice(step: 0)
    }
    #expect(standardError(of: zero).contains("slice(from:to:step:alongAxis:): step must not be 0"))
    let beyond = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor<Double>.zeros([4]).slice(from: -5)
    }
    #expect(standardError(of: beyond).contains("start -5 is out of range for axis 0 of size 4"))
  }

  @Test("batchedMatmul with different batch sizes or inner dimensions stops")
  func batchedMisuse() async {
    let batch = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = matmul(Tensor<Double>.zeros([2, 2, 3]), Tensor<Double>.zeros([3, 3, 2]))
    }
    #expect(standardError(of: batch).contains("batchedMatmul: batch sizes differ: shapes [2, 2, 3] and [3, 3, 2]"))
    let inner = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = batchedMatmul(Tensor<Double>.zeros([2, 2, 3]), Tensor<Double>.zeros([2, 2, 2]))
    }
    #expect(standardError(of: inner).contains("do not match (inner dimensions 3 and 2)"))
  }

  @Test("initialisers refuse a fan that is not positive")
  func fanMisuse() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var g = SplitMix64(seed: 1)
      _ = Tensor<Double>.heNormal([2], fanIn: 0, using: &g)
    }
    #expect(standardError(of: result).contains("heNormal: fanIn and fanOut must be positive, got fanIn 0"))
  }
}
