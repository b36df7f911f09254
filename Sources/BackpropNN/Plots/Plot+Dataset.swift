import Backprop
import BackpropPlots

extension Plot {
    /// Adds the samples of a two-feature dataset as points, feature 0 along x and feature 1
    /// along y, coloured by label when the dataset has labels.
    ///
    /// ```swift
    /// var plot = Plot(title: "Two moons", xLabel: "x₁", yLabel: "x₂")
    /// plot.addScatter(Dataset<Double>.moons(count: 200, noise: 0.1, seed: 1))
    /// ```
    ///
    /// A dataset whose samples are not two numbers (shape [N, 2]) is reported as a
    /// ``BackpropError`` and nothing is added.
    public mutating func addScatter<Element>(_ dataset: Dataset<Element>, classNames: [String] = [], label: String? = nil) {
        guard let (x, y) = Self.coordinates(of: dataset, operation: "Plot.addScatter(_:)") else { return }
        addScatter(x: x, y: y, classes: dataset.labels, classNames: classNames, label: label)
    }

    /// The two features of each sample of `dataset`, or nil (after reporting it) when its
    /// samples are not pairs.
    static func coordinates<Element>(of dataset: Dataset<Element>, operation: String) -> (x: [Double], y: [Double])? {
        guard dataset.sampleShape == [2] else {
            BackpropError(.shapeMismatch, operation: operation,
                          problem: "the dataset's samples have shape \(dataset.sampleShape), not [2]",
                          fix: "Plot a dataset of points in the plane, inputs of shape [N, 2]").raise()
            return nil
        }
        let scalars = dataset.inputs.scalars
        return (stride(from: 0, to: scalars.count, by: 2).map { Double(scalars[$0]) },
                stride(from: 1, to: scalars.count, by: 2).map { Double(scalars[$0]) })
    }
}
