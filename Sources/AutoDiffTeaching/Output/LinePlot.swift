import Foundation

/// A line chart drawn with ``SVGDocument``: labelled axes, linear or logarithmic scales,
/// several series with a legend, vertical reference lines and text annotations.
///
/// ```swift
/// var plot = LinePlot(title: "Error of the forward difference", xLabel: "step h",
///                     yLabel: "|error|", xScale: .logarithmic(base: 10), yScale: .logarithmic(base: 10))
/// plot.series.append(.init(name: "forward", points: errors, color: LinePlot.palette[0]))
/// let svg = plot.svg(width: 640, height: 420)
/// ```
///
/// Points that a scale cannot show (non-finite values, or values ≤ 0 on a logarithmic
/// scale) break the line instead of bending it to the edge.
public struct LinePlot: Sendable {
  /// How data values map to positions along an axis.
  public enum Scale: Sendable, Equatable {
    case linear
    /// Equal distances for equal ratios; ticks at the powers of `base`.
    case logarithmic(base: Double)
  }

  /// One line of the chart.
  public struct Series: Sendable {
    /// The legend's text.
    public var name: String
    /// The data, in drawing order.
    public var points: [(x: Double, y: Double)]
    /// An SVG colour, such as `#0072B2`.
    public var color: String
    /// Whether the line is dashed.
    public var dashed: Bool
    /// Whether each point gets a dot.
    public var showsMarkers: Bool
    /// A guide (such as a model error curve) is drawn thinner and does not stretch the
    /// axes: it is clipped to the range of the data series.
    public var isGuide: Bool

    /// A series; by default a solid line with a dot at each point.
    public init(
      name: String, points: [(x: Double, y: Double)], color: String, dashed: Bool = false,
      showsMarkers: Bool = true, isGuide: Bool = false
    ) {
      self.name = name
      self.points = points
      self.color = color
      self.dashed = dashed
      self.showsMarkers = showsMarkers
      self.isGuide = isGuide
    }
  }

  /// A dashed vertical line across the plot at `x`, labelled at the top.
  public struct ReferenceLine: Sendable {
    /// Where the line crosses the x axis, in data units.
    public var x: Double
    /// The text at its top.
    public var label: String

    /// A reference line at `x`.
    public init(x: Double, label: String) {
      self.x = x
      self.label = label
    }
  }

  /// A text placed at a data position.
  public struct Annotation: Sendable {
    /// The text, drawn starting at (x, y).
    public var text: String
    /// The position, in data units.
    public var x: Double
    public var y: Double
    /// An SVG colour.
    public var color: String

    /// A text at (`x`, `y`).
    public init(_ text: String, x: Double, y: Double, color: String = "#444444") {
      self.text = text
      self.x = x
      self.y = y
      self.color = color
    }
  }

