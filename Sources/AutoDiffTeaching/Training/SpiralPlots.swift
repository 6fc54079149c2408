import AutoDiff

/// The two pictures of `autodiff train`: the loss curve, and the decision boundary with
/// the data on top.
public enum SpiralPlots {
  /// The colours of the two classes: light for the predicted regions, dark for the points
  /// (Okabe–Ito blue and vermilion).
  static let regionColors = ["#cfe3f2", "#f6d7c3"]
  static let pointColors = ["#0072B2", "#D55E00"]

  /// The number of cells along each side of the decision-boundary grid.
  public static let gridSize = 80

  /// The cross-entropy per epoch, on a logarithmic axis.
  public static func lossCurve(_ history: [SpiralTraining.Epoch]) -> String {
    var plot = LinePlot(
      title: "Training loss, two spirals", xLabel: "epoch", yLabel: "cross-entropy",
      yScale: .logarithmic(base: 10))
    plot.series.append(
      .init(
        name: "full-batch Adam", points: history.map { (Double($0.number), $0.loss) },
        color: LinePlot.palette[0], showsMarkers: false))
    return plot.svg(width: 640, height: 420)
  }

  /// The class the model predicts over a ``gridSize``² grid covering the data (one `rect`
  /// per run of equal cells along a row), with each data point drawn on top (one `circle` per point) in its true
  /// class's colour.
  public static func decisionBoundary(of model: SpiralClassifier, data: SpiralData) -> String {
    let side = 480.0
    let margin = 40.0
    let extent = 1.1 * max(data.points.map { max(abs($0.x), abs($0.y)) }.max() ?? 1, 0.5)
    let n = gridSize
    let cell = 2 * extent / Double(n)
    var centres: [Double] = []
    for row in 0..<n {
      for column in 0..<n {
        centres += [-extent + (Double(column) + 0.5) * cell, extent - (Double(row) + 0.5) * cell]
      }
    }
    let predicted = model.predictions(Tensor(shape: [n * n, 2], scalars: centres))
    let scale = side / (2 * extent)
    func position(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
      (margin + (x + extent) * scale, margin + (extent - y) * scale)
    }

    var document = SVGDocument(width: side + 2 * margin, height: side + 2 * margin)
    document.text(
      "Decision boundary: predicted class, with the data", at: (margin + side / 2, 26), anchor: .middle,
      size: 15, weight: "bold")
    let pixel = side / Double(n)
    for row in 0..<n {
      // One rectangle per run of equal predictions along the row, which keeps the file
      // small; runs overlap their neighbours by a fraction of a pixel so no seams show.
      var start = 0
      while start < n {
        let label = predicted[row * n + start]
        var end = start + 1
        while end < n && predicted[row * n + end] == label { end += 1 }
        document.rectangle(
          x: margin + Double(start) * pixel, y: margin + Double(row) * pixel,
          width: Double(end - start) * pixel + 0.3, height: pixel + 0.3, fill: regionColors[label])
        start = end
      }
    }
    document.rectangle(x: margin, y: margin, width: side, height: side, stroke: "#888888")
    for (point, label) in zip(data.points, data.labels) {
      document.circle(center: position(point.x, point.y), radius: 3, fill: pointColors[label])
    }
    return document.rendered()
  }
}
