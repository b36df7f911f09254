import Backprop

/// Samples for training or evaluation: their inputs stacked along axis 0 (shape [N, ...]) and,
/// for each sample, an integer class label, a target tensor (shape [N, ...]), or both.
///
/// A dataset is a value. Taking a subset, splitting it or cutting it into mini-batches copies
/// the selected rows with `gathering(indices:alongAxis:)`, so batches are plain constant
/// tensors that do not keep the whole dataset alive on a tape.
///
/// ```swift
/// let data = Dataset<Double>.moons(count: 200, noise: 0.1, seed: 1)
/// data.count          // 200
/// data.inputs.shape   // [200, 2]
/// data.labels?[0]     // 0
/// let (train, test) = data.split(testFraction: 0.25, seed: 7, stratified: true)
/// for batch in train.batches(size: 32, shuffle: true, seed: 3, epoch: 0) {
///     // forward batch.inputs, a loss against batch.labels, backward, an optimizer step
/// }
/// ```
public struct Dataset<Element: TensorElement> {
    /// The inputs, one sample per position along axis 0: shape [``count``] + ``sampleShape``.
    public let inputs: Tensor<Element>
    /// The class label of each sample (in `0..<classCount`), or nil for a dataset without
    /// labels.
    public let labels: [Int]?
    /// The target of each sample, shape [``count``, ...], or nil for a dataset without targets.
    public let targets: Tensor<Element>?
    /// The number of classes the labels can name: one more than the largest label when the
    /// dataset was made, kept by subsets and batches even when they miss a class; 0 without
    /// labels.
    public let classCount: Int

    /// A dataset of `inputs` (shape [N, ...]) with optional class `labels` (N integers, none
    /// negative) and optional `targets` (shape [N, ...]).
    ///
    /// ```swift
    /// let xor = Dataset<Double>(inputs: Tensor([0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2]),
    ///                           labels: [0, 1, 1, 0])
    /// let regression = Dataset<Double>(inputs: .arange(5).reshaped(to: [5, 1]),
    ///                                  targets: .arange(5).reshaped(to: [5, 1]) * 2)
    /// ```
    ///
    /// Inputs that are a scalar, or labels or targets whose count differs from the number of
    /// inputs, or a negative label or one of `Int.max`, are reported as a ``BackpropError`` (thrown inside
    /// `withErrorChecking`), and the result is then an empty dataset.
    public init(inputs: Tensor<Element>, labels: [Int]? = nil, targets: Tensor<Element>? = nil) {
        let operation = "Dataset(inputs:labels:targets:)"
        guard let count = inputs.shape.first else {
            Self.fail(BackpropError(
                .invalidArgument, operation: operation, problem: "the inputs are a 0-d tensor, which holds no sample axis",
                fix: "Stack the samples along axis 0, e.g. pass inputs of shape [N, features]"))
            self = .empty
            return
        }
        if let labels {
            guard labels.count == count else {
                Self.fail(BackpropError(
                    .shapeMismatch, operation: operation,
                    problem: "\(labels.count) labels for \(count) samples (inputs of shape \(inputs.shape))",
                    fix: "Pass one label per sample, \(count) in all"))
                self = .empty
                return
            }
            if let position = labels.firstIndex(where: { $0 < 0 || $0 == Int.max }) {
                Self.fail(BackpropError(
                    .invalidArgument, operation: operation,
                    problem: labels[position] < 0
                        ? "label \(labels[position]) of sample \(position) is negative"
                        : "label \(labels[position]) of sample \(position) is Int.max, so the class count (one more than the largest label) overflows Int",
                    fix: "Number the classes 0, 1, 2 and so on"))
                self = .empty
                return
            }
        }
        if let targets {
            guard targets.shape.first == count else {
                Self.fail(BackpropError(
                    .shapeMismatch, operation: operation,
                    problem: "targets of shape \(targets.shape) for inputs of shape \(inputs.shape)",
                    fix: "Pass targets whose axis 0 has one entry per sample, \(count) in all"))
                self = .empty
                return
            }
        }
        self.init(inputs: inputs, labels: labels, targets: targets, classCount: labels.map { ($0.max() ?? -1) + 1 } ?? 0)
    }

    /// A dataset of already-checked parts, keeping `classCount`.
    init(inputs: Tensor<Element>, labels: [Int]?, targets: Tensor<Element>?, classCount: Int) {
        self.inputs = inputs
        self.labels = labels
        self.targets = targets
        self.classCount = classCount
    }

    /// The dataset with no samples, the result after a misuse has been reported.
    static var empty: Dataset { Dataset(inputs: .zeros([0]), labels: nil, targets: nil, classCount: 0) }

    /// Reports a misuse of the data API the way the engine reports its own.
    static func fail(_ error: BackpropError) { error.raise() }

