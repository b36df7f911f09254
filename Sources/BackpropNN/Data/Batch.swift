import Backprop

/// One mini-batch of a ``Dataset``: the inputs, labels and targets of the samples at
/// ``indices``, in that order.
///
/// ```swift
/// for batch in data.batches(size: 32, shuffle: true, seed: 1) {
///     batch.inputs.shape   // [32, features] (the last batch may be smaller)
///     batch.labels         // [Int]?, one per row of inputs
///     batch.indices        // which samples of `data` these are
/// }
/// ```
public struct Batch<Element: TensorElement> {
    /// The positions of these samples in the dataset the batch was cut from.
    public let indices: [Int]
    /// The inputs, shape [``count``] + the dataset's sample shape.
    public let inputs: Tensor<Element>
    /// The class labels, one per sample, or nil when the dataset has none.
    public let labels: [Int]?
    /// The targets, shape [``count``, ...], or nil when the dataset has none.
    public let targets: Tensor<Element>?

    /// The number of samples in the batch.
    public var count: Int { indices.count }

    /// The samples at `indices` of `dataset`, which must be valid positions.
    init(_ dataset: Dataset<Element>, indices: [Int]) {
        let samples = dataset.subset(at: indices)
        self.indices = indices
        inputs = samples.inputs
        labels = samples.labels
        targets = samples.targets
    }
}
