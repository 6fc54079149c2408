// hello: the square of a number, and its derivative.
import AutoDiff

func square<T: Differentiable>(_ x: T) -> T { x * x }

enum Hello {
  static var functions: [String: EvalFunction] { [
    "square": measured { (x: Double) in { square(x) } },
    "double": measured { (x: Double) in { derivative(of: square, at: x) } },
  ] }
}
