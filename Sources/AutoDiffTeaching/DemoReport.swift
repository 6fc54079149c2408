/// One checked line of a demo: what was computed, its value, and what it should be.
public struct DemoCheck: Sendable {
  /// What the line shows, e.g. "f'(1.5)".
  public var label: String
  /// The computed value, formatted.
  public var computed: String
  /// The expected value, formatted.
  public var expected: String
  /// Whether the computed value matches the expected one.
  public var passed: Bool

  /// A check of `computed` against `expected` to a relative tolerance.
  public init(_ label: String, computed: [Double], expected: [Double], tolerance: Double = 1e-9) {
    self.label = label
    self.computed = Self.format(computed)
    self.expected = Self.format(expected)
    self.passed =
      computed.count == expected.count
      && zip(computed, expected).allSatisfy { c, e in
        abs(c - e) <= tolerance * max(1, abs(e))
      }
  }

  static func format(_ values: [Double]) -> String {
    let parts = values.map { v -> String in
      let rounded = (v * 1e6).rounded() / 1e6
      return rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)"
    }
    return parts.count == 1 ? parts[0] : "[" + parts.joined(separator: ", ") + "]"
  }
}

/// A titled group of demo lines: an explanation and the checks it makes.
public struct DemoSection: Sendable {
  /// The section's heading.
  public var title: String
  /// Lines of explanation shown before the checks.
  public var notes: [String]
  /// The checked results.
  public var checks: [DemoCheck]
}

extension DemoSection {
  /// The section as text: heading, notes, then one ✓/✗ line per check.
  public func rendered() -> String {
    var lines = ["== \(title)"]
    lines += notes.map { "   \($0)" }
    for check in checks {
      let mark = check.passed ? "✓" : "✗"
      lines.append("   \(mark) \(check.label) = \(check.computed)   (expected \(check.expected))")
    }
    return lines.joined(separator: "\n")
  }
}
