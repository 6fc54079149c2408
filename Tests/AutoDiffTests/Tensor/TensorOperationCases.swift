import AutoDiff
import RealModule
import Testing

/// One tensor operation, written with `Tensor` and element by element with
/// `ReferenceTensor`, at an input shape and in a domain where it is smooth.
struct TensorCase: CustomTestStringConvertible, Sendable {
  let name: String
  let shape: [Int]
  let domain: ClosedRange<Double>
  let tensor: @Sendable (Tensor<Double>) -> Tensor<Double>
  let reference: ElementwiseReference
  var testDescription: String { name }
}

/// The element-by-element version, generic over the scalar so that it runs in both modes.
struct ElementwiseReference: DifferentiableFunction, Sendable {
  let shape: [Int]
  let body: @Sendable (any ReferenceBody) -> Void
  func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    let box = ReferenceBox(ReferenceTensor(shape: shape, scalars: x))
    body(box)
    return box.output
  }
}

protocol ReferenceBody: AnyObject {
  func run(_ f: any ReferenceOperation)
}

protocol ReferenceOperation: Sendable {
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T>
}

final class ReferenceBox<T: Differentiable>: ReferenceBody {
  let input: ReferenceTensor<T>
  var output: [T] = []
  init(_ input: ReferenceTensor<T>) { self.input = input }
  func run(_ f: any ReferenceOperation) { output = f.apply(input).scalars }
}

/// A second operand, fixed, for binary operations.
func constantOperand(_ shape: [Int], seed: Int) -> [Double] {
  (0..<shape.reduce(1, *)).map { 0.6 + 0.4 * Double.sin(Double($0 * 7 + seed)) }
}

struct Unary: ReferenceOperation {
  let rule: UnaryPrimitive
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> { x.map { $0.applying(rule) } }
}
struct ActivationReference: ReferenceOperation {
  let rule: Activation
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> { x.map { $0.applying(rule) } }
}
struct Binary: ReferenceOperation {
  let rule: BinaryPrimitive
  let otherShape: [Int]
  let swapped: Bool
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> {
    let other = ReferenceTensor<T>(shape: otherShape, scalars: constantOperand(otherShape, seed: 3).map { T(Int($0 * 1000)) / 1000 })
    return swapped ? other.zipBroadcast(x) { $0.applying(rule, $1) } : x.zipBroadcast(other) { $0.applying(rule, $1) }
  }
}
struct SelfProduct: ReferenceOperation {
  // x ⊙ transpose-free broadcast with itself: the same tensor on both sides.
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> { x.zipBroadcast(x) { $0 * $1 } }
}
struct Reduction: ReferenceOperation {
  enum Kind: Sendable { case sum, mean, max, min, logSumExp }
  let kind: Kind
  let axes: [Int]
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> {
    switch kind {
    case .sum: return x.sum(axes)
    case .mean: return x.mean(axes)
    case .max: return x.maximum(axes)
    case .min: return x.map { -$0 }.maximum(axes).map { -$0 }
    case .logSumExp: return x.logSumExp(axes)
    }
  }
}
struct SoftmaxReference: ReferenceOperation {
  let log: Bool
  let axis: Int
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> {
    log ? x.logSoftmax(axis) : x.softmax(axis)
  }
}
struct MatmulReference: ReferenceOperation {
  let otherShape: [Int]
  let inputOnLeft: Bool
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> {
    let other = ReferenceTensor<T>(shape: otherShape, scalars: constantOperand(otherShape, seed: 5).map { T(Int($0 * 1000)) / 1000 })
    return inputOnLeft ? ReferenceTensor.matmul(x, other) : ReferenceTensor.matmul(other, x)
  }
}
struct TransposeReference: ReferenceOperation {
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> { x.transposed() }
}
struct SliceReference: ReferenceOperation {
  let range: Range<Int>
  let axis: Int
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> { x.slice(range, axis: axis) }
}
struct ConcatenateWithSquare: ReferenceOperation {
  // [x, x²] along axis 1.
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> {
    let sq = x.map { $0 * $0 }
    var result: [T] = []
    for r in 0..<x.shape[0] {
      result += x.slice(r..<(r + 1), axis: 0).scalars + sq.slice(r..<(r + 1), axis: 0).scalars
    }
    return ReferenceTensor(shape: [x.shape[0], 2 * x.shape[1]], scalars: result)
  }
}
struct StackWithSine: ReferenceOperation {
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> {
    ReferenceTensor(shape: [2] + x.shape, scalars: x.scalars + x.map { T.sin($0) }.scalars)
  }
}
struct Composite: ReferenceOperation {
  // The MLP-like chain: tanh(x·W + b) summed, and a log-softmax cross-entropy against class 1.
  func apply<T: Differentiable>(_ x: ReferenceTensor<T>) -> ReferenceTensor<T> {
    let w = ReferenceTensor<T>(shape: [3, 4], scalars: constantOperand([3, 4], seed: 9).map { T(Int($0 * 1000)) / 1000 - 1 / 2 })
    let b = ReferenceTensor<T>(shape: [4], scalars: [1, -1, 2, 0].map { T($0) / 10 })
    let h = ReferenceTensor.matmul(x, w).zipBroadcast(b, +).map { T.tanh($0) }
    let logits = h.logSoftmax(1)
    return logits.slice(1..<2, axis: 1).mean([0, 1])
  }
}

