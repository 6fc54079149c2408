/// A small SVG writer: shapes and text appended in drawing order, written out as one
/// standalone, well-formed SVG file.
///
/// Every attribute value and text node is escaped, so labels may contain `<`, `&` or
/// quotes. Coordinates are in user units (pixels) with y growing downwards.
public struct SVGDocument: Sendable {
  /// The drawing's width and height.
  public var width: Double
  public var height: Double
  private var elements: [String] = []

  /// An empty drawing with a white background.
  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
    rectangle(x: 0, y: 0, width: width, height: height, fill: "white")
  }

  /// A straight line.
  public mutating func line(
    from start: (x: Double, y: Double), to end: (x: Double, y: Double),
    stroke: String = "black", strokeWidth: Double = 1, dashed: Bool = false
  ) {
    var attributes = [
      ("x1", Self.number(start.x)), ("y1", Self.number(start.y)),
      ("x2", Self.number(end.x)), ("y2", Self.number(end.y)),
      ("stroke", stroke), ("stroke-width", Self.number(strokeWidth)),
    ]
    if dashed { attributes.append(("stroke-dasharray", "6 4")) }
    element("line", attributes)
  }

  /// A line through `points`, in order.
  public mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, strokeWidth: Double = 2,
    dashed: Bool = false
  ) {
    let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
    var attributes = [
      ("points", list), ("fill", "none"), ("stroke", stroke),
      ("stroke-width", Self.number(strokeWidth)), ("stroke-linejoin", "round"),
    ]
    if dashed { attributes.append(("stroke-dasharray", "6 4")) }
    element("polyline", attributes)
  }

  /// A rectangle.
  public mutating func rectangle(
    x: Double, y: Double, width: Double, height: Double, fill: String = "none",
    stroke: String? = nil, strokeWidth: Double = 1, cornerRadius: Double = 0
  ) {
    var attributes = [
      ("x", Self.number(x)), ("y", Self.number(y)),
      ("width", Self.number(width)), ("height", Self.number(height)), ("fill", fill),
    ]
    if let stroke { attributes.append(("stroke", stroke)) }
    if strokeWidth != 1 { attributes.append(("stroke-width", Self.number(strokeWidth))) }
    if cornerRadius > 0 { attributes.append(("rx", Self.number(cornerRadius))) }
    element("rect", attributes)
  }

  /// A filled polygon through `points`, such as an arrowhead.
  public mutating func polygon(_ points: [(x: Double, y: Double)], fill: String) {
    let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
    element("polygon", [("points", list), ("fill", fill)])
  }

  /// A filled circle, used as a data marker.
  public mutating func circle(center: (x: Double, y: Double), radius: Double, fill: String) {
    element(
      "circle",
      [
        ("cx", Self.number(center.x)), ("cy", Self.number(center.y)),
        ("r", Self.number(radius)), ("fill", fill),
      ])
  }

  /// Where a text's anchor point sits along the text.
  public enum TextAnchor: String, Sendable {
    case start, middle, end
  }

  /// A line of text whose baseline starts, centres or ends at `position`, optionally
  /// rotated about that point (degrees, clockwise).
  public mutating func text(
    _ content: String, at position: (x: Double, y: Double), anchor: TextAnchor = .start,
    size: Double = 12, weight: String? = nil, fill: String = "black", rotation: Double = 0
  ) {
    var attributes = [
      ("x", Self.number(position.x)), ("y", Self.number(position.y)),
      ("text-anchor", anchor.rawValue), ("font-size", Self.number(size)),
      ("font-family", "Helvetica, Arial, sans-serif"), ("fill", fill),
    ]
    if let weight { attributes.append(("font-weight", weight)) }
    if rotation != 0 {
      attributes.append(
        ("transform", "rotate(\(Self.number(rotation)) \(Self.number(position.x)) \(Self.number(position.y)))"))
    }
    element("text", attributes, content: content)
  }

  /// The whole document as SVG text.
  public func rendered() -> String {
    var lines = [
      #"<?xml version="1.0" encoding="UTF-8"?>"#,
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" "
        + "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\">",
    ]
    lines += elements.map { "  " + $0 }
    lines.append("</svg>")
    return lines.joined(separator: "\n") + "\n"
  }

  private mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
    let list = attributes.map { "\($0.0)=\"\(Self.escaped($0.1))\"" }.joined(separator: " ")
    if let content {
      elements.append("<\(name) \(list)>\(Self.escaped(content))</\(name)>")
    } else {
      elements.append("<\(name) \(list)/>")
    }
  }

  /// `text` with the five XML special characters replaced by entities.
  public static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
          scalar.value < 0x20, scalar != "\t", scalar != "\n", scalar != "\r"
        {
          continue
        }
        result.append(character)
      }
    }
    return result
  }

  /// A coordinate with at most two decimals, which is finer than a pixel. Values far
  /// outside any drawing are clamped so that they still print as plain numbers.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let rounded = (Swift.min(Swift.max(x, -1e9), 1e9) * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(rounded)
  }
}
