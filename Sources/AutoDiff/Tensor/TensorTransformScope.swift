/// The tensor transform whose function is running in the current task, if any.
///
/// A tensor transform evaluates its function on a fresh, detached copy of its argument:
/// a tangent or a graph that an enclosing transform attached to that argument, or to a
/// tensor the function captured, would be dropped and the outer derivative would come out
/// as zeros, silently. Until tensor transforms nest, one that starts while another's
/// function runs stops with a message naming both (scalar transforms nest by their types:
/// see ``hessian(of:at:)``). A task-local value, so concurrent tasks never see each
/// other's transforms.
@usableFromInline
enum TensorTransformScope {
  /// The name of the running transform, as the user called it (`gradient(of:at:)`).
  @TaskLocal @usableFromInline static var running: String?

  /// Evaluates `body`, the function of the transform named `transform`, refusing to start
  /// inside another transform's function.
  @usableFromInline
  static func evaluate<Result>(_ transform: String, _ body: () throws -> Result) rethrows
    -> Result
  {
    if let outer = running {
      stopMisuse(
        "\(transform) called inside the function of \(outer): tensor transforms do not nest "
          + "yet, and the inner one would drop the outer one's derivative (the result would "
          + "be zeros). Write the function over scalars (func f<T: Differentiable>) to nest "
          + "transforms, e.g. hessian(of:at:) or jacobian(of: { gradient(of: f, at: $0) }, …)")
    }
    return try $running.withValue(transform) { try body() }
  }
}
