import AutoDiff

/// One forward-mode pass over a Wengert list: the tangent v̇ᵢ = ∂vᵢ/∂xₛ of every entry
/// for one seeded input xₛ.
///
/// The sweep reads the list top to bottom: an input's tangent is its seed (1 for xₛ,
/// 0 for the others), and each operation's is v̇ᵢ = Σⱼ ∂vᵢ/∂vⱼ · v̇ⱼ, the local partials
/// of AutoDiff's rules times the operands' tangents. At the end the output's tangent is
/// ∂f/∂xₛ: one column of the Jacobian per pass, so a gradient takes n passes.
public struct TangentSweep: Sendable, Equatable {
  /// s, the input whose tangent is seeded with 1.
  public var seed: Int
  /// v̇ᵢ for every entry.
  public var tangents: [Double]

  /// Sweeps `list` forward with input `seed` seeded.
  public init(over list: WengertList, seed: Int) {
    require(
      seed >= 0 && seed < list.inputCount,
      "TangentSweep: no input \(seed); the list has \(list.inputCount) inputs (0 to \(list.inputCount - 1))")
    self.seed = seed
    tangents = Array(repeating: 0, count: list.entries.count)
    tangents[seed] = 1
    for entry in list.entries[list.inputCount...] {
      var tangent = 0.0
      for (operand, partial) in entry.dependencies {
        // The library's NaN-safe product (0 · ∞ = 0), so the trace agrees with AutoDiff
        // at the edge points of Sources/AutoDiff/AutoDiff.docc/DerivativeConventions.md too.
        tangent += Double._nanSafeProduct(partial, tangents[operand])
      }
      tangents[entry.index] = tangent
    }
  }

  /// ∂f/∂xₛ: the output's tangent (0 when the output is a constant).
  public func derivative(of list: WengertList) -> Double {
    if case .entry(let i) = list.output { return tangents[i] }
    return 0
  }
}
