/// Forward mode with `chunkSize` tangents per evaluation: pass `.forward` (chunks of 8)
/// or `ForwardMode<4>()` to choose another chunk size.
///
/// The chunk size is a type parameter because it fixes the type the function is
/// evaluated at (a ``ChunkedDual`` with `chunkSize` lanes); a Jacobian of f: Rⁿ → Rᵐ costs
/// ⌈n/chunkSize⌉ evaluations.
public struct ForwardMode<let chunkSize: Int>: Sendable {
  /// Forward mode with the chunk size in the type.
  @inlinable
  public init() {
    require(chunkSize >= 1, "ForwardMode: chunk size must be at least 1, got \(chunkSize)")
  }
}

extension ForwardMode where chunkSize == 8 {
  /// Forward mode, eight tangents per evaluation.
  @inlinable
  public static var forward: ForwardMode<8> { ForwardMode<8>() }
}

/// Reverse mode: one recording of the function on a tape, then one backward sweep per
/// output (or per chunk of outputs).
public struct ReverseMode: Sendable {
  /// Reverse mode, the same as ``reverse``.
  @inlinable
  public init() {}

  /// Reverse mode.
  @inlinable
  public static var reverse: ReverseMode { ReverseMode() }
}

/// The mode chosen per call by the measured rule of ``JacobianMode/automatic``: forward
/// when there are at most 8 inputs or more than twice as many outputs as inputs, reverse
/// otherwise. Tensor Jacobians take it as their default, `jacobian(of: f, at: x)`.
public struct AutomaticMode: Sendable {
  /// The automatic mode, the same as ``automatic``.
  @inlinable
  public init() {}

  /// The mode chosen per call.
  @inlinable
  public static var automatic: AutomaticMode { AutomaticMode() }
}
