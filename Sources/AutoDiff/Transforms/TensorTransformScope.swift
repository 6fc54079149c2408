/// The tensor transforms whose functions are running in the current task, outermost
/// first.
///
/// Tensors carry one forward-mode tangent (in one or more lanes) and one reverse-mode
/// graph, so tensor transforms nest in one way only: a reverse transform (`gradient`,
/// `vjp`, …) inside a forward one (`jvp`, a forward `jacobian`) — forward over reverse,
/// which is how ``hessian(of:at:)`` works. The inner transform keeps the tangents of its
/// argument and of whatever its function captures, so the outer derivative flows through
/// its result. Any other nesting would have two transforms share the one tangent or the
/// one graph and give a silent wrong number, so it stops with a message naming both (the
/// scalar transforms nest every way by their types). A task-local value, so concurrent
/// tasks never see each other's transforms.
@usableFromInline
struct TensorTransformScope: Sendable {
  /// The name of the innermost transform running, as the user called it
  /// (`gradient(of:at:)`), or nil outside every tensor transform.
  @usableFromInline let innermost: String?
  /// How many transforms are running.
  @usableFromInline let depth: Int
  /// Whether the outermost transform is a forward-mode one (the only kind another may run
  /// inside).
  @usableFromInline let outermostIsForward: Bool

  @TaskLocal @usableFromInline static var current = TensorTransformScope(
    innermost: nil, depth: 0, outermostIsForward: false)

  /// Evaluates `body`, the function of the transform named `transform`, refusing any
  /// nesting but reverse inside forward.
  @usableFromInline
  static func evaluate<Result>(
    _ transform: String, isForward: Bool, _ body: () throws -> Result
  ) rethrows -> Result {
    let scope = current
    if let outer = scope.innermost {
      let forwardOverReverse = scope.depth == 1 && scope.outermostIsForward && !isForward
      if !forwardOverReverse {
        stopMisuse(
          "\(transform) called inside the function of \(outer): tensor transforms nest "
            + "only as a reverse transform inside a forward one (forward over reverse, as "
            + "hessian(of:at:) does); this nesting would share one tangent or one graph between "
            + "both and drop the outer derivative. Use hessian(of:at:) or "
            + "jacobian(of: { gradient(of: f, at: $0) }, at: x, mode: .forward), or write the "
            + "function over scalars (func f<T: Differentiable>) to nest transforms any way")
      }
    }
    let inner = TensorTransformScope(
      innermost: transform, depth: scope.depth + 1,
      outermostIsForward: scope.depth == 0 ? isForward : scope.outermostIsForward)
    return try $current.withValue(inner) { try body() }
  }
}
