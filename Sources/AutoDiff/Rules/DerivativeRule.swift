import RealModule

// Layering. Rules/ is the layer of derivative rules: each rule is generic over `Real` and
// returns a value with its local partials; it knows nothing of how a mode carries
// derivatives. Rules/ depends only on Kernels/ (the C-calling loops some rules evaluate
// through) and RealModule; nothing here names `Differentiable`, `DerivativeCarrying` or a
// carrier type in code (doc comments may, to say who applies a rule). Differentiable/
// sits above and applies the rules (`applying(_:)`, the chain-rule products in
// Differentiable/ChainRule.swift); Forward/, Reverse/, Tensor/ and Sparse/ sit above both.

/// A differentiable function of one real argument: its value and local derivative.
///
/// A rule is written once, generically over `Real`, and every mode uses it: ``Dual``
/// multiplies its tangent by `derivative`, ``Tracked`` stores `derivative` on the tape
/// and multiplies the adjoint by it, tensors map it elementwise. Because `evaluate` is
/// generic, the same rule also runs on `Dual<Double>` values, which is what makes
/// second derivatives (and forward-over-reverse Hessians) of a rule come for free.
///
/// Declare your own primitive by conforming a type to this protocol and calling
/// ``Differentiable/applying(_:)`` in generic code:
///
/// ```swift
/// struct Softplus: UnaryDerivativeRule {
///   func evaluate<T: Real>(at x: T) -> (value: T, derivative: T) {
///     let e = T.exp(x)
///     return (T.log(onePlus: e), e / (1 + e))
///   }
/// }
/// func f<T: Differentiable>(_ x: T) -> T { x.applying(Softplus()) * x }
/// ```
public protocol UnaryDerivativeRule: Sendable {
  /// The function's value f(x) and its derivative f′(x) at `x`, computed together
  /// so that the derivative can reuse the value.
  func evaluate<T: Real>(at x: T) -> (value: T, derivative: T)

  /// A short name used in traces and error messages.
  var name: String { get }

  /// What the rule's derivatives are structurally, for sparsity detection; by default
  /// ``UnaryRuleStructure/nonlinear``, which is always safe.
  var structure: UnaryRuleStructure { get }
}

/// A differentiable function of two real arguments: its value and both partials.
public protocol BinaryDerivativeRule: Sendable {
  /// f(x, y), ∂f/∂x and ∂f/∂y at `(x, y)`, computed together.
  func evaluate<T: Real>(_ x: T, _ y: T) -> (value: T, dx: T, dy: T)

  /// A short name used in traces and error messages.
  var name: String { get }

  /// Which second partials may be non-zero, for sparsity detection; by default
  /// ``BinaryRuleStructure/general``, which is always safe.
  var structure: BinaryRuleStructure { get }

  /// The rule's algebraic form — a sum or difference (constant partials), a product
  /// (each partial is the other operand), a quotient, or general — from which the fast
  /// paths of the tape and of tensors take the value and the partials instead of
  /// evaluating the rule element by element; by default ``BinaryRuleForm/general``.
  var form: BinaryRuleForm { get }
}

extension UnaryDerivativeRule {
  public var name: String { String(describing: Self.self) }
}

extension BinaryDerivativeRule {
  public var name: String { String(describing: Self.self) }
}
