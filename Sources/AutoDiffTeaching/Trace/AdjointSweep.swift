import AutoDiff

/// The reverse-mode pass over a Wengert list: the adjoint v̄ⱼ = ∂f/∂vⱼ of every entry,
/// for all inputs at once.
///
/// The sweep seeds the output with v̄ = 1 and reads the list bottom to top; each entry
/// passes its adjoint back to its operands, v̄ⱼ += v̄ᵢ · ∂vᵢ/∂vⱼ. When it reaches the top,
/// every input's adjoint is its partial derivative: the whole gradient in one pass,
/// whatever the number of inputs.
public struct AdjointSweep: Sendable, Equatable {
  /// One contribution v̄ᵢ · ∂vᵢ/∂vⱼ to an adjoint v̄ⱼ.
  public struct Term: Sendable, Equatable {
    /// i, the entry passing its adjoint back.
    public var from: Int
    /// ∂vᵢ/∂vⱼ.
    public var partial: Double
    /// v̄ᵢ at the time it was passed back (final: every use of vᵢ comes after it).
    public var adjoint: Double
  }

  /// v̄ⱼ for every entry.
  public var adjoints: [Double]
  /// The terms summed into each adjoint, in the order the sweep added them.
  public var terms: [[Term]]

  /// Sweeps `list` backwards from its output.
  public init(over list: WengertList) {
    adjoints = Array(repeating: 0, count: list.entries.count)
    terms = Array(repeating: [], count: list.entries.count)
    guard case .entry(let output) = list.output else { return }
    adjoints[output] = 1
    for entry in list.entries.reversed() {
      let adjoint = adjoints[entry.index]
      for (operand, partial) in entry.dependencies {
        adjoints[operand] += Double._nanSafeProduct(partial, adjoint)
        terms[operand].append(Term(from: entry.index, partial: partial, adjoint: adjoint))
      }
    }
  }

  /// ∂f/∂xⱼ for every input: the inputs' adjoints.
  public func gradient(of list: WengertList) -> [Double] {
    Array(adjoints[..<list.inputCount])
  }
}
