extension Plot {
    /// A plot of `f` over `range`, sampled at `samples` evenly spaced points, and of its
    /// `derivative` (dashed) when given: the picture of a function next to its slope.
    ///
    /// ```swift
    /// let plot = Plot.function({ Double.tanh($0) }, derivative: { 1 - Double.tanh($0) * Double.tanh($0) },
    ///                          in: -3...3, title: "tanh and its derivative")
    /// ```
    ///
    /// Values that are NaN or infinite (1/x at 0, log x for x ≤ 0) are skipped and leave a gap.
    public static func function(
        _ f: (Double) -> Double, derivative: ((Double) -> Double)? = nil, in range: ClosedRange<Double>, samples: Int = 201,
        title: String = "", xLabel: String = "x", functionLabel: String = "f(x)", derivativeLabel: String = "f′(x)"
    ) -> Plot {
        let xs = sampled(range, samples: samples)
        var plot = Plot(title: title, xLabel: xLabel)
        plot.addLine(x: xs, y: xs.map(f), label: functionLabel)
        if let derivative {
            plot.addLine(x: xs, y: xs.map(derivative), label: derivativeLabel, style: .dashed)
        }
        return plot
    }

    /// `samples` (at least 2) evenly spaced points from the lower through the upper bound.
    static func sampled(_ range: ClosedRange<Double>, samples: Int) -> [Double] {
        let count = Swift.max(2, samples)
        let lower = range.lowerBound, upper = range.upperBound
        return (0..<count).map { $0 == count - 1 ? upper : lower + (upper - lower) * Double($0) / Double(count - 1) }
    }
}
