/// An n-dimensional array of `Float` or `Double` in row-major order, differentiable in
/// both modes.
///
/// `Tensor` is a value type: its elements are a copy-on-write array. Automatic
/// differentiation rides along in two optional parts:
///
/// - **Reverse mode**, PyTorch-style: set ``requiresGradient`` on the inputs, compute,
///   call ``backward(retainingGraph:)``, read ``gradient``. Each operation on tensors that
///   need a gradient is recorded on a Wengert list with its pullback (see <doc:Tensors>).
/// - **Forward mode**: a tensor can carry a ``tangent``; every operation carries it along
///   by its Jacobian–vector product (`jvp(of:at:along:)`).
///
/// ```swift
/// var x = Tensor<Double>(shape: [2, 2], scalars: [1, 1, 1, 1])
/// x.requiresGradient = true
/// let o = (3 * (x + 2) * (x + 2)).mean()
/// o.backward()
/// x.gradient  // [[4.5, 4.5], [4.5, 4.5]]
/// ```
public struct Tensor<Scalar: TensorScalar> {
  /// The size of each dimension; `[]` for a scalar.
  public internal(set) var shape: [Int]
  /// The elements in row-major order.
  public internal(set) var scalars: [Scalar]
  /// Forward mode: the tangent carried along with the value, if any.
  @usableFromInline var tangentScalars: [Scalar]?
  /// Reverse mode: the node that records how this tensor was made, if it needs a gradient.
  @usableFromInline var node: TensorNode<Scalar>?

  /// A tensor of the given shape and elements.
  ///
  /// - Precondition: `scalars.count` is the product of `shape`.
  public init(shape: [Int], scalars: [Scalar]) {
    let count = TensorShape.count(of: shape)
    require(
      scalars.count == count,
      "Tensor(shape:scalars:): shape \(shape) needs \(count) elements, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  @usableFromInline
  init(shape: [Int], scalars: [Scalar], tangent: [Scalar]?, node: TensorNode<Scalar>?) {
    self.shape = shape
    self.scalars = scalars
    self.tangentScalars = tangent
    self.node = node
  }

  /// A rank-0 tensor holding `value`.
  public init(_ value: Scalar) {
    self.init(shape: [], scalars: [value])
  }

  /// A rank-1 tensor of `values`.
  public init(_ values: [Scalar]) {
    self.init(shape: [values.count], scalars: values)
  }

  /// A rank-2 tensor from equal-length rows.
  public init(_ rows: [[Scalar]]) {
    let columns = rows.first?.count ?? 0
    require(
      rows.allSatisfy { $0.count == columns },
      "Tensor(rows): rows have different lengths \(rows.map { $0.count })")
    self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The number of elements.
  public var count: Int { scalars.count }

  /// The single element of a tensor with one element (any shape).
  public var scalar: Scalar {
    require(scalars.count == 1, "Tensor.scalar: the tensor has shape \(shape), not one element")
    return scalars[0]
  }

  /// The forward-mode tangent carried by this tensor, if any.
  ///
  /// Nil reads as zero: a result that does not depend on a seeded tensor has none, and with
  /// the default `NaNSafe` trait neither has an operation's result whose tangent came out
  /// zero in every lane (as `forward_ad.unpack_dual` gives `None` in PyTorch).
  /// `jvp(of:at:along:)` always returns a tangent, zeros included.
  public var tangent: Tensor? {
    tangentScalars.map { Tensor(shape: shape, scalars: $0) }
  }

  /// This tensor carrying `tangent` for forward mode.
  public func withTangent(_ tangent: Tensor) -> Tensor {
    require(
      tangent.shape == shape,
      "Tensor.withTangent: the tangent has shape \(tangent.shape) but the tensor has \(shape)")
    var copy = self
    copy.tangentScalars = tangent.scalars
    return copy
  }

  /// The rows of a rank-2 tensor, or the elements of a rank-1 tensor as one row.
  public var rows: [[Scalar]] {
    switch rank {
    case 0: return [scalars]
    case 1: return [scalars]
    default:
      let width = shape.last!
      return stride(from: 0, to: count, by: Swift.max(width, 1)).map {
        Array(scalars[$0..<Swift.min($0 + width, count)])
      }
    }
  }
}

extension Tensor: ExpressibleByIntegerLiteral {
  /// A scalar tensor: `x * 2` broadcasts the literal.
  public init(integerLiteral value: Int) { self.init(Scalar(value)) }
}

extension Tensor: ExpressibleByFloatLiteral {
  /// A scalar tensor: `x * 0.5` broadcasts the literal.
  public init(floatLiteral value: Double) { self.init(Scalar(value)) }
}

extension Tensor: CustomStringConvertible {
  /// The elements nested by shape, and the operation that made the tensor if it has one:
  /// `[[4.5, 4.5], [4.5, 4.5]]` or `[10.0] (gradient function: MultiplyBackward)`.
  public var description: String {
    var text = Self.nested(scalars[...], shape[...])
    if let name = gradientFunction { text += " (gradient function: \(name))" }
    return text
  }

  private static func nested(_ values: ArraySlice<Scalar>, _ shape: ArraySlice<Int>) -> String {
    guard let first = shape.first else { return "\(values.first!)" }
    let inner = shape.dropFirst()
    let step = inner.reduce(1, *)
    let parts = (0..<first).map { i in
      nested(values.dropFirst(i * step).prefix(step), inner)
    }
    return "[" + parts.joined(separator: ", ") + "]"
  }
}

extension Tensor: Equatable {
  /// Same shape and same elements (autograd state is not compared).
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
  }
}
