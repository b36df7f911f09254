import Backprop

/// Softmax cross-entropy of logits against class probabilities ("soft labels") of the same
/// shape, as PyTorch's `cross_entropy` with probability targets: for each sample
/// −Σ_c w_c·p_c·log softmax(logits)_c over the class axis (axis 1, or 0 for [C] logits), then
/// reduced. The mean divides by the number of samples (not by the weights), as PyTorch's.
/// With `labelSmoothing` ε the targets become (1 − ε)·p + ε/C first. The gradient reaches
/// the probabilities too.
///
/// ```swift
/// let loss = crossEntropy(logits: studentLogits, probabilities: teacherLogits.softmax(alongAxis: 1))
/// ```
public func crossEntropy<Element>(
    logits: Tensor<Element>, probabilities: Tensor<Element>, weights: Tensor<Element>? = nil,
    labelSmoothing: Double = 0, reduction: Reduction = .mean
) -> Tensor<Element> {
    let operation = "crossEntropy(logits:probabilities:weights:labelSmoothing:reduction:)"
    guard validLabelSmoothing(labelSmoothing, operation: operation) else { return .zeros([]) }
    guard logits.rank >= 1, logits.shape == probabilities.shape else {
        BackpropError(
            .shapeMismatch, operation: operation,
            problem: "logits of shape \(logits.shape) and probabilities of shape \(probabilities.shape) \(logits.rank == 0 ? "have no class axis" : "differ")",
            fix: "Pass one probability per logit, both [batch, classes] (or [classes], or [batch, classes, d₁, …])").raise()
        return .zeros([])
    }
    let classAxis = logits.rank == 1 ? 0 : 1, classCount = logits.shape[classAxis]
    guard validClassWeights(weights, classCount: classCount, operation: operation) else { return .zeros([]) }
    let targets = labelSmoothing > 0
        ? probabilities * Element(1 - labelSmoothing) + Element(labelSmoothing) / Element(classCount) : probabilities
    var products = logits.logSoftmax(alongAxis: classAxis) * targets
    if let weights {
        // The weights lie along the class axis: [C, 1, …, 1] broadcasts over the axes after it.
        products = products * weights.reshaped(to: [classCount] + Array(repeating: 1, count: logits.rank - classAxis - 1))
    }
    return reduction.reduce(-products.sum(alongAxes: classAxis))
}
