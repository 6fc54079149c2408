import RealModule

/// A random expression over the variables x, y, z, written as text together with an
/// independent way to evaluate it, for round-trip and cross-mode tests.
///
/// Only operations defined and smooth on all of [−1, 1]³ are drawn, so every sample has
/// a value and a gradient: + − *, division by 2 + cos(…) (never 0), sin, cos, tanh,
/// atan, exp of a bounded argument, integer powers 2 and 3, and unary minus.
struct RandomExpression {
  var text: String
  var evaluate: ([Double]) -> Double

  static let variables = ["x", "y", "z"]

  static func make(depth: Int, using generator: inout SeededGenerator) -> RandomExpression {
    if depth == 0 || Int.random(in: 0..<4, using: &generator) == 0 {
      if Bool.random(using: &generator) {
        let index = Int.random(in: 0..<3, using: &generator)
        return RandomExpression(text: variables[index], evaluate: { $0[index] })
      }
      let constant = Double(Int.random(in: 1...9, using: &generator)) / 4
      return RandomExpression(text: "\(constant)", evaluate: { _ in constant })
    }
    let a = make(depth: depth - 1, using: &generator)
    let b = make(depth: depth - 1, using: &generator)
    switch Int.random(in: 0..<11, using: &generator) {
    case 0: return RandomExpression(text: "\(a.text) + \(b.text)", evaluate: { a.evaluate($0) + b.evaluate($0) })
    case 1: return RandomExpression(text: "\(a.text) - (\(b.text))", evaluate: { a.evaluate($0) - b.evaluate($0) })
    case 2: return RandomExpression(text: "(\(a.text))*(\(b.text))", evaluate: { a.evaluate($0) * b.evaluate($0) })
    case 3:
      return RandomExpression(
        text: "(\(a.text))/(2 + cos(\(b.text)))", evaluate: { a.evaluate($0) / (2 + .cos(b.evaluate($0))) })
    case 4: return RandomExpression(text: "sin(\(a.text))", evaluate: { .sin(a.evaluate($0)) })
    case 5: return RandomExpression(text: "cos(\(a.text))", evaluate: { .cos(a.evaluate($0)) })
    case 6: return RandomExpression(text: "tanh(\(a.text))", evaluate: { .tanh(a.evaluate($0)) })
    case 7: return RandomExpression(text: "atan(\(a.text))", evaluate: { .atan(a.evaluate($0)) })
    case 8: return RandomExpression(text: "exp(sin(\(a.text)))", evaluate: { .exp(.sin(a.evaluate($0))) })
    case 9:
      let n = Int.random(in: 2...3, using: &generator)
      return RandomExpression(text: "(\(a.text))^\(n)", evaluate: { .pow(a.evaluate($0), n) })
    default: return RandomExpression(text: "-(\(a.text))", evaluate: { -a.evaluate($0) })
    }
  }
}
