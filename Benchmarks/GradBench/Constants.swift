// Decimal constants and Double data in generic code.
//
// API gap (issue 16, item 1): inside `func f<T: Differentiable>`, neither `T(0.5)` nor
// `x * 0.5` compiles — `Real` has integer literals only and no `init(_: Double)`, and
// `scaled(by:)` exists on the carriers but not on `Differentiable` itself. Every eval here
// needs Double constants (gmm's ½ and log 2π, llsq's sample points, ode's step) or Double
// data mixed into the differentiated arithmetic (gmm's and kmeans' points, lstm's sequence).
// What a user can write today is this small protocol with one conformance per number
// type. The library could make it unnecessary with a `Differentiable` requirement such as
// `init(_ value: Double)` (exact for Double, a constant for every carrier) or float
// literals on every carrier.
import AutoDiff

/// A number type that can hold a `Double` as a constant (derivative zero in every mode).
protocol DoubleConstant: Differentiable {
  static func constant(_ value: Double) -> Self
}

extension Double: DoubleConstant {
  static func constant(_ value: Double) -> Double { value }
}

extension Tracked: DoubleConstant where T: DoubleConstant {
  static func constant(_ value: Double) -> Tracked { Tracked(constant: .constant(value)) }
}

extension Dual: DoubleConstant where T: DoubleConstant {
  static func constant(_ value: Double) -> Dual { Dual(constant: .constant(value)) }
}

extension ChunkedDual: DoubleConstant where T: DoubleConstant {
  static func constant(_ value: Double) -> ChunkedDual {
    ChunkedDual(constant: .constant(value))
  }
}

extension Array where Element == Double {
  /// The elements as constants of `T`.
  func constants<T: DoubleConstant>(as _: T.Type = T.self) -> [T] {
    map { T.constant($0) }
  }
}
