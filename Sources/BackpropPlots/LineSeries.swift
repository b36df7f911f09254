/// A line through points (x[i], y[i]) in order, as matplotlib's `plot(x, y)`: a loss curve, a
/// function, its derivative.
///
/// A point with a NaN or infinite coordinate (or one a logarithmic axis cannot show) is
/// skipped and breaks the line there, so a gap shows where values are missing. The line is cut
/// at the edges of the plotting area.
///
/// ```swift
/// var plot = Plot(title: "tanh")
/// let xs = (0...100).map { -3 + 6 * Double($0) / 100 }
/// plot.lines.append(LineSeries(x: xs, y: xs.map { Double.tanh($0) }, label: "tanh x"))
/// ```
public struct LineSeries: Hashable, Sendable {
    /// The x coordinates of the points.
    public var x: [Double]
    /// The y coordinates of the points; only the first `min(x.count, y.count)` points are drawn.
    public var y: [Double]
    /// The legend entry, or nil for a line left out of the legend.
    public var label: String?
    /// The stroke colour, or nil for the palette colour of the line's position in
    /// ``Plot/lines``.
    public var color: PlotColor?
    /// Solid, dashed or dotted.
    public var style: LineStyle
    /// The stroke width in pixels.
    public var lineWidth: Double

    /// A line through (x[i], y[i]).
    ///
    /// ```swift
    /// let line = LineSeries(x: [0, 1, 2], y: [1, 0.5, 0.25], label: "loss", style: .dashed)
    /// ```
    public init(x: [Double], y: [Double], label: String? = nil, color: PlotColor? = nil, style: LineStyle = .solid, lineWidth: Double = 2) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.style = style
        self.lineWidth = lineWidth
    }
}
