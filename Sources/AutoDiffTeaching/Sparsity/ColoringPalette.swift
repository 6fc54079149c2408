/// The fill colours of the pictures of a colouring: colour c of a colouring is drawn in
/// `ColoringPalette.color(c)` in every picture, so a column of J, its column of S and its
/// column of J·S share a colour.
///
/// The first twelve are distinguishable for colour-blind readers (Okabe & Ito's seven
/// without black, then five of Paul Tol's muted scheme); past them, hues step by the
/// golden angle, which keeps neighbouring colours apart.
public enum ColoringPalette {
  static let named = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
    "#882255", "#44AA99", "#999933", "#AA4499", "#332288",
  ]

  /// The fill of colour `c`, as `#RRGGBB`.
  public static func color(_ c: Int) -> String {
    if c >= 0 && c < named.count { return named[c] }
    let hue = (Double(c) * 137.508).truncatingRemainder(dividingBy: 360)
    return hex(fromHue: hue, saturation: 0.6, lightness: 0.5)
  }

  /// `color` moved a `fraction` of the way to white: a pale version for backgrounds.
  public static func tint(_ color: String, towardWhite fraction: Double) -> String {
    guard let rgb = components(color) else { return color }
    let mixed = rgb.map { $0 + (255 - $0) * fraction }
    return hex(mixed)
  }

  /// The red, green and blue of `#RRGGBB`, 0–255.
  static func components(_ color: String) -> [Double]? {
    guard color.count == 7, color.first == "#", let value = Int(color.dropFirst(), radix: 16) else { return nil }
    return [Double((value >> 16) & 0xFF), Double((value >> 8) & 0xFF), Double(value & 0xFF)]
  }

  static func hex(_ rgb: [Double]) -> String {
    "#" + rgb.map { component in
      let byte = Int(Swift.min(Swift.max(component.rounded(), 0), 255))
      let digits = String(byte, radix: 16, uppercase: true)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
  }

  /// HSL to `#RRGGBB` (hue in degrees, the others in 0…1).
  static func hex(fromHue hue: Double, saturation s: Double, lightness l: Double) -> String {
    let chroma = (1 - (2 * l - 1).magnitude) * s
    let h = hue / 60
    let x = chroma * (1 - (h.truncatingRemainder(dividingBy: 2) - 1).magnitude)
    let (r, g, b): (Double, Double, Double)
    switch h {
    case ..<1: (r, g, b) = (chroma, x, 0)
    case ..<2: (r, g, b) = (x, chroma, 0)
    case ..<3: (r, g, b) = (0, chroma, x)
    case ..<4: (r, g, b) = (0, x, chroma)
    case ..<5: (r, g, b) = (x, 0, chroma)
    default: (r, g, b) = (chroma, 0, x)
    }
    let m = l - chroma / 2
    return hex([r, g, b].map { ($0 + m) * 255 })
  }
}