  /// Colours that stay distinguishable for colour-blind readers (Okabe and Ito).
  public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]

  /// The heading above the chart.
  public var title: String
  /// The axis titles.
  public var xLabel: String
  public var yLabel: String
  /// The axis scales.
  public var xScale: Scale
  public var yScale: Scale
  /// The lines, drawn in order and listed in the legend.
  public var series: [Series] = []
  /// Dashed vertical lines, such as n = m.
  public var referenceLines: [ReferenceLine] = []
  /// Texts placed at data positions; those outside the axes are left out.
  public var annotations: [Annotation] = []
  /// Writes tick labels; the default prints powers as `10⁻³` and other values plainly.
  public var xTickLabel: (@Sendable (Double) -> String)?
  public var yTickLabel: (@Sendable (Double) -> String)?

  /// An empty chart; add ``series`` to it.
  public init(title: String, xLabel: String, yLabel: String, xScale: Scale = .linear, yScale: Scale = .linear) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
  }

  /// The chart alone as a standalone SVG file.
  public func svg(width: Double = 640, height: Double = 440) -> String {
    var document = SVGDocument(width: width, height: height)
    draw(in: &document, x: 0, y: 0, width: width, height: height)
    return document.rendered()
  }

  /// Several charts side by side in one SVG file.
  public static func svg(panels: [LinePlot], panelWidth: Double = 560, panelHeight: Double = 440) -> String {
    var document = SVGDocument(width: panelWidth * Double(panels.count), height: panelHeight)
    for (index, panel) in panels.enumerated() {
      panel.draw(in: &document, x: panelWidth * Double(index), y: 0, width: panelWidth, height: panelHeight)
    }
    return document.rendered()
  }

  /// Draws the chart into the rectangle at (`x`, `y`) of the given size.
  public func draw(in document: inout SVGDocument, x: Double, y: Double, width: Double, height: Double) {
    let legendRows = legendLayout(width: width - 90).last.map { $0.row + 1 } ?? 0
    let plot = (
      left: x + 78, right: x + width - 22, top: y + 48,
      bottom: y + height - 62 - 18 * Double(legendRows)
    )
    let xAxis = Axis(scale: xScale, values: dataValues(\.x) + referenceLines.map(\.x))
    let yAxis = Axis(scale: yScale, values: dataValues(\.y))
    func position(_ point: (x: Double, y: Double)) -> (x: Double, y: Double) {
      (
        plot.left + xAxis.fraction(point.x) * (plot.right - plot.left),
        plot.bottom - yAxis.fraction(point.y) * (plot.bottom - plot.top)
      )
    }

    document.text(title, at: (x + width / 2, y + 26), anchor: .middle, size: 15, weight: "bold")
    document.rectangle(
      x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top,
      fill: "white", stroke: "#888888")

    for tick in xAxis.ticks {
      let px = position((tick, yAxis.lower)).x
      document.line(from: (px, plot.top), to: (px, plot.bottom), stroke: "#e4e4e4")
      document.line(from: (px, plot.bottom), to: (px, plot.bottom + 5), stroke: "#888888")
      document.text(
        (xTickLabel ?? xAxis.defaultLabel)(tick), at: (px, plot.bottom + 19), anchor: .middle, size: 11)
    }
    for tick in yAxis.ticks {
      let py = position((xAxis.lower, tick)).y
      document.line(from: (plot.left, py), to: (plot.right, py), stroke: "#e4e4e4")
      document.line(from: (plot.left - 5, py), to: (plot.left, py), stroke: "#888888")
      document.text(
        (yTickLabel ?? yAxis.defaultLabel)(tick), at: (plot.left - 8, py + 4), anchor: .end, size: 11)
    }
    document.text(xLabel, at: ((plot.left + plot.right) / 2, plot.bottom + 40), anchor: .middle, size: 13)
    document.text(
      yLabel, at: (x + 18, (plot.top + plot.bottom) / 2), anchor: .middle, size: 13, rotation: -90)

    for line in referenceLines where xAxis.contains(line.x) {
      let px = position((line.x, yAxis.lower)).x
      document.line(from: (px, plot.top), to: (px, plot.bottom), stroke: "#666666", strokeWidth: 1.5, dashed: true)
      document.text(line.label, at: (px + 4, plot.top + 14), size: 12, fill: "#444444")
    }

    for series in self.series {
      let visible: ((x: Double, y: Double)) -> Bool = { point in
        xAxis.canShow(point.x) && yAxis.canShow(point.y)
          && (!series.isGuide || (xAxis.contains(point.x) && yAxis.contains(point.y)))
      }
      for run in Self.runs(of: series.points, where: visible) where run.count > 1 {
        document.polyline(
          run.map(position), stroke: series.color, strokeWidth: series.isGuide ? 1.25 : 2,
          dashed: series.dashed)
      }
      if series.showsMarkers {
        for point in series.points where visible(point) {
          document.circle(center: position(point), radius: 3, fill: series.color)
        }
      }
    }

    for annotation in annotations where xAxis.contains(annotation.x) && yAxis.contains(annotation.y) {
      document.text(annotation.text, at: position((annotation.x, annotation.y)), size: 12, fill: annotation.color)
    }

    for item in legendLayout(width: width - 90) {
      let left = plot.left + item.offset
      let top = plot.bottom + 58 + 18 * Double(item.row)
      let series = self.series[item.series]
      document.line(
        from: (left, top - 4), to: (left + 22, top - 4), stroke: series.color,
        strokeWidth: series.isGuide ? 1.25 : 2, dashed: series.dashed)
      if series.showsMarkers { document.circle(center: (left + 11, top - 4), radius: 3, fill: series.color) }
      document.text(series.name, at: (left + 28, top), size: 12)
    }
  }

  private func dataValues(_ coordinate: KeyPath<(x: Double, y: Double), Double>) -> [Double] {
    series.filter { !$0.isGuide }.flatMap { $0.points.map { $0[keyPath: coordinate] } }
  }

  /// Legend entries placed left to right, wrapping into rows of at most `width`.
  private func legendLayout(width: Double) -> [(series: Int, row: Int, offset: Double)] {
    var layout: [(series: Int, row: Int, offset: Double)] = []
    var row = 0
    var offset = 0.0
    for (index, series) in series.enumerated() {
      let itemWidth = 40 + 6.6 * Double(series.name.count)
      if offset > 0 && offset + itemWidth > width {
        row += 1
        offset = 0
      }
      layout.append((index, row, offset))
      offset += itemWidth + 8
    }
    return layout
  }

  /// The maximal runs of consecutive points that pass `isVisible`.
  static func runs(of points: [(x: Double, y: Double)], where isVisible: ((x: Double, y: Double)) -> Bool)
    -> [[(x: Double, y: Double)]]
  {
    var runs: [[(x: Double, y: Double)]] = [[]]
    for point in points {
      if isVisible(point) {
        runs[runs.count - 1].append(point)
      } else if !runs[runs.count - 1].isEmpty {
        runs.append([])
      }
    }
    return runs.filter { !$0.isEmpty }
  }
}

