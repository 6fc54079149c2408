import RealModule

// Making tensors: constants, identity, and seeded random ones.
extension Tensor {
  /// A tensor of zeros.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func zeros(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, scalars: [Scalar](filledWith: 0, count: TensorShape.count(of: shape, in: "zeros")))
  }

  /// A tensor of ones.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public static func ones(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, scalars: [Scalar](filledWith: 1, count: TensorShape.count(of: shape, in: "ones")))
  }

  /// A tensor filled with `value`.
  public init(repeating value: Scalar, shape: [Int]) {
    self.init(shape: shape, scalars: [Scalar](filledWith: value, count: TensorShape.count(of: shape)))
  }

  /// The n×n identity matrix.
  public static func identity(_ n: Int) -> Tensor {
    var scalars = [Scalar](filledWith: 0, count: n * n)
    for i in 0..<n { scalars[i * n + i] = 1 }
    return Tensor(shape: [n, n], scalars: scalars)
  }

  /// Uniform random numbers in `range`, from `generator` (pass a seeded one for
  /// reproducible results).
  public static func randomUniform<G: RandomNumberGenerator>(
    _ shape: [Int], in range: ClosedRange<Scalar> = 0...1, using generator: inout G
  ) -> Tensor where Scalar.RawSignificand: FixedWidthInteger {
    let count = TensorShape.count(of: shape, in: "randomUniform")
    return Tensor(shape: shape, scalars: (0..<count).map { _ in Scalar.random(in: range, using: &generator) })
  }

  /// Normal random numbers with the given mean and standard deviation (Box–Muller),
  /// from `generator`.
  public static func randomNormal<G: RandomNumberGenerator>(
    _ shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1, using generator: inout G
  ) -> Tensor where Scalar.RawSignificand: FixedWidthInteger {
    let count = TensorShape.count(of: shape, in: "randomNormal")
    var scalars: [Scalar] = []
    scalars.reserveCapacity(count + 1)
    while scalars.count < count {
      // u1 in (0, 1] so that log(u1) is finite.
      let u1 = 1 - Scalar.random(in: 0..<1, using: &generator)
      let u2 = Scalar.random(in: 0..<1, using: &generator)
      let radius = Scalar.sqrt(-2 * Scalar.log(u1))
      let angle = 2 * Scalar.pi * u2
      scalars.append(mean + standardDeviation * radius * Scalar.cos(angle))
      scalars.append(mean + standardDeviation * radius * Scalar.sin(angle))
    }
    return Tensor(shape: shape, scalars: Array(scalars.prefix(count)))
  }
}
