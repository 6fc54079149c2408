// x += y, x -= y, x *= y, x /= y: the tensor keeps its shape, and a leaf that requires a
// gradient is updated in place only where no gradient is recorded, as in PyTorch.
extension Tensor {
  /// Adds `rhs`, broadcast to `lhs`'s shape, to `lhs`. A leaf that requires a gradient may
  /// be updated only inside ``withoutGradient(_:)``; elsewhere this stops with a message.
  public static func += (lhs: inout Tensor, rhs: Tensor) { lhs.update("+=", rhs, +) }
  /// Subtracts `rhs`, broadcast to `lhs`'s shape, from `lhs`. A leaf that requires a
  /// gradient may be updated only inside ``withoutGradient(_:)``.
  public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs.update("-=", rhs, -) }
  /// Multiplies `lhs` elementwise by `rhs`, broadcast to `lhs`'s shape. A leaf that
  /// requires a gradient may be updated only inside ``withoutGradient(_:)``.
  public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs.update("*=", rhs, *) }
  /// Divides `lhs` elementwise by `rhs`, broadcast to `lhs`'s shape. A leaf that requires
  /// a gradient may be updated only inside ``withoutGradient(_:)``.
  public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs.update("/=", rhs, /) }

  /// `self = combine(self, rhs)`, checked.
  ///
  /// - A leaf that requires a gradient (a parameter) may change only inside
  ///   ``withoutGradient(_:)``, the optimiser's update: its values change, and it stays the
  ///   same leaf with its accumulated ``gradient``. Outside, the update would turn it into a
  ///   computed tensor whose `gradient` stays nil after `backward()`, so it stops with a
  ///   message (PyTorch: "a leaf Variable that requires grad is being used in an in-place
  ///   operation").
  /// - Broadcasting may not change the shape of `self` (`x += y` with `y` larger), as in
  ///   NumPy and PyTorch.
  @usableFromInline
  mutating func update(_ operation: String, _ rhs: Tensor, _ combine: (Tensor, Tensor) -> Tensor) {
    if let node, node.isLeaf {
      require(
        !GradientRecording.isEnabled,
        "\(operation): this tensor is a leaf that requires a gradient; updating it in place "
          + "would replace it by a computed tensor and lose its gradient. Update parameters "
          + "inside withoutGradient { … }, or compute a new tensor (let y = x + …)")
      let updated = combine(plain, rhs.plain)
      requireShape(of: updated, operation, rhs)
      scalars = updated.scalars
      return
    }
    let updated = combine(self, rhs)
    requireShape(of: updated, operation, rhs)
    self = updated
  }

  @usableFromInline
  func requireShape(of updated: Tensor, _ operation: String, _ rhs: Tensor) {
    require(
      updated.shape == shape,
      "\(operation): the result has shape \(updated.shape), not the shape \(shape) of the "
        + "tensor updated (the right-hand side has shape \(rhs.shape)); an in-place update "
        + "cannot broadcast its target")
  }
}