func reference(_ shape: [Int], _ op: some ReferenceOperation) -> ElementwiseReference {
  ElementwiseReference(shape: shape) { $0.run(op) }
}

enum TensorCases {
  static let otherShape = [2, 3]

  static var unary: [TensorCase] {
    UnaryPrimitive.allCases.map { rule in
      let domain: ClosedRange<Double> =
        switch rule {
        case .acosh: 1.2...3
        case .asin, .acos, .atanh: -0.8...0.8
        case .log, .logOnePlus, .log2, .log10, .squareRoot, .gamma, .logGamma: 0.3...2.5
        case .abs: 0.2...1.5
        default: -1.5...1.5
        }
      return TensorCase(
        name: "elementwise \(rule.name)", shape: [2, 3], domain: domain,
        tensor: { $0.applying(rule) }, reference: reference([2, 3], Unary(rule: rule)))
    }
      + Activation.allCases.map { rule in
        TensorCase(
          name: "elementwise \(rule.name)", shape: [2, 3], domain: 0.1...1.5,
          tensor: { rule == .relu ? Tensor.relu($0) : Tensor.sigmoid($0) },
          reference: reference([2, 3], ActivationReference(rule: rule)))
      }
  }

  static var binary: [TensorCase] {
    let rules: [BinaryPrimitive] = [.add, .subtract, .multiply, .divide, .pow, .atan2, .hypot, .maximum, .minimum]
    var cases: [TensorCase] = []
    for rule in rules {
      for (inputShape, otherShape) in [([2, 3], [2, 3]), ([2, 3], [3]), ([2, 1], [2, 3]), ([2, 3], [])] {
        for swapped in [false, true] {
          let otherScalars = constantOperand(otherShape, seed: 3).map { Double(Int($0 * 1000)) / 1000 }
          cases.append(
            TensorCase(
              name: "\(rule.name) \(swapped ? "c, x" : "x, c") \(inputShape) with \(otherShape)",
              shape: inputShape, domain: 0.3...1.4,
              tensor: { x in
                let other = Tensor(shape: otherShape, scalars: otherScalars)
                return swapped ? other.applying(rule, x) : x.applying(rule, other)
              },
              reference: reference(inputShape, Binary(rule: rule, otherShape: otherShape, swapped: swapped))))
        }
      }
    }
    cases.append(
      TensorCase(
        name: "x ⊙ x (same tensor twice)", shape: [2, 3], domain: -1...1, tensor: { $0 * $0 },
        reference: reference([2, 3], SelfProduct())))
    return cases
  }

