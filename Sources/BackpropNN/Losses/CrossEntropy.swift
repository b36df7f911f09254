import Backprop

/// Softmax cross-entropy of logits against integer class labels, as PyTorch's `cross_entropy`:
/// the ``negativeLogLikelihood(logProbabilities:labels:weights:ignoreIndex:reduction:)`` of
/// the stable, fused log-softmax over the class axis, with the same shapes ([C], [N, C] or
/// [N, C, d₁, …]), class `weights`, `ignoreIndex` and weighted mean. Logits of any size give
/// finite results. Unweighted and unsmoothed, the gradient is (softmax − one-hot)/N. An empty
/// batch gives NaN, the mean of nothing, as PyTorch's.
///
/// With `labelSmoothing` ε in [0, 1], the target is the one-hot vector mixed with the uniform
/// distribution, exactly as PyTorch computes it: (1 − ε)·nll + (ε/C)·s, where s is each
/// label's −Σ_c w_c·log p_c (0 where ignored), reduced as the nll is (for the mean, divided by
/// the same total label weight).
///
/// ```swift
/// let loss = crossEntropy(logits: model(images), labels: labels)
/// let smoothed = crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1)
/// ```
public func crossEntropy<Element>(
    logits: Tensor<Element>, labels: [Int], weights: Tensor<Element>? = nil, ignoreIndex: Int = -100,
    labelSmoothing: Double = 0, reduction: Reduction = .mean
) -> Tensor<Element> {
    let operation = "crossEntropy(logits:labels:weights:ignoreIndex:labelSmoothing:reduction:)"
    guard validLabelSmoothing(labelSmoothing, operation: operation),
          let targets = ClassTargets(scores: logits, labels: labels, weights: weights, ignoreIndex: ignoreIndex, operation: operation)
    else { return .zeros([]) }
    let logProbabilities = targets.rows.logSoftmax(alongAxis: 1)
    let logLikelihood = targets.reduce(targets.negativeLogLikelihoodTerms(of: logProbabilities), reduction)
    guard labelSmoothing > 0 else { return logLikelihood }
    let weighted = targets.classWeights.map { logProbabilities * $0 } ?? logProbabilities
    let uniformTerms = -weighted.sum(alongAxes: 1) * targets.kept
    let classCount = Element(logits.shape[logits.rank == 1 ? 0 : 1])
    return logLikelihood * Element(1 - labelSmoothing) + targets.reduce(uniformTerms, reduction) * (Element(labelSmoothing) / classCount)
}

/// Whether `labelSmoothing` is in [0, 1], raising an error for `operation` when not.
func validLabelSmoothing(_ labelSmoothing: Double, operation: String) -> Bool {
    guard (0...1).contains(labelSmoothing) else {
        BackpropError(.invalidArgument, operation: operation, problem: "labelSmoothing \(labelSmoothing) is outside [0, 1]",
                      fix: "Pass a smoothing between 0 (one-hot targets) and 1 (uniform targets), typically 0.1").raise()
        return false
    }
    return true
}
