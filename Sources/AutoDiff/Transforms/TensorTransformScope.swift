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
  /// The transforms running, outermost first: each one's name as the user called it
  /// (`gradient(of:at:)`) and whether it is a forward-mode transform.
  @usableFromInline let running: [(name: String, isForward: Bool)]

  @TaskLocal @usableFromInline static var current = TensorTransformScope(running: [])

  /// Evaluates `body`, the function of the transform named `transform`, refusing any
  /// nesting but reverse inside forward.
  @usableFromInline
  static func evaluate<Result>(
    _ transform: String, isForward: Bool, _ body: () throws -> Result
  ) rethrows -> Result {
    let running = current.running
    if let outer = running.last {
      let forwardOverReverse = running.count == 1 && outer.isForward && !isForward
      if !forwardOverReverse {
        stopMisuse(
          "\(transform) called inside the function of \(outer.name): tensor transforms nest "
            + "only as a reverse transform inside a forward one (forward over reverse, as "
            + "hessian(of:at:) does); this nesting would share one tangent or one graph between "
            + "both and drop the outer derivative. Use hessian(of:at:) or "
            + "jacobian(of: { gradient(of: f, at: $0) }, at: x, mode: .forward), or write the "
            + "function over scalars (func f<T: Differentiable>) to nest transforms any way")
      }
    }
    return try $current.withValue(TensorTransformScope(running: running + [(transform, isForward)])) {
      try body()
    }
  }
}
