import Backprop

/// How ``klDivergence(logProbabilities:targets:targetsAreLogProbabilities:reduction:)`` combines its
/// pointwise terms, as PyTorch's `kl_div` `reduction`.
public enum KLDivergenceReduction: Sendable, Hashable {
    /// The mean over every element, PyTorch's default (which is not the KL divergence of the
    /// distributions: it also divides by the number of classes).
    case mean
    /// The sum divided by the batch size, the first axis: the mean KL divergence per sample,
    /// the true KL divergence (PyTorch's `'batchmean'`). A 0-d input gives the sum.
    case batchMean
    /// The sum over every element.
    case sum
    /// No reduction: the pointwise terms.
    case none
}

/// The Kullback–Leibler divergence KL(target ‖ input) from log-probabilities `input` to
/// `targets`, as PyTorch's `kl_div`: the pointwise terms y·(log y − x), with 0 where y = 0 (the
/// limit y·log y → 0, which adds 0 to the target's gradient there, where PyTorch's `xlogy`
/// gives NaN), or eʸ·(y − x) when
/// `targetsAreLogProbabilities` (PyTorch's `log_target=True`). Shapes must be equal.
///
/// ```swift
/// let loss = klDivergence(logProbabilities: logits.logSoftmax(alongAxis: 1), targets: p, reduction: .batchMean)
/// ```
public func klDivergence<Element>(
    logProbabilities input: Tensor<Element>, targets: Tensor<Element>, targetsAreLogProbabilities: Bool = false,
    reduction: KLDivergenceReduction = .mean
) -> Tensor<Element> {
    guard sameShape(input, targets, operation: "klDivergence(logProbabilities:targets:targetsAreLogProbabilities:reduction:)") else {
        return .zeros([])
    }
    let terms: Tensor<Element>
    if targetsAreLogProbabilities {
        terms = exp(targets) * (targets - input)
    } else {
        // The logarithm sees 1 where y = 0, so that y·log y and its gradient are 0 there, not NaN.
        let positive = targets .> 0
        terms = targets * (log(.where(positive, targets, Element(1))) - input)
    }
    switch reduction {
    case .mean: return terms.mean()
    case .batchMean: return input.rank == 0 ? terms.sum() : terms.sum() / Element(input.shape[0])
    case .sum: return terms.sum()
    case .none: return terms
    }
}
