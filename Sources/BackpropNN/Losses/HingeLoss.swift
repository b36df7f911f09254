import Backprop

/// The hinge loss of scores against labels ±1, averaged: mean of max(0, 1 − y·score), as in
/// micrograd's demo (a support vector machine's loss); NaN for empty tensors, the mean of nothing.
public func hingeLoss<Element>(scores: Tensor<Element>, labels: Tensor<Element>) -> Tensor<Element> {
    guard scores.shape == labels.shape else {
        BackpropError(
            .shapeMismatch, operation: "hingeLoss(scores:labels:)",
            problem: "scores of shape \(scores.shape) and labels of shape \(labels.shape) differ",
            fix: "Pass one label (+1 or −1) per score").raise()
        return .zeros([])
    }
    return (1 - labels * scores).relu().mean()
}
