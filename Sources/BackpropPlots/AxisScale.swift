/// How an axis maps values to positions.
///
/// A logarithmic axis suits loss curves, which fall over several orders of magnitude; values
/// that are zero or negative cannot be placed on it and are skipped, as NaN values are.
///
/// ```swift
/// var plot = Plot(title: "Training loss", xLabel: "epoch", yLabel: "loss", yScale: .logarithmic)
/// plot.addLine(losses, label: "train")
/// ```
public enum AxisScale: Hashable, Sendable, CaseIterable {
    /// Equal distances for equal differences; ticks at 1, 2 or 5 times a power of ten apart.
    case linear
    /// Equal distances for equal ratios; ticks at powers of ten (and at 2 and 5 times them
    /// when the axis spans less than two decades).
    case logarithmic
}
