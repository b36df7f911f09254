import Backprop
import BackpropPlots

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
        var plot = Plot(decisionBoundaryTitle: title)
        guard let (x, y) = coordinates(of: dataset, operation: operation) else { return plot }
        var width: Int?
        plot.shadeDecisionRegions(aroundX: x, y: y, resolution: resolution, output: output) { centres in
            let count = centres.count / 2
            let result = withoutRecording { classifier(Tensor<Element>(centres.map { Element($0) }, shape: [count, 2])) }
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
                return nil
            }
            width = columns
            return (result.scalars.map { Double($0) }, columns)
        }
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
}
