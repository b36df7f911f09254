import Foundation

extension Plot {
    /// The decision-boundary plot of a two-class classifier of single points: `probability`
    /// gives the probability that (x, y) is in class 1 (clamped to [0, 1]; NaN leaves the cell
    /// blank). It suits models made of scalar `Variable`s; BackpropNN draws the boundary of a
    /// tensor model on a dataset.
    ///
    /// ```swift
    /// let plot = Plot.decisionBoundary(x: [-1, 1, -0.5, 0.7], y: [0, 0, 1, -1], labels: [0, 1, 0, 1]) { x, _ in
    ///     x > 0 ? 1 : 0
    /// }
    /// ```
    ///
    /// Arrays of different lengths or a negative label are reported as a `BackpropError`; the
    /// plot is then empty.
    public static func decisionBoundary(
        x: [Double], y: [Double], labels: [Int], classNames: [String] = [], resolution: Int = 100, title: String = "",
        probability: (Double, Double) -> Double
    ) -> Plot {
        var plot = Plot(decisionBoundaryTitle: title)
        plot.addScatter(x: x, y: y, classes: labels, classNames: classNames)
        guard !plot.scatters.isEmpty else { return plot }
        plot.shadeDecisionRegions(aroundX: x, y: y, resolution: resolution, output: .probability) { centres in
            (stride(from: centres.startIndex, to: centres.endIndex, by: 2).map { probability(centres[$0], centres[$0 + 1]) }, 1)
        }
        return plot
    }

    /// An empty decision-boundary plot: axes x₁ and x₂, and a size that suits a square grid.
    package init(decisionBoundaryTitle title: String) {
        self.init(title: title, xLabel: "x₁", yLabel: "x₂", width: 520, height: 460)
    }

    /// The number of grid points a classifier is given at once.
    static let decisionBatchSize = 4096

    /// Shades the plane around the points (x, y) by a classifier's prediction on a grid of
    /// `resolution` × `resolution` cells (2 to 1000). `scores` receives the centres of a batch of
    /// cells as x₀, y₀, x₁, y₁, ... and returns the classifier's values point after point with
    /// their number per point: 1 (about class 1 of two) or one per class, which `output` says
    /// how to read. When it returns nil (after reporting why) the plane stays unshaded.
    package mutating func shadeDecisionRegions(
        aroundX x: [Double], y: [Double], resolution: Int, output: ClassifierOutput,
        scores: (_ centres: ArraySlice<Double>) -> (values: [Double], columns: Int)?
    ) {
        let (xRange, yRange) = (Self.gridRange(x), Self.gridRange(y))
        let size = Swift.min(1000, Swift.max(2, resolution))
        let centres = DecisionRegions.centres(xRange: xRange, yRange: yRange, columns: size, rows: size)
        var raw: [Double] = [], columns = 1
        raw.reserveCapacity(size * size * 2)
        let pointCount = size * size
        for start in stride(from: 0, to: pointCount, by: Self.decisionBatchSize) {
            let count = Swift.min(Self.decisionBatchSize, pointCount - start)
            guard let batch = scores(centres[(2 * start)..<(2 * (start + count))]) else { return }
            raw.append(contentsOf: batch.values)
            columns = batch.columns
        }
        let (probabilities, classCount) = Self.classProbabilities(raw, columns: columns, output: output)
        regions = DecisionRegions(
            xRange: xRange, yRange: yRange, columns: size, rows: size, classCount: Swift.max(classCount, 2),
            probabilities: classCount >= 2 ? probabilities : probabilities.flatMap { [1 - $0, $0] })
    }

    /// The finite values' extent widened by a tenth of its span on each side (by 1 when it is a
    /// single value, and 0...1 when there is none).
    static func gridRange(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let lower = finite.min(), let upper = finite.max() else { return 0...1 }
        let margin = upper > lower ? (upper - lower) / 10 : 1
        return (lower - margin)...(upper + margin)
    }

    /// Class probabilities from raw classifier outputs with `columns` values per point: one
    /// probability of class 1 per point when `columns` is 1 (class count 1), otherwise
    /// `columns` probabilities per point.
    static func classProbabilities(_ raw: [Double], columns: Int, output: ClassifierOutput) -> (probabilities: [Double], classCount: Int) {
        var kind = output
        if kind == .automatic {
            let inUnitInterval = raw.allSatisfy { !$0.isFinite || (0...1).contains($0) }
            if columns == 1 {
                kind = inUnitInterval ? .probability : .logit
            } else {
                let sumsToOne = stride(from: 0, to: raw.count, by: columns).allSatisfy { start in
                    Swift.abs(raw[start..<(start + columns)].reduce(0, +) - 1) < 1e-3
                }
                kind = inUnitInterval && sumsToOne ? .probabilities : .logits
            }
        }
        switch kind {
        case .probability, .probabilities, .automatic:
            if columns == 1 { return (raw.map { $0.isNaN ? $0 : Swift.min(1, Swift.max(0, $0)) }, 1) }
            return (raw, columns)
        case .logit, .logits:
            if columns == 1 { return (raw.map { 1 / (1 + exp(-$0)) }, 1) }
            var probabilities = [Double](repeating: 0, count: raw.count)
            for start in stride(from: 0, to: raw.count, by: columns) {
                let row = raw[start..<(start + columns)]
                let largest = row.max() ?? 0
                let exponentials = row.map { exp($0 - largest) }
                let total = exponentials.reduce(0, +)
                for (offset, value) in exponentials.enumerated() { probabilities[start + offset] = value / total }
            }
            return (probabilities, columns)
        }
    }
}
