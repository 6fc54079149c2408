import AutoDiff
import Testing

@Suite("Tensor arithmetic with a scalar variable")
struct TensorScalarArithmeticTests {
  @Test("a Scalar variable on either side gives the same bits as the literal form")
  func sameAsLiteral() {
    let x = Tensor<Double>([0.5, -1.25, 3])
    let (lr, c): (Double, Double) = (0.1, 3)
    // Each pair is the variable form and the tensor-literal form; equality is exact
    // because both run the same operation on the same operands.
    let pairs: [(Tensor<Double>, Tensor<Double>)] = [
      (x * lr, x * Tensor(lr)), (lr * x, Tensor(lr) * x), (x + c, x + Tensor(c)), (c + x, Tensor(c) + x),
      (x - c, x - Tensor(c)), (c - x, Tensor(c) - x), (x / c, x / Tensor(c)), (c / x, Tensor(c) / x),
    ]
    #expect(pairs.count == 8)
    for (variable, literal) in pairs { #expect(variable == literal) }
    // x / c divides: the same bits as dividing each element, not multiplying by 1/c.
    #expect((x / c).scalars == x.scalars.map { $0 / 3 })
  }

  @Test("literals still type-check and mean the same: x * 2, x * 0.5, 2 * x, x / 2, x - 1")
  func literals() {
    let x = Tensor<Float>([1, 2])
    #expect((x * 2).scalars == [2, 4])
    #expect((x * 0.5).scalars == [0.5, 1])
    #expect((2 * x).scalars == [2, 4])
    #expect((x / 2).scalars == [0.5, 1])
    #expect((x - 1).scalars == [0, 1])
    let learningRate: Float = 0.5
    #expect((x * learningRate).scalars == [0.5, 1])
  }

  @Test("c * x takes the constant-scalar path: one operand recorded, gradient c")
  func constantPath() {
    var x = Tensor<Double>([1, 2, 3])
    x.requiresGradient = true
    let c = 2.5
    let y = c * x
    #expect(y.gradientFunction == "MultiplyBackward")
    y.sum().backward()
    #expect(x.gradient?.scalars == [2.5, 2.5, 2.5])
  }

  @Test("compound assignment with a scalar variable updates a parameter inside withoutGradient")
  func compound() {
    var w = Tensor<Double>([1, 2])
    w.requiresGradient = true
    (w * w).sum().backward()
    let lr = 0.5
    withoutGradient { w -= lr * w.gradient! }
    #expect(w.scalars == [0, 0])
    #expect(w.requiresGradient)
    var v = Tensor<Double>([2, 4])
    v *= lr
    v /= lr
    v += lr
    v -= lr
    #expect(v.scalars == [2, 4])
  }
}
