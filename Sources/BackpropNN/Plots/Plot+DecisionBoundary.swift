import Backprop
import Foundation

extension Plot {
    /// The plane around a two-feature dataset shaded by a classifier's prediction on a grid of
    /// `resolution` × `resolution` cells (each class in its colour, lighter where the classifier
    /// is less sure), the decision boundary drawn over it, and the samples on top coloured by
    /// label.
    ///
    /// `classifier` receives a batch of grid points, shape [N, 2], and returns one value per
    /// point (shape [N] or [N, 1], about class 1 of two) or one value per class (shape [N, C]);
    /// `output` says whether those are probabilities or logits. It runs without recording on
    /// the tape.
    ///
    /// ```swift
    /// let moons = Dataset<Float>.moons(count: 200, noise: 0.1, seed: 1)
    /// let model = MLP<Float>(sizes: [2, 16, 2], activation: .tanh, seed: 1)
    /// // ... train ...
    /// let plot = Plot.decisionBoundary(on: moons, output: .logits, title: "Two moons") { model($0) }
    /// ```
    ///
    /// A dataset whose samples are not pairs, or an output of another shape, is reported as a
    /// ``BackpropError`` (thrown inside `withErrorChecking`); the plot then shows the samples only.
    public static func decisionBoundary<Element>(
        on dataset: Dataset<Element>, output: ClassifierOutput = .automatic, classNames: [String] = [], resolution: Int = 100,
        title: String = "", classifier: (Tensor<Element>) -> Tensor<Element>
    ) -> Plot {
        let operation = "Plot.decisionBoundary(on:output:)"
        var plot = Plot(title: title, xLabel: "x₁", yLabel: "x₂", width: 520, height: 460)
        guard let (x, y) = coordinates(of: dataset, operation: operation) else { return plot }
        let (xRange, yRange) = (gridRange(x), gridRange(y))
        let size = Swift.min(1000, Swift.max(2, resolution))
        let centres = DecisionRegions.centres(xRange: xRange, yRange: yRange, columns: size, rows: size)
        var raw: [Double] = [], width: Int?
        raw.reserveCapacity(size * size * 2)
        let batchSize = 4096, pointCount = size * size
        for start in stride(from: 0, to: pointCount, by: batchSize) {
            let count = Swift.min(batchSize, pointCount - start)
            let batch = Tensor<Element>(centres[(2 * start)..<(2 * (start + count))].map { Element($0) }, shape: [count, 2])
            let result = withoutRecording { classifier(batch) }
            let shape = result.shape
            let columns: Int? = switch shape.count {
            case 1 where shape[0] == count: 1
            case 2 where shape[0] == count && shape[1] >= 1: shape[1]
            default: nil
            }
            guard let columns, width == nil || width == columns else {
                BackpropError(
                    .shapeMismatch, operation: operation,
                    problem: "the classifier returned shape \(shape) for a batch of shape [\(count), 2]",
                    fix: "Return one value per point ([N] or [N, 1]) or one value per class ([N, C])").raise()
                plot.addScatter(x: x, y: y, classes: dataset.labels, classNames: classNames)
                return plot
            }
            width = columns
            raw.append(contentsOf: result.scalars.lazy.map { Double($0) })
        }
        let columns = width ?? 1
        let (probabilities, classCount) = classProbabilities(raw, columns: columns, output: output)
        plot.regions = DecisionRegions(
            xRange: xRange, yRange: yRange, columns: size, rows: size, classCount: Swift.max(classCount, 2),
            probabilities: classCount >= 2 ? probabilities : probabilities.flatMap { [1 - $0, $0] })
        plot.addScatter(x: x, y: y, classes: dataset.labels, classNames: classNames)
        return plot
    }

    /// The decision-boundary plot of a model (a ``Layer``) on a two-feature dataset; see
    /// ``decisionBoundary(on:output:classNames:resolution:title:classifier:)``. The model runs
    /// in its current mode: call `evaluate()` first if it has dropout.
    ///
    /// ```swift
    /// model.evaluate()
    /// let plot = Plot.decisionBoundary(of: model, on: moons, output: .logits, classNames: ["upper", "lower"])
    /// ```
    public static func decisionBoundary<Element>(
        of model: some Layer<Element>, on dataset: Dataset<Element>, output: ClassifierOutput = .automatic, classNames: [String] = [],
        resolution: Int = 100, title: String = ""
    ) -> Plot {
        decisionBoundary(on: dataset, output: output, classNames: classNames, resolution: resolution, title: title) { model($0) }
    }

    /// The decision-boundary plot of a two-class classifier of single points: `probability`
    /// gives the probability that (x, y) is in class 1 (clamped to [0, 1]; NaN leaves the cell
    /// blank). It suits models made of scalar ``Variable``s.
    ///
    /// ```swift
    /// let plot = Plot.decisionBoundary(x: [-1, 1, -0.5, 0.7], y: [0, 0, 1, -1], labels: [0, 1, 0, 1]) { x, _ in
    ///     x > 0 ? 1 : 0
    /// }
    /// ```
    ///
    /// Arrays of different lengths or a negative label are reported as a ``BackpropError``; the
    /// plot is then empty.
    public static func decisionBoundary(
        x: [Double], y: [Double], labels: [Int], classNames: [String] = [], resolution: Int = 100, title: String = "",
        probability: (Double, Double) -> Double
    ) -> Plot {
        var plot = Plot(title: title, xLabel: "x₁", yLabel: "x₂", width: 520, height: 460)
        plot.addScatter(x: x, y: y, classes: labels, classNames: classNames)
        guard !plot.scatters.isEmpty else { return plot }
        let (xRange, yRange) = (gridRange(x), gridRange(y))
        let size = Swift.min(1000, Swift.max(2, resolution))
        let centres = DecisionRegions.centres(xRange: xRange, yRange: yRange, columns: size, rows: size)
        var probabilities: [Double] = []
        probabilities.reserveCapacity(2 * size * size)
        for point in 0..<(size * size) {
            let p = probability(centres[2 * point], centres[2 * point + 1])
            let clamped = p.isNaN ? Double.nan : Swift.min(1, Swift.max(0, p))
            probabilities.append(1 - clamped)
            probabilities.append(clamped)
        }
        plot.regions = DecisionRegions(
            xRange: xRange, yRange: yRange, columns: size, rows: size, classCount: 2, probabilities: probabilities)
        return plot
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
