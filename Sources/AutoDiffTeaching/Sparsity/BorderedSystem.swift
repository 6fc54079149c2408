import AutoDiff

/// A system F: Rⁿ → Rⁿ with one output that depends on every input and n − 1 that
/// depend on one input each:
///
///     F₀(x) = Σⱼ xⱼ²,   Fᵢ(x) = sin(xᵢ) for i ≥ 1
///
/// Its Jacobian is a dense first row over a diagonal. Every pair of columns meets in row
/// 0, so a column colouring needs n colours (forward mode gains nothing), while the rows
/// i ≥ 1 share no column and take one colour between them: a row colouring needs 2, and
/// reverse mode gets the Jacobian from 2 cotangents. It is the example on which
/// `.automatic` picks reverse mode.
public struct BorderedSystem: DifferentiableFunction, Sendable {
  /// The system.
  public init() {}

  /// F(x), for any differentiable scalar type.
  public func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
    guard !x.isEmpty else { return [] }
    var total: T = 0
    for xj in x { total += xj * xj }
    return [total] + x.dropFirst().map { .sin($0) }
  }

  /// How the system is written in headings.
  public static let formula = "F₀(x) = Σⱼ xⱼ², Fᵢ(x) = sin(xᵢ) for i ≥ 1"
}
