import Foundation

/// How the teaching commands write numbers for people: short, with units, and exact
/// where the value is exact.
public enum NumberFormat {
  /// A value as a person would write it: `7`, `-1.125`, `0.8414709848`, `1.5e-09`.
  ///
  /// Integers print without a fraction; other values with up to `significantDigits`
  /// significant digits, in scientific notation when very large or small.
  public static func value(_ x: Double, significantDigits: Int = 10) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    if x == x.rounded(), x.magnitude < 1e15 { return String(Int64(x)) }
    let text = String(format: "%.\(significantDigits)g", x)
    return tidyExponent(text)
  }

  /// A value in scientific notation with `digits` digits after the point: `8.80e-01`.
  public static func scientific(_ x: Double, digits: Int = 2) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return String(format: "%.\(digits)e", x)
  }

  /// A duration with a unit chosen to keep three significant digits: `812 ns`, `1.23 ms`.
  ///
  /// With `significantDigits`, the number is written as short as it can be instead
  /// (`1 µs`, `10 ms`), as axis ticks want.
  public static func duration(seconds: Double, significantDigits: Int? = nil) -> String {
    let units: [(String, Double)] = [("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)]
    for (unit, scale) in units where seconds >= scale * (1 - 1e-9) || unit == "ns" {
      let scaled = seconds / scale
      if let significantDigits { return value(scaled, significantDigits: significantDigits) + " " + unit }
      return threeSignificant(scaled) + " " + unit
    }
    return "0 s"
  }

  /// A size in bytes with a binary unit: `272 B`, `12.5 KiB`, `3.10 MiB`.
  public static func bytes(_ count: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(count) B" : threeSignificant(value) + " " + units[unit]
  }

  /// An integer with thousands separated by commas: `262,144`.
  public static func count(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var grouped = ""
    for (offset, digit) in digits.enumerated() {
      if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
      grouped.append(digit)
    }
    return (n < 0 ? "-" : "") + grouped
  }

  /// `10⁻³`-style power of ten with a superscript exponent.
  public static func powerOfTen(_ exponent: Int) -> String {
    "10" + superscript(exponent)
  }

  /// An integer in superscript digits: `⁻¹²`.
  public static func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    let body = String(n.magnitude).map { digits[Int(String($0))!] }
    return (n < 0 ? "⁻" : "") + String(body)
  }

  static func threeSignificant(_ x: Double) -> String {
    if x >= 100 { return String(format: "%.0f", x) }
    if x >= 10 { return String(format: "%.1f", x) }
    return String(format: "%.2f", x)
  }

  /// `1.5e-09` → `1.5e-9`, `2e+20` → `2e20`: C's exponent padding helps no reader.
  static func tidyExponent(_ text: String) -> String {
    guard let e = text.firstIndex(of: "e") else { return text }
    let mantissa = text[..<e]
    var exponent = text[text.index(after: e)...]
    var sign = ""
    if exponent.first == "-" { sign = "-" }
    if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
    let trimmed = exponent.drop { $0 == "0" }
    return mantissa + "e" + sign + (trimmed.isEmpty ? "0" : trimmed)
  }
}
