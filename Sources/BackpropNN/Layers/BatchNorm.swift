import Backprop

/// Batch normalization over the channel axis (axis 1) of a batch, as PyTorch's `_BatchNorm`;
/// use ``BatchNorm1D`` or ``BatchNorm2D``.
///
/// In training, each channel is normalized by the mean and biased variance over the batch
/// (and the spatial axes), (x − mean)/√(var + ε), then scaled by `weight` and shifted by `bias`;
/// the running statistics move towards the batch's: running = (1 − momentum)·running +
/// momentum·batch, with the *unbiased* variance for `runningVariance`, as PyTorch. With
/// `momentum` nil they are the cumulative average over the batches seen. In evaluation the
/// running statistics are used instead. The names of parameters and buffers are PyTorch's:
/// `weight`, `bias`, `running_mean`, `running_var`, `num_batches_tracked`.
public class BatchNormalization<Element: TensorElement>: Layer {
    /// The number of channels, the size of axis 1.
    public let featureCount: Int
    /// ε, added to the variance before the square root.
    public let epsilon: Element
    /// The weight of each new batch in the running statistics, or nil for a cumulative average.
    public let momentum: Double?
    /// The scale per channel, starting at 1; nil without the affine transform.
    public var weight: Tensor<Element>?
    /// The shift per channel, starting at 0; nil without the affine transform.
    public var bias: Tensor<Element>?
    /// The running mean per channel, starting at 0; nil when running statistics are not tracked.
    public var runningMean: Tensor<Element>?
    /// The running (unbiased) variance per channel, starting at 1; nil when not tracked.
    public var runningVariance: Tensor<Element>?
    /// The number of training batches seen, a 0-d tensor; nil when not tracked.
    public var batchesTracked: Tensor<Element>?
    /// Whether the layer normalizes with batch statistics and updates the running ones.
    public private(set) var isTraining = true
    /// The ranks of input the layer accepts.
    let inputRanks: [Int]

    init(featureCount: Int, epsilon: Element, momentum: Double?, affine: Bool, trackRunningStatistics: Bool, inputRanks: [Int]) {
        self.featureCount = featureCount
        self.epsilon = epsilon
        self.momentum = momentum
        self.inputRanks = inputRanks
        if affine {
            weight = Tensor.ones([featureCount]).requiringGrad()
            bias = Tensor.zeros([featureCount]).requiringGrad()
        }
        if trackRunningStatistics {
            runningMean = .zeros([featureCount])
            runningVariance = .ones([featureCount])
            batchesTracked = Tensor(0)
        }
    }