    /// The number of samples.
    ///
    /// ```swift
    /// Dataset<Double>.xor().count   // 4
    /// ```
    public var count: Int { inputs.shape.first ?? 0 }

    /// The shape of one sample's input: the shape of ``inputs`` without axis 0.
    ///
    /// ```swift
    /// try Dataset<Float>.digits(asImages: true).sampleShape   // [1, 8, 8]
    /// ```
    public var sampleShape: [Int] { Array(inputs.shape.dropFirst()) }

    /// How many samples carry each label: element c counts label c, for c in
    /// `0..<classCount`; empty without labels.
    ///
    /// ```swift
    /// Dataset<Double>.spirals(armCount: 3, pointsPerArm: 50, seed: 1).classCounts   // [50, 50, 50]
    /// ```
    public var classCounts: [Int] {
        guard let labels else { return [] }
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The samples at `indices`, in that order (repeats allowed), with their labels and
    /// targets; ``classCount`` is kept.
    ///
    /// ```swift
    /// let firstTen = data.subset(at: Array(0..<10))
    /// ```
    ///
    /// An index outside `0..<count` is reported as a ``BackpropError`` naming it, and the result
    /// is then an empty dataset.
    public func subset(at indices: [Int]) -> Dataset {
        if let position = indices.firstIndex(where: { !(0..<count).contains($0) }) {
            Self.fail(BackpropError(
                .invalidArgument, operation: "Dataset.subset(at:)",
                problem: "index \(indices[position]) at position \(position) is out of range for a dataset of \(count) samples",
                fix: count == 0 ? "The dataset is empty; there is nothing to select" : "Use indices in 0..<\(count)"))
            return .empty
        }
        return Dataset(
            inputs: inputs.gathering(indices: indices, alongAxis: 0),
            labels: labels.map { labels in indices.map { labels[$0] } },
            targets: targets?.gathering(indices: indices, alongAxis: 0),
            classCount: classCount)
    }

    /// The same samples with each input reshaped to `sampleShape`, which must hold as many
    /// elements as ``sampleShape`` does: flat digits [N, 64] become images [N, 1, 8, 8] for a
    /// convolution with `reshapingSamples(to: [1, 8, 8])`, and back with `reshapingSamples(to: [64])`.
    ///
    /// ```swift
    /// let images = try Dataset<Float>.digits().reshapingSamples(to: [1, 8, 8])
    /// images.inputs.shape   // [1797, 1, 8, 8]
    /// ```
    ///
    /// A shape with a negative size or another element count is reported as a ``BackpropError``,
    /// and the dataset is then returned unchanged.
    public func reshapingSamples(to newSampleShape: [Int]) -> Dataset {
        let elements = sampleShape.reduce(1, *)
        guard newSampleShape.allSatisfy({ $0 >= 0 }), newSampleShape.reduce(1, *) == elements else {
            Self.fail(BackpropError(
                .invalidReshape, operation: "Dataset.reshapingSamples(to:)",
                problem: "samples of shape \(sampleShape) (\(elements) elements) cannot be reshaped to \(newSampleShape)",
                fix: "Pass non-negative sizes that multiply to \(elements)"))
            return self
        }
        return Dataset(inputs: inputs.reshaped(to: [count] + newSampleShape), labels: labels, targets: targets, classCount: classCount)
    }

    /// The same samples with ``targets`` replaced by the one-hot encoding of ``labels``: shape
    /// [``count``, ``classCount``], 1 at each sample's label and 0 elsewhere. This is the target
    /// y of a mean-squared-error loss ½‖a − y‖² on a classifier's outputs.
    ///
    /// ```swift
    /// Dataset<Double>.xor().withOneHotTargets().targets?.scalars   // [1, 0,  0, 1,  0, 1,  1, 0]
    /// ```
    ///
    /// A dataset without labels, or whose samples × classes overflow `Int`, is reported as a
    /// ``BackpropError`` and returned unchanged.
    public func withOneHotTargets() -> Dataset {
        guard let labels else {
            Self.fail(BackpropError(
                .invalidArgument, operation: "Dataset.withOneHotTargets()",
                problem: "the dataset has no labels to encode",
                fix: "Create the dataset with labels: [Int]"))
            return self
        }
        let (elements, overflow) = labels.count.multipliedReportingOverflow(by: classCount)
        guard !overflow else {
            Self.fail(BackpropError(
                .invalidArgument, operation: "Dataset.withOneHotTargets()",
                problem: "\(labels.count) samples × \(classCount) classes overflows Int",
                fix: "Number the classes 0, 1, 2, ... without gaps, so that the largest label is the class count minus 1"))
            return self
        }
        var scalars = [Element](repeating: 0, count: elements)
        for (row, label) in labels.enumerated() { scalars[row * classCount + label] = 1 }
        return Dataset(
            inputs: inputs, labels: labels, targets: Tensor(scalars, shape: [labels.count, classCount]), classCount: classCount)
    }
}
