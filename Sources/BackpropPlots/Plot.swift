internal import Backprop
import Foundation

/// A chart drawn as a standalone SVG document, with no dependency: line series (loss curves, a
/// function and its derivative), scatter series coloured by class (the two moons), and the
/// shaded regions of a classifier (``decisionBoundary(x:y:labels:classNames:resolution:title:probability:)``,
/// and in BackpropNN the decision boundary of a model on a dataset).
///
/// A plot is a value: set its title and axis labels, add series, then read ``svg`` (a notebook
/// shows it as an `image/svg+xml` output) or ``write(to:)`` it to a file. Axes fit the data
/// with ticks at nice steps (1, 2 or 5 times a power of ten); NaN and infinite values are
/// skipped; lines are cut at the edges of the plotting area; colours come from the Okabe–Ito
/// palette, safe for colour-blind readers. The same plot always gives byte-identical SVG.
/// Misuse (arrays of different lengths...) is reported as a `BackpropError`, like the engine's.
///
/// ```swift
/// var plot = Plot(title: "Loss", xLabel: "epoch", yLabel: "cross-entropy", yScale: .logarithmic)
/// plot.addLine(trainLosses, label: "train")
/// plot.addLine(testLosses, label: "test", style: .dashed)
/// try plot.write(to: URL(fileURLWithPath: "loss.svg"))
///
/// var points = Plot(title: "Two classes")
/// points.addScatter(x: [0, 1, 2, 3], y: [1, 0, 1, 0], classes: [0, 0, 1, 1], classNames: ["left", "right"])
/// print(points.svg)
/// ```
public struct Plot: Hashable, Sendable {
    /// The title above the plotting area; empty for none.
    public var title: String
    /// The label under the x axis; empty for none.
    public var xLabel: String
    /// The label beside the y axis; empty for none.
    public var yLabel: String
    /// How the x axis maps values to positions.
    public var xScale: AxisScale
    /// How the y axis maps values to positions; ``AxisScale/logarithmic`` suits loss curves.
    public var yScale: AxisScale
    /// The x values shown, or nil to fit the data (with a margin of 5% when there are points).
    /// Lines are cut and points left out beyond it. On a logarithmic axis both bounds must be
    /// positive; otherwise the data's range is used.
    ///
    /// ```swift
    /// plot.xRange = 0...10
    /// ```
    public var xRange: ClosedRange<Double>?
    /// The y values shown, or nil to fit the data with a margin of 5%. Lines are cut and points
    /// left out beyond it. On a logarithmic axis both bounds must be positive; otherwise the
    /// data's range is used.
    ///
    /// ```swift
    /// plot.yRange = 0...1   // accuracy
    /// ```
    public var yRange: ClosedRange<Double>?
    /// Where the legend goes, if any series is labelled.
    public var legend: LegendPlacement
    /// The width of the image in pixels (at least 100).
    public var width: Int
    /// The height of the image in pixels (at least 80).
    public var height: Int
    /// The line series, drawn in order below the scatter series.
    public var lines: [LineSeries]
    /// The scatter series, drawn in order above the lines.
    public var scatters: [ScatterSeries]
    /// The shaded decision regions under everything else, if this is a decision-boundary plot.
    var regions: DecisionRegions?

