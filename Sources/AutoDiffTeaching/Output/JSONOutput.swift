import Foundation

/// The JSON that `--format json` prints: pretty, keys sorted, and non-finite numbers as
/// the strings `"inf"`, `"-inf"` and `"nan"` (JSON has no literal for them).
public enum JSONOutput {
  /// `value` encoded as JSON text.
  public static func encode<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self)
  }
}
