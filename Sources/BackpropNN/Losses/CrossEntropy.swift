import Backprop

/// Softmax cross-entropy of logits [N, C] against integer class labels (N of them, in 0..<C),
/// averaged over the batch: −(1/N)·Σ log softmax(logits)[i, labelᵢ]. Computed from the fused,
/// stable log-softmax, so logits of any size give finite results; as PyTorch's
/// `cross_entropy`. The gradient is (softmax − one-hot)/N. An empty batch (N = 0) gives NaN,
/// the mean of nothing, as PyTorch's.
///
/// ```swift
/// let loss = crossEntropy(logits: model(images), labels: labels)
/// ```
public func crossEntropy<Element>(logits: Tensor<Element>, labels: [Int]) -> Tensor<Element> {
    guard logits.rank == 2, labels.count == logits.shape[0] else {
        BackpropError(
            .shapeMismatch, operation: "crossEntropy(logits:labels:)",
            problem: "logits of shape \(logits.shape) and \(labels.count) labels do not fit: logits must be [N, classes] with one label per row",
            fix: "Reshape the logits to [batch, classes] and pass one label per row").raise()
        return .zeros([])
    }
    if let bad = labels.first(where: { !(0..<logits.shape[1]).contains($0) }) {
        BackpropError(
            .invalidArgument, operation: "crossEntropy(logits:labels:)",
            problem: "label \(bad) is outside the \(logits.shape[1]) classes 0..<\(logits.shape[1])",
            fix: "Use labels from 0 to \(logits.shape[1] - 1)").raise()
        return .zeros([])
    }
    return -logits.logSoftmax(alongAxis: 1).picking(indices: labels, alongAxis: 1).mean()
}
