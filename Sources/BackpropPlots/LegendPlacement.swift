/// Where a plot draws its legend: in a corner inside the plotting area, or nowhere.
///
/// The legend lists each labelled line and, for scatter series with classes, each class. With
/// ``automatic`` it goes to the corner that covers the fewest points and line segments.
///
/// ```swift
/// var plot = Plot(title: "Loss")
/// plot.legend = .bottomLeft
/// ```
public enum LegendPlacement: Hashable, Sendable, CaseIterable {
    /// The corner where the legend hides the least data; top right when several tie.
    case automatic
    /// The top left corner of the plotting area.
    case topLeft
    /// The top right corner of the plotting area.
    case topRight
    /// The bottom left corner of the plotting area.
    case bottomLeft
    /// The bottom right corner of the plotting area.
    case bottomRight
    /// No legend.
    case hidden
}
