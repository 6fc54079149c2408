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
        // Equal infinities match; NaN matches nothing; an infinite expected value matches
        // only itself (its tolerance, ∞, would otherwise accept anything).
        c == e || (e.isFinite && abs(c - e) <= tolerance * max(1, abs(e)))
      }
  }

  /// The values rounded to six decimals, whole numbers without a decimal point; ±∞ and
  /// NaN as `inf`, `-inf` and `nan`, and magnitudes of 10¹⁵ or more in Swift's notation
  /// (`1e+20`), since they are no `Int` (and rounding to six decimals means nothing there).
  static func format(_ values: [Double]) -> String {
    let parts = values.map { v -> String in
      guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
      guard v.magnitude < 1e15 else { return "\(v)" }
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

  public init(title: String, notes: [String], checks: [DemoCheck]) {
    self.title = title
    self.notes = notes
    self.checks = checks
  }
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

/// A whole demo run: every section, then the count of checks passed and failed.
public struct DemoReport: Sendable {
  /// The sections, in order.
  public var sections: [DemoSection]

  public init(sections: [DemoSection]) { self.sections = sections }

  /// Every check of every section.
  public var checks: [DemoCheck] { sections.flatMap(\.checks) }

  /// The number of checks that failed (✗).
  public var failedCount: Int { checks.filter { !$0.passed }.count }

  /// The number of checks that passed (✓).
  public var passedCount: Int { checks.count - failedCount }

  /// `N passed, M failed`.
  public var summary: String { "\(passedCount) passed, \(failedCount) failed" }

  /// The sections separated by blank lines, then the summary line.
  public func rendered() -> String {
    (sections.map { $0.rendered() } + [summary]).joined(separator: "\n\n")
  }
}
