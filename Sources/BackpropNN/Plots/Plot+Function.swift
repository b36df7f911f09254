import Backprop

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

    /// A plot of `f` and of its derivative f′ computed by reverse-mode differentiation
    /// (``valueWithGradient(at:of:)`` at each sample): check a hand-derived derivative by eye,
    /// or show what backpropagation computes.
    ///
    /// ```swift
    /// let plot = Plot.functionAndDerivative(in: -4...4, title: "sigmoid") { x in x.sigmoid() }
    /// ```
    public static func functionAndDerivative(
        in range: ClosedRange<Double>, samples: Int = 201, title: String = "", xLabel: String = "x",
        functionLabel: String = "f(x)", derivativeLabel: String = "f′(x)", _ f: (Variable) -> Variable
    ) -> Plot {
        let xs = sampled(range, samples: samples)
        var values: [Double] = [], slopes: [Double] = []
        values.reserveCapacity(xs.count)
        slopes.reserveCapacity(xs.count)
        for x in xs {
            let (value, slope) = valueWithGradient(at: x, of: f)
            values.append(value)
            slopes.append(slope)
        }
        var plot = Plot(title: title, xLabel: xLabel)
        plot.addLine(x: xs, y: values, label: functionLabel)
        plot.addLine(x: xs, y: slopes, label: derivativeLabel, style: .dashed)
        return plot
    }

    /// `samples` (at least 2) evenly spaced points from the lower through the upper bound.
    static func sampled(_ range: ClosedRange<Double>, samples: Int) -> [Double] {
        let count = Swift.max(2, samples)
        let lower = range.lowerBound, upper = range.upperBound
        return (0..<count).map { $0 == count - 1 ? upper : lower + (upper - lower) * Double($0) / Double(count - 1) }
    }
}