  static var reductions: [TensorCase] {
    var cases: [TensorCase] = []
    let kinds: [(String, Reduction.Kind, @Sendable (Tensor<Double>, [Int]) -> Tensor<Double>)] = [
      ("sum", .sum, { $0.sum(alongAxes: $1, keepingDimensions: true) }),
      ("mean", .mean, { $0.mean(alongAxes: $1, keepingDimensions: true) }),
      ("max", .max, { $0.max(alongAxes: $1, keepingDimensions: true) }),
      ("min", .min, { $0.min(alongAxes: $1, keepingDimensions: true) }),
      ("logSumExp", .logSumExp, { $0.logSumExp(alongAxes: $1, keepingDimensions: true) }),
    ]
    for (name, kind, op) in kinds {
      for axes in [[0], [1], [2], [0, 2], [0, 1, 2]] {
        cases.append(
          TensorCase(
            name: "\(name) along \(axes)", shape: [2, 3, 2], domain: -2...2, tensor: { op($0, axes) },
            reference: reference([2, 3, 2], Reduction(kind: kind, axes: axes))))
      }
    }
    return cases
  }

  static var structural: [TensorCase] {
    [
      TensorCase(name: "softmax along 1", shape: [3, 4], domain: -3...3, tensor: { $0.softmax(alongAxis: 1) }, reference: reference([3, 4], SoftmaxReference(log: false, axis: 1))),
      TensorCase(name: "softmax along 0", shape: [3, 4], domain: -3...3, tensor: { $0.softmax(alongAxis: 0) }, reference: reference([3, 4], SoftmaxReference(log: false, axis: 0))),
      TensorCase(name: "logSoftmax along 1", shape: [3, 4], domain: -3...3, tensor: { $0.logSoftmax(alongAxis: 1) }, reference: reference([3, 4], SoftmaxReference(log: true, axis: 1))),
      TensorCase(name: "matmul x·B", shape: [2, 3], domain: -1...1, tensor: { matmul($0, Tensor(shape: [3, 4], scalars: constantOperand([3, 4], seed: 5).map { Double(Int($0 * 1000)) / 1000 })) }, reference: reference([2, 3], MatmulReference(otherShape: [3, 4], inputOnLeft: true))),
      TensorCase(name: "matmul A·x", shape: [3, 2], domain: -1...1, tensor: { matmul(Tensor(shape: [4, 3], scalars: constantOperand([4, 3], seed: 5).map { Double(Int($0 * 1000)) / 1000 }), $0) }, reference: reference([3, 2], MatmulReference(otherShape: [4, 3], inputOnLeft: false))),
      TensorCase(name: "transposed", shape: [2, 3], domain: -1...1, tensor: { $0.transposed() }, reference: reference([2, 3], TransposeReference())),
      TensorCase(name: "slice 1..<3 along 1", shape: [2, 4], domain: -1...1, tensor: { $0.slice(1..<3, alongAxis: 1) }, reference: reference([2, 4], SliceReference(range: 1..<3, axis: 1))),
      TensorCase(name: "subscript [1]", shape: [3, 2], domain: -1...1, tensor: { $0[1] }, reference: reference([3, 2], SliceReference(range: 1..<2, axis: 0))),
      TensorCase(name: "concatenate [x, x²] along 1", shape: [2, 3], domain: -1...1, tensor: { concatenate([$0, $0 * $0], alongAxis: 1) }, reference: reference([2, 3], ConcatenateWithSquare())),
      TensorCase(name: "stack [x, sin x]", shape: [2, 3], domain: -1...1, tensor: { stack([$0, Tensor.sin($0)]) }, reference: reference([2, 3], StackWithSine())),
      TensorCase(
        name: "tanh(x·W + b) → logSoftmax → mean of column 1", shape: [2, 3], domain: -1...1,
        tensor: { x in
          let w = Tensor(shape: [3, 4], scalars: constantOperand([3, 4], seed: 9).map { Double(Int($0 * 1000)) / 1000 - 0.5 })
          let b = Tensor([0.1, -0.1, 0.2, 0])
          let h = Tensor.tanh(matmul(x, w) + b)
          return h.logSoftmax(alongAxis: 1).slice(1..<2, alongAxis: 1).mean(alongAxes: [0, 1], keepingDimensions: true)
        }, reference: reference([2, 3], Composite())),
    ]
  }

  static let all: [TensorCase] = unary + binary + reductions + structural
}
