// Converting between precisions, and saving values: `Tensor<Float>(doubles)`, Codable.
//
// Why `Tensor` is not `Sendable`: a tensor that needs a gradient holds a `TensorNode`, a
// class whose accumulated gradient, pending cotangent and Wengert-list links are mutated
// by `backward()`, `zeroGradient()` and every operation that records on the same list.
// Two tasks holding copies of one such tensor would race on that state. Sendability is a
// property of the type, not of a value, so it cannot be granted to the graph-free tensors
// only; an `@unchecked Sendable` would be unsound for the others. To send values across
// tasks, send `shape` and `scalars` (both `Sendable`) and rebuild with
// `Tensor(shape:scalars:)` on the other side.
extension Tensor {
  /// The values of `other` converted to this precision, element by element
  /// (`Scalar(x)`, rounding to nearest), like PyTorch's `x.float()` / `x.double()`.
  ///
  /// Values only: the result carries no tangent and no graph, so `backward()` through a
  /// converted tensor does not reach `other`. Convert parameters once, then compute in the
  /// precision you train in.
  ///
  /// ```swift
  /// let d = Tensor<Double>([0.1, 1e300])
  /// Tensor<Float>(d)  // [0.1, inf]
  /// ```
  @_specialize(where Scalar == Float, Other == Double)
  @_specialize(where Scalar == Double, Other == Float)
  public init<Other: TensorScalar>(_ other: Tensor<Other>) {
    self.init(shape: other.shape, scalars: other.scalars.map { Scalar($0) })
  }
}

extension Tensor: Codable where Scalar: Codable {
  private enum CodingKeys: String, CodingKey {
    case shape
    case scalars
  }

  /// Encodes the shape and the elements in row-major order, nothing else: no gradient,
  /// tangent or graph. `JSONEncoder` gives `{"shape":[2],"scalars":[1,2]}`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(shape, forKey: .shape)
    try container.encode(scalars, forKey: .scalars)
  }

  /// Decodes a tensor written by ``encode(to:)``: a plain tensor that needs no gradient.
  ///
  /// - Throws: `DecodingError.dataCorrupted` naming the shape and the count when a
  ///   dimension is negative, the element count overflows, or the number of elements is
  ///   not the product of the shape.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let shape = try container.decode([Int].self, forKey: .shape)
    let scalars = try container.decode([Scalar].self, forKey: .scalars)
    var count = 1
    for dimension in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard dimension >= 0, !overflow else {
        throw DecodingError.dataCorruptedError(
          forKey: .shape, in: container,
          debugDescription: "Tensor: shape \(shape) has a negative dimension or too many elements")
      }
      count = product
    }
    guard scalars.count == count else {
      throw DecodingError.dataCorruptedError(
        forKey: .scalars, in: container,
        debugDescription: "Tensor: shape \(shape) needs \(count) elements, got \(scalars.count)")
    }
    self.init(shape: shape, scalars: scalars)
  }
}
