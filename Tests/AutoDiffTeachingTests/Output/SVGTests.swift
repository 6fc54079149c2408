import AutoDiffTeaching
import Foundation
import RealModule
import Testing

@Suite("SVG writer and plots")
struct SVGTests {
  @Test("text and attributes are escaped, control characters dropped")
  func escaping() {
    #expect(SVGDocument.escaped("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;")
    #expect(SVGDocument.escaped("bell\u{7}") == "bell")
    var document = SVGDocument(width: 100, height: 50)
    document.text("x < y & \"z\"\u{0}", at: (10, 20))
    document.line(from: (0, 0), to: (.nan, .infinity))
    let check = XMLCheck(document.rendered())
    #expect(check.isWellFormed, "\(check.error ?? "")")
    #expect(check.elements == ["svg", "rect", "text", "line"])
  }

  @Test("a bare ampersand is caught by the well-formedness check")
  func checkerCatchesErrors() {
    #expect(!XMLCheck("<svg><text>a & b</text></svg>").isWellFormed)
    #expect(!XMLCheck("<svg><text>a</svg>").isWellFormed)
    #expect(XMLCheck("<svg><text>a &amp; b</text></svg>").isWellFormed)
  }

  @Test("a plot with log axes, gaps, guides, a reference line and annotations is well-formed")
  func plot() {
    var plot = LinePlot(
      title: "Errors <&>", xLabel: "h", yLabel: "|error|", xScale: .logarithmic(base: 10),
      yScale: .logarithmic(base: 10))
    plot.series = [
      .init(name: "data", points: [(1e-3, 1e-2), (1e-2, 0), (1e-1, .nan), (1, 1)], color: LinePlot.palette[0]),
      .init(
        name: "guide", points: stride(from: -6.0, through: 3, by: 0.25).map { (Double.pow(10, $0), Double.pow(10, $0)) },
        color: "#555", dashed: true, isGuide: true),
    ]
    plot.referenceLines = [.init(x: 1e-2, label: "n = m")]
    plot.annotations = [.init("note", x: 1e-2, y: 1e-1), .init("off the chart", x: 1e9, y: 1)]
    let svg = plot.svg()
    let check = XMLCheck(svg)
    #expect(check.isWellFormed, "\(check.error ?? "")")
    #expect(svg.contains("Errors &lt;&amp;&gt;"))
    #expect(svg.contains(">10⁻³<"))
    #expect(svg.contains(">n = m<"))
    #expect(svg.contains(">note<"))
    #expect(!svg.contains("off the chart"))
    // The data line breaks at 0 and NaN, leaving single points and no polyline; the guide
    // is clipped to the data's range and drawn as one.
    #expect(check.elements.filter { $0 == "polyline" }.count == 1)
    #expect(check.elements.filter { $0 == "circle" }.count >= 2)
  }

  @Test("linear axes get round ticks")
  func linearTicks() {
    var plot = LinePlot(title: "t", xLabel: "x", yLabel: "y")
    plot.series = [.init(name: "s", points: [(0, 0.3), (7, 9.6)], color: "#000")]
    let svg = plot.svg()
    #expect(XMLCheck(svg).isWellFormed)
    for tick in [">0<", ">2<", ">4<", ">6<", ">8<", ">10<"] { #expect(svg.contains(tick), "\(tick)") }
  }

  @Test("the finite-difference plot is well-formed and shows both differences and the models")
  func finiteDifferencePlot() throws {
    let svg = try FiniteDifferenceStudy().svg()
    let check = XMLCheck(svg)
    #expect(check.isWellFormed, "\(check.error ?? "")")
    for label in ["forward difference", "central difference", "truncation |f″|h/2", "rounding ε|f|/h", "step h"] {
      #expect(svg.contains(label), "\(label)")
    }
  }

  /// The images committed under Docs/images and in the DocC catalog
  /// (Sources/AutoDiff/AutoDiff.docc, the sparsity pictures), found from this file's path.
  static func committedImages() throws -> [URL] {
    let root = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return try ["Docs/images", "Sources/AutoDiff/AutoDiff.docc"].flatMap { folder in
      try FileManager.default.contentsOfDirectory(
        at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
    }
    .filter { $0.pathExtension == "svg" }
    .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  @Test("every SVG committed under Docs/images and in the DocC catalog is well-formed XML with an svg root")
  func committedImagesAreWellFormed() throws {
    let images = try Self.committedImages()
    #expect(images.map(\.lastPathComponent).contains("compare.svg"))
    #expect(images.map(\.lastPathComponent).contains("finite-difference.svg"))
    #expect(images.map(\.lastPathComponent).contains("sparsity-chain-pattern.svg"))
    for image in images {
      let check = XMLCheck(try String(contentsOf: image, encoding: .utf8))
      #expect(check.isWellFormed, "\(image.lastPathComponent): \(check.error ?? "")")
      #expect(check.elements.first == "svg", "\(image.lastPathComponent)")
    }
  }
}
