import RealModule

/// The share of the derivative that each of `count` tied arguments of a maximum or
/// minimum receives: 1/count, so ties split it evenly, like a subgradient average.
///
/// The one statement of the tie convention of <doc:DerivativeConventions>: the two-argument
/// `maximum` and `minimum` rules take ½ from it, and the tensor reductions `max` and `min`
/// 1/n for n tied elements.
@inlinable
func tieShare<T: Real>(among count: T) -> T { 1 / count }