/// One axis of a ``LinePlot``: its range, its ticks, and where a value falls along it.
struct Axis {
  let scale: LinePlot.Scale
  let lower: Double
  let upper: Double
  let ticks: [Double]

  init(scale: LinePlot.Scale, values: [Double]) {
    self.scale = scale
    switch scale {
    case .logarithmic(let base):
      let shown = values.filter { $0.isFinite && $0 > 0 }
      let logs = shown.map { Foundation.log($0) / Foundation.log(base) }
      var low = (logs.min() ?? 0).rounded(.down)
      var high = (logs.max() ?? 1).rounded(.up)
      if high <= low { (low, high) = (low - 1, high + 1) }
      lower = Foundation.pow(base, low)
      upper = Foundation.pow(base, high)
      let decades = Int(high - low)
      let step = Swift.max(1, Int((Double(decades) / 8).rounded(.up)))
      ticks = stride(from: Int(low), through: Int(high), by: step).map { Foundation.pow(base, Double($0)) }
    case .linear:
      let shown = values.filter(\.isFinite)
      var low = shown.min() ?? 0
      var high = shown.max() ?? 1
      if high <= low { (low, high) = (low - 1, high + 1) }
      let rough = (high - low) / 5
      let magnitude = Foundation.pow(10, (Foundation.log10(rough)).rounded(.down))
      let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
      lower = (low / step).rounded(.down) * step
      upper = (high / step).rounded(.up) * step
      ticks = stride(from: lower, through: upper + step / 2, by: step).map { $0 }
    }
  }

  private func transformed(_ value: Double) -> Double {
    if case .logarithmic = scale { return Foundation.log(value) }
    return value
  }

  /// Where `value` falls between the lower (0) and upper (1) end of the axis.
  func fraction(_ value: Double) -> Double {
    (transformed(value) - transformed(lower)) / (transformed(upper) - transformed(lower))
  }

  /// Whether the scale can place `value` at all.
  func canShow(_ value: Double) -> Bool {
    if case .logarithmic = scale { return value.isFinite && value > 0 }
    return value.isFinite
  }

  /// Whether `value` lies within the axis range (with rounding slack).
  func contains(_ value: Double) -> Bool {
    guard canShow(value) else { return false }
    let f = fraction(value)
    return f >= -1e-9 && f <= 1 + 1e-9
  }

  func defaultLabel(_ value: Double) -> String {
    if case .logarithmic(let base) = scale {
      let exponent = Int((Foundation.log(value) / Foundation.log(base)).rounded())
      if base == 10 { return NumberFormat.powerOfTen(exponent) }
      if exponent >= 0 { return NumberFormat.value(value) }
      return NumberFormat.value(base) + NumberFormat.superscript(exponent)
    }
    return NumberFormat.value(value, significantDigits: 6)
  }
}