    /// An empty plot; add series with ``addLine(x:y:label:color:style:)`` and
    /// ``addScatter(x:y:classes:classNames:label:color:)``.
    ///
    /// ```swift
    /// var plot = Plot(title: "Loss", xLabel: "epoch", yLabel: "loss", yScale: .logarithmic)
    /// ```
    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        width: Int = 640, height: Int = 400
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.xRange = nil
        self.yRange = nil
        self.legend = .automatic
        self.width = width
        self.height = height
        self.lines = []
        self.scatters = []
        self.regions = nil
    }

    /// Adds a line through (x[i], y[i]); a point with a NaN or infinite coordinate breaks the
    /// line. The color defaults to the next palette colour.
    ///
    /// ```swift
    /// plot.addLine(x: [0, 1, 2, 3], y: [0, 1, 4, 9], label: "x²")
    /// ```
    ///
    /// Arrays of different lengths are reported as a ``BackpropError`` (thrown inside
    /// `withErrorChecking`) and nothing is added.
    public mutating func addLine(x: [Double], y: [Double], label: String? = nil, color: PlotColor? = nil, style: LineStyle = .solid) {
        guard x.count == y.count else {
            BackpropError(
                .shapeMismatch, operation: "Plot.addLine(x:y:)", problem: "\(x.count) x values for \(y.count) y values",
                fix: "Pass one x value per y value").raise()
            return
        }
        lines.append(LineSeries(x: x, y: y, label: label, color: color, style: style))
    }

    /// Adds a line through (x[i], y[i]) of any floating-point type, such as `Float` losses.
    ///
    /// ```swift
    /// let epochs: [Float] = [1, 2, 3], losses: [Float] = [0.9, 0.5, 0.3]
    /// plot.addLine(x: epochs, y: losses, label: "train")
    /// ```
    public mutating func addLine<Value: BinaryFloatingPoint>(
        x: [Value], y: [Value], label: String? = nil, color: PlotColor? = nil, style: LineStyle = .solid
    ) {
        addLine(x: x.map { Double($0) }, y: y.map { Double($0) }, label: label, color: color, style: style)
    }

    /// Adds a line through (i, y[i]) for i = 0, 1, 2, ..., as matplotlib's `plot(y)`: a loss per
    /// epoch or per step.
    ///
    /// ```swift
    /// plot.addLine([2.3, 1.1, 0.6, 0.4], label: "train")
    /// ```
    public mutating func addLine(_ y: [Double], label: String? = nil, color: PlotColor? = nil, style: LineStyle = .solid) {
        addLine(x: y.indices.map(Double.init), y: y, label: label, color: color, style: style)
    }

    /// Adds a line through (i, y[i]) for i = 0, 1, 2, ... of any floating-point type.
    ///
    /// ```swift
    /// let losses: [Float] = [2.3, 1.1, 0.6]
    /// plot.addLine(losses, label: "train")
    /// ```
    public mutating func addLine<Value: BinaryFloatingPoint>(_ y: [Value], label: String? = nil, color: PlotColor? = nil, style: LineStyle = .solid) {
        addLine(y.map { Double($0) }, label: label, color: color, style: style)
    }

    /// Adds points (x[i], y[i]), coloured by `classes` (0, 1, 2, ...) when given, with
    /// `classNames` in the legend; points without classes take `color` or the next palette
    /// colour, and `label` in the legend.
    ///
    /// ```swift
    /// plot.addScatter(x: [0, 1, 2], y: [1, 0, 1], classes: [0, 1, 0], classNames: ["no", "yes"])
    /// ```
    ///
    /// Arrays of different lengths or a negative class are reported as a ``BackpropError``
    /// and nothing is added.
    public mutating func addScatter(
        x: [Double], y: [Double], classes: [Int]? = nil, classNames: [String] = [], label: String? = nil, color: PlotColor? = nil
    ) {
        let operation = "Plot.addScatter(x:y:classes:)"
        guard x.count == y.count else {
            BackpropError(.shapeMismatch, operation: operation, problem: "\(x.count) x values for \(y.count) y values",
                          fix: "Pass one x value per y value").raise()
            return
        }
        if let classes {
            guard classes.count == x.count else {
                BackpropError(.shapeMismatch, operation: operation, problem: "\(classes.count) classes for \(x.count) points",
                              fix: "Pass one class per point").raise()
                return
            }
            if let position = classes.firstIndex(where: { $0 < 0 }) {
                BackpropError(.invalidArgument, operation: operation, problem: "class \(classes[position]) of point \(position) is negative",
                              fix: "Number the classes 0, 1, 2, ...").raise()
                return
            }
        }
        scatters.append(ScatterSeries(x: x, y: y, classes: classes, classNames: classNames, label: label, color: color))
    }

    /// The plot as a complete standalone SVG document (`<svg xmlns=... viewBox=...>...</svg>`,
    /// one element per line), identical for identical plots.
    ///
    /// ```swift
    /// let text = plot.svg
    /// text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"")   // true
    /// ```
    public var svg: String {
        PlotRenderer(plot: self).render()
    }

    /// Writes ``svg`` to the file at `url`, UTF-8 encoded, atomically: the text goes to a
    /// temporary file that is then renamed over `url`, so a reader (a notebook viewer, a web
    /// page reloading) never sees half a file.
    ///
    /// ```swift
    /// try plot.write(to: URL(fileURLWithPath: "moons.svg"))
    /// ```
    ///
    /// - Throws: Foundation's file error when the file cannot be written.
    public func write(to url: URL) throws {
        try Data(svg.utf8).write(to: url, options: .atomic)
    }
}
