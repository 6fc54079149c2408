/// Reads the counts given to `autodiff compare`: `16`, or a list such as `1,2,4,8`.
public enum CountList {
  /// A comma-separated list of positive integers.
  public static func parse(_ text: String, option: String, limit: Int = 4096) throws(InputError) -> [Int] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    var counts: [Int] = []
    for part in parts {
      counts.append(try parseOne(String(part), option: option, limit: limit))
    }
    return counts
  }

  /// One positive integer at most `limit`.
  public static func parseOne(_ text: String, option: String, limit: Int = 4096) throws(InputError) -> Int {
    let trimmed = text.trimmingWhitespace()
    guard let count = Int(trimmed) else {
      throw InputError(.badNumber, "bad number '\(trimmed)' for \(option): expected a whole number such as 16")
    }
    guard count >= 1 && count <= limit else {
      throw InputError(.badNumber, "bad number \(count) for \(option): expected 1 to \(limit)")
    }
    return count
  }
}
