/// Points (x[i], y[i]) drawn as dots, each coloured by its class when ``classes`` is given (as
/// the two moons, one colour per label) or all in one colour otherwise.
///
/// Points with a NaN or infinite coordinate, or outside a fixed axis range, are skipped.
///
/// ```swift
/// var plot = Plot(title: "Two moons")
/// plot.scatters.append(ScatterSeries(x: [0, 1, 0.5], y: [1, -0.5, 0.2], classes: [0, 1, 1],
///                                    classNames: ["upper", "lower"]))
/// ```
public struct ScatterSeries: Hashable, Sendable {
    /// The x coordinates of the points.
    public var x: [Double]
    /// The y coordinates of the points; only the first `min(x.count, y.count)` points are drawn.
    public var y: [Double]
    /// The class of each point (0, 1, 2, ...), coloured with ``PlotColor/palette(_:)``, or nil
    /// for points of one colour; points beyond the last class are not drawn.
    public var classes: [Int]?
    /// The legend names of the classes, by class; a class without a name is listed as
    /// `class c`.
    public var classNames: [String]
    /// The legend entry of points without classes, or nil for none.
    public var label: String?
    /// The colour of points without classes, or nil for the palette colour of the series'
    /// position among all series.
    public var color: PlotColor?
    /// The radius of each dot in pixels.
    public var radius: Double

    /// Points (x[i], y[i]), coloured by `classes` if given.
    ///
    /// ```swift
    /// let points = ScatterSeries(x: [0, 1], y: [1, 0], classes: [0, 1])
    /// ```
    public init(
        x: [Double], y: [Double], classes: [Int]? = nil, classNames: [String] = [], label: String? = nil,
        color: PlotColor? = nil, radius: Double = 3.5
    ) {
        self.x = x
        self.y = y
        self.classes = classes
        self.classNames = classNames
        self.label = label
        self.color = color
        self.radius = radius
    }

    /// The legend name of class `label`.
    func name(ofClass label: Int) -> String {
        label >= 0 && label < classNames.count ? classNames[label] : "class \(label)"
    }
}
