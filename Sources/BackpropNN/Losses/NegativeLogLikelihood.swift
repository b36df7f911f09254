import Backprop

/// The negative log-likelihood of log-probabilities against integer class labels, as PyTorch's
/// `nll_loss`: for each label y the term −w_y·x[y], with w the class `weights` (1 without),
/// then reduced. The mean is weighted, as PyTorch's: Σ −w_y·x[y] / Σ w_y over the labels that
/// are not `ignoreIndex` (NaN if every label is ignored). Ignored labels contribute 0 and, with
/// `.none`, have a loss of 0.
///
/// Log-probabilities are [C] with one label, [N, C] with N labels, or [N, C, d₁, …] with
/// N·d₁·… labels in row-major order, the classes along axis 1; labels are in 0..<C or equal
/// `ignoreIndex` (−100 by default, as PyTorch's). `weights`, of shape [C], is differentiable too.
///
/// ```swift
/// let loss = negativeLogLikelihood(logProbabilities: logits.logSoftmax(alongAxis: 1), labels: labels)
/// ```
public func negativeLogLikelihood<Element>(
    logProbabilities: Tensor<Element>, labels: [Int], weights: Tensor<Element>? = nil, ignoreIndex: Int = -100,
    reduction: Reduction = .mean
) -> Tensor<Element> {
    guard let targets = ClassTargets(
        scores: logProbabilities, labels: labels, weights: weights, ignoreIndex: ignoreIndex,
        operation: "negativeLogLikelihood(logProbabilities:labels:weights:ignoreIndex:reduction:)")
    else { return .zeros([]) }
    return targets.reduce(targets.negativeLogLikelihoodTerms(of: targets.rows), reduction)
}
