/// The sparsity pattern of the Jacobian of `f` at `x` (local detection): row i lists the
/// inputs output i depends on, with branches taken as at `x`.
///
/// ```swift
/// struct Neighbours: DifferentiableFunction {
///   func callAsFunction<T: Differentiable>(_ x: [T]) -> [T] {
///     (0..<x.count).map { i in i == 0 ? x[0] : x[i] * x[i - 1] }
///   }
/// }
/// print(jacobianSparsity(of: Neighbours(), at: [1.0, 2, 3]))
/// // •··
/// // ••·
/// // ·••
/// ```
@inlinable
public func jacobianSparsity<F: DifferentiableFunction, T: Differentiable>(
  of f: F, at x: [T]
) -> SparsityPattern {
  detectJacobianPattern(inputCount: x.count, values: x) { f($0) }
}

/// The sparsity pattern of the Jacobian of `f` at `x` (local detection), for a closure on
/// ``SparsityTracer`` values.
@inlinable
public func jacobianSparsity<T: Differentiable>(
  of f: ([SparsityTracer<T>]) throws -> [SparsityTracer<T>], at x: [T]
) rethrows -> SparsityPattern {
  try detectJacobianPattern(inputCount: x.count, values: x, f)
}

/// A sparsity pattern of the Jacobian of `f` that holds at every point (global
/// detection). `f` must not compare or classify values that depend on its inputs: such a
/// question has no answer without a point, and it stops with a message.
@inlinable
public func jacobianSparsity<F: DifferentiableFunction>(of f: F, inputCount: Int)
  -> SparsityPattern
{
  detectJacobianPattern(inputCount: inputCount, values: nil as [Double]?) { f($0) }
}

/// The sparsity pattern of the Hessian of `f` at `x` (local detection): entry (i, j) when
/// inputs i and j meet in a second derivative, with branches taken as at `x`.
@inlinable
public func hessianSparsity<F: DifferentiableScalarFunction, T: Differentiable>(
  of f: F, at x: [T]
) -> SparsityPattern {
  detectHessianPattern(inputCount: x.count, values: x) { f($0) }
}

/// The sparsity pattern of the Hessian of `f` at `x` (local detection), for a closure on
/// ``SparsityTracer`` values.
@inlinable
public func hessianSparsity<T: Differentiable>(
  of f: ([SparsityTracer<T>]) throws -> SparsityTracer<T>, at x: [T]
) rethrows -> SparsityPattern {
  try detectHessianPattern(inputCount: x.count, values: x, f)
}

/// A sparsity pattern of the Hessian of `f` that holds at every point (global detection);
/// comparisons on values that depend on the inputs stop with a message.
@inlinable
public func hessianSparsity<F: DifferentiableScalarFunction>(of f: F, inputCount: Int)
  -> SparsityPattern
{
  detectHessianPattern(inputCount: inputCount, values: nil as [Double]?) { f($0) }
}

/// The input tracers of one detection: input i depends on node i; its value is `values[i]`
/// in local detection and unknown in global detection.
@inlinable
func tracedInputs<T: Differentiable>(
  count: Int, values: [T]?, graph: DependencyGraph
) -> [SparsityTracer<T>] {
  if count < 0 { stopMisuse("sparsity detection: negative input count \(count)") }
  return (0..<count).map { i in
    SparsityTracer(
      value: values?[i] ?? .nan, node: Int32(i), isKnown: values != nil, graph: graph)
  }
}

/// The node an output depends on, refusing a value from another detection.
@inlinable
func outputNode<T>(_ y: SparsityTracer<T>, of graph: DependencyGraph, position: Int) -> Int32 {
  guard let g = y.graph else { return -1 }
  if g !== graph {
    stopMisuse(
      "sparsity detection: output \(position) comes from another detection (a tracer kept "
        + "from an earlier run)")
  }
  return y.node
}

@inlinable
func detectJacobianPattern<T: Differentiable>(
  inputCount: Int, values: [T]?, _ f: ([SparsityTracer<T>]) throws -> [SparsityTracer<T>]
) rethrows -> SparsityPattern {
  let graph = DependencyGraph(
    inputCount: inputCount, knowsValues: values != nil, recordsInteractions: false)
  let y = try f(tracedInputs(count: inputCount, values: values, graph: graph))
  let nodes = y.enumerated().map { outputNode($0.element, of: graph, position: $0.offset) }
  return SparsityPattern(columnCount: inputCount, rows: graph.jacobianRows(of: nodes))
}

@inlinable
func detectHessianPattern<T: Differentiable>(
  inputCount: Int, values: [T]?, _ f: ([SparsityTracer<T>]) throws -> SparsityTracer<T>
) rethrows -> SparsityPattern {
  let graph = DependencyGraph(
    inputCount: inputCount, knowsValues: values != nil, recordsInteractions: true)
  let y = try f(tracedInputs(count: inputCount, values: values, graph: graph))
  return graph.hessianPattern(of: outputNode(y, of: graph, position: 0))
}
