import Backprop

/// How a loss combines its per-element (or per-sample) terms, as PyTorch's `reduction` argument.
///
/// ```swift
/// huberLoss(predictions, targets, reduction: .sum)
/// crossEntropy(logits: logits, labels: labels, reduction: .none)   // one loss per sample
/// ```
public enum Reduction: Sendable, Hashable {
    /// The mean of the terms (NaN for none, as PyTorch's mean of nothing); losses with class
    /// weights divide by the sum of the weights instead, as PyTorch's.
    case mean
    /// The sum of the terms.
    case sum
    /// No reduction: the terms themselves.
    case none

    /// `terms` reduced: their mean, their sum, or themselves.
    func reduce<Element>(_ terms: Tensor<Element>) -> Tensor<Element> {
        switch self {
        case .mean: terms.mean()
        case .sum: terms.sum()
        case .none: terms
        }
    }
}
