// Double data in generic code: the evals' points, weights and step sizes enter the
// differentiated arithmetic as constants through `Differentiable.constant(_:)`; decimal
// literals (gmm's ½, ode's step) are written as literals.
import AutoDiff

extension Array where Element == Double {
  /// The elements as constants of `T`.
  func constants<T: Differentiable>(as _: T.Type = T.self) -> [T] {
    map { T.constant($0) }
  }
}
