import RealModule

/// The built-in functions `autodiff sparsity` detects, colours and differentiates: two
/// sparse Jacobians and two sparse Hessians, each small enough to draw.
public enum SparsityExample: String, CaseIterable, Sendable, Codable {
  /// ``BandedSystem``: a banded Jacobian; column and row colourings tie at 2b + 1.
  case banded
  /// ``BorderedSystem``: a dense row over a diagonal; rows need 2 colours, columns n.
  case bordered
  /// ``ArrowObjective``: an arrow-shaped Hessian; a star colouring needs 2 colours.
  case arrow
  /// ``CyclicChain`` (W5): a cyclic-tridiagonal Hessian; a star colouring needs 3.
  case chain

  /// Which derivative the example has.
  public enum Derivative: String, Sendable, Codable {
    /// The Jacobian of F: Rⁿ → Rᵐ.
    case jacobian
    /// The Hessian of f: Rⁿ → R.
    case hessian
  }

  /// Whether the example is a system (Jacobian) or a scalar function (Hessian).
  public var derivative: Derivative {
    switch self {
    case .banded, .bordered: return .jacobian
    case .arrow, .chain: return .hessian
    }
  }

  /// n when none is given: as many variables as a picture shows clearly.
  public var defaultSize: Int {
    switch self {
    case .banded: return 12
    case .bordered: return 8
    case .arrow: return 10
    case .chain: return 12
    }
  }

  /// The smallest and largest n the study accepts: a pattern of 60 columns is still a
  /// readable picture and a terminal line.
  public static let sizes = 2...60

  /// The half-bandwidth of ``banded`` when none is given.
  public static let defaultHalfBandwidth = 2

  /// The point every example is differentiated at, W5's xᵢ = 0.5 + 0.3·sin(i): distinct
  /// coordinates in [0.2, 0.8], so that no entry in a pattern happens to be 0.
  public static func point(size n: Int) -> [Double] {
    (0..<n).map { 0.5 + 0.3 * Double.sin(Double($0)) }
  }

  /// One line that says what the example is.
  public var summary: String {
    switch self {
    case .banded: return "a banded Jacobian (a (2b + 1)-point stencil)"
    case .bordered: return "a Jacobian with one dense row over a diagonal"
    case .arrow: return "an arrow-shaped Hessian (x₀ meets every variable)"
    case .chain: return "W5's cyclic-tridiagonal Hessian (neighbours on a ring)"
    }
  }
}