    /// The input normalized per channel: with the batch's statistics in training (or when
    /// running statistics are not tracked), with the running ones in evaluation.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        guard inputRanks.contains(input.rank), input.shape[1] == featureCount else {
            let ranks = inputRanks.map { "\($0)" }.joined(separator: " or ")
            BackpropError(
                .shapeMismatch, operation: description,
                problem: "the input has shape \(input.shape), but the layer takes a tensor of rank \(ranks) with \(featureCount) channels along axis 1",
                fix: "Pass inputs of shape [batch, \(featureCount)\(inputRanks.contains(4) ? ", height, width" : "")], or build the layer with the input's channel count").raise()
            return input
        }
        var statisticsShape = Array(repeating: 1, count: input.rank)
        statisticsShape[1] = featureCount
        let normalized: Tensor<Element>
        if let runningMean, let runningVariance, !isTraining {
            normalized = (input - runningMean.reshaped(to: statisticsShape)) / sqrt(runningVariance.reshaped(to: statisticsShape) + epsilon)
        } else {
            let axes = [0] + Array(2..<input.rank), valuesPerChannel = input.count / Swift.max(featureCount, 1)
            if isTraining && valuesPerChannel < 2 {
                BackpropError(
                    .invalidArgument, operation: description,
                    problem: "training needs more than 1 value per channel to take a variance, but the input of shape \(input.shape) has \(valuesPerChannel)",
                    fix: "Train with batches of at least 2 samples, or switch the layer to evaluation with evaluate()").raise()
                return input
            }
            let mean = input.mean(alongAxes: axes, keepingDimensions: true)
            let centered = input - mean
            let variance = (centered * centered).mean(alongAxes: axes, keepingDimensions: true)
            if isTraining { updateRunningStatistics(mean: mean.detached(), variance: variance.detached(), count: valuesPerChannel) }
            normalized = centered / sqrt(variance + epsilon)
        }
        guard let weight, let bias else { return normalized }
        return normalized * weight.reshaped(to: statisticsShape) + bias.reshaped(to: statisticsShape)
    }

    /// Moves the running statistics towards a training batch's; the variance is made unbiased
    /// (times n/(n − 1)) first, as PyTorch's.
    private func updateRunningStatistics(mean: Tensor<Element>, variance: Tensor<Element>, count: Int) {
        guard let runningMean, let runningVariance, let batchesTracked else { return }
        let batches = batchesTracked + 1
        let factor = Element(momentum ?? 1 / Double(batches.scalar!))
        let unbiased = variance.reshaped(to: [featureCount]) * Element(Double(count) / Double(count - 1))
        self.runningMean = runningMean * (1 - factor) + mean.reshaped(to: [featureCount]) * factor
        self.runningVariance = runningVariance * (1 - factor) + unbiased * factor
        self.batchesTracked = batches
    }

    /// Training normalizes with batch statistics and updates the running ones; evaluation uses them.
    public func setTraining(_ training: Bool) { isTraining = training }

    /// `weight`, then `bias`, when the layer has them.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        visitOptional(&weight, named: "weight", body)
        visitOptional(&bias, named: "bias", body)
    }

    /// `running_mean`, `running_var` and `num_batches_tracked`, PyTorch's names, when tracked.
    public func visitBuffers(_ body: (String, inout Tensor<Element>) -> Void) {
        visitOptional(&runningMean, named: "running_mean", body)
        visitOptional(&runningVariance, named: "running_var", body)
        visitOptional(&batchesTracked, named: "num_batches_tracked", body)
    }

    /// `BatchNorm1D(16)`.
    public var description: String { "BatchNormalization(\(featureCount))" }
}

/// Batch normalization of [batch, features] or [batch, channels, length] inputs, as PyTorch's
/// `nn.BatchNorm1d`; see ``BatchNormalization``.
///
/// ```swift
/// let norm = BatchNorm1D<Float>(featureCount: 64)
/// norm(hidden)     // training: batch statistics, running statistics updated
/// norm.evaluate()
/// norm(hidden)     // evaluation: running statistics
/// ```
public final class BatchNorm1D<Element: TensorElement>: BatchNormalization<Element> {
    /// A layer for `featureCount` features with PyTorch's defaults: ε = 10⁻⁵, momentum 0.1, a
    /// learned scale and shift, running statistics tracked.
    public init(featureCount: Int, epsilon: Element = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStatistics: Bool = true) {
        super.init(featureCount: featureCount, epsilon: epsilon, momentum: momentum, affine: affine,
                   trackRunningStatistics: trackRunningStatistics, inputRanks: [2, 3])
    }

    /// `BatchNorm1D(64)`.
    public override var description: String { "BatchNorm1D(\(featureCount))" }
}

/// Batch normalization of [batch, channels, height, width] images, as PyTorch's
/// `nn.BatchNorm2d`: statistics per channel over the batch and both spatial axes; see
/// ``BatchNormalization``.
public final class BatchNorm2D<Element: TensorElement>: BatchNormalization<Element> {
    /// A layer for `featureCount` channels with PyTorch's defaults: ε = 10⁻⁵, momentum 0.1, a
    /// learned scale and shift, running statistics tracked.
    public init(featureCount: Int, epsilon: Element = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStatistics: Bool = true) {
        super.init(featureCount: featureCount, epsilon: epsilon, momentum: momentum, affine: affine,
                   trackRunningStatistics: trackRunningStatistics, inputRanks: [4])
    }

    /// `BatchNorm2D(16)`.
    public override var description: String { "BatchNorm2D(\(featureCount))" }
}
