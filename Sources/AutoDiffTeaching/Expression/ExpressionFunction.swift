import AutoDiff

/// The functions an expression can call by name, each one of AutoDiff's primitives.
///
/// The names are the primitives' own (`sin`, `squareRoot`, `logOnePlus`, `atan2`, …) plus
/// the C spellings people type (`sqrt`, `log1p`, `expm1`, `lgamma`, `ln`, `min`, `max`,
/// `fmod`). A name not followed by `(` is an ordinary variable, so `gamma*x` can use a
/// variable called gamma.
public enum ExpressionFunction: Sendable, Hashable {
  case unary(UnaryPrimitive)
  case binary(BinaryPrimitive)

  /// The number of arguments.
  public var arity: Int {
    switch self {
    case .unary: return 1
    case .binary: return 2
    }
  }

  /// The function called `name`, or nil if there is none.
  public static func named(_ name: String) -> ExpressionFunction? { table[name] }

  /// Every callable name, sorted.
  public static var names: [String] { table.keys.sorted() }

  /// Named constants: `pi` and `π`.
  public static let constants: [String: Double] = ["pi": .pi, "π": .pi]

  static let aliases: [String: ExpressionFunction] = [
    "sqrt": .unary(.squareRoot), "ln": .unary(.log), "log1p": .unary(.logOnePlus),
    "expm1": .unary(.expMinusOne), "lgamma": .unary(.logGamma), "tgamma": .unary(.gamma),
    "min": .binary(.minimum), "max": .binary(.maximum), "fmod": .binary(.truncatingRemainder),
  ]

  static let table: [String: ExpressionFunction] = {
    var table = aliases
    for primitive in UnaryPrimitive.allCases where primitive != .negate {
      table[primitive.name] = .unary(primitive)
    }
    // The four arithmetic operators have their own symbols.
    let operators: Set<BinaryPrimitive> = [.add, .subtract, .multiply, .divide]
    for primitive in BinaryPrimitive.allCases where !operators.contains(primitive) {
      table[primitive.name] = .binary(primitive)
    }
    return table
  }()

  /// How the function is called, for messages: `pow(x, y)`.
  public static func usage(of name: String, arity: Int) -> String {
    arity == 1 ? "\(name)(x)" : "\(name)(x, y)"
  }

  /// The known name closest to `name` (at most two edits away), for "did you mean".
  static func suggestion(for name: String) -> String? {
    let candidates = names.map { ($0, editDistance($0.lowercased(), name.lowercased())) }
    guard let best = candidates.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
    return best.0
  }

  /// Levenshtein distance between two strings, in characters.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty || b.isEmpty { return a.count + b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      previous = current
    }
    return previous[b.count]
  }
}
