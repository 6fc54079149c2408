import Foundation

/// The text `autodiff train` prints: a header, one line per reported epoch, a summary.
public enum SpiralReport {
  /// The accuracy the example must reach (issue 19's acceptance).
  public static let targetAccuracy = 0.95

  /// The column titles above the progress lines.
  public static let header = "epoch        loss   accuracy"

  /// One progress line: the epoch, its loss and its accuracy.
  public static func line(_ epoch: SpiralTraining.Epoch) -> String {
    pad(String(epoch.number), 5) + "  " + pad(String(format: "%.6f", epoch.loss), 10) + "  "
      + pad(String(format: "%.1f %%", 100 * epoch.accuracy), 9)
  }

  /// The final loss and accuracy, with ✓ or ✗ against ``targetAccuracy``.
  public static func summary(loss: Double, accuracy: Double, epochs: Int) -> String {
    let mark = accuracy >= targetAccuracy ? "✓" : "✗"
    return "after \(epochs) epochs: loss " + String(format: "%.6f", loss) + ", accuracy "
      + String(format: "%.1f %%", 100 * accuracy) + " \(mark) (target ≥ "
      + String(format: "%.0f %%", 100 * targetAccuracy) + ")"
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }
}
