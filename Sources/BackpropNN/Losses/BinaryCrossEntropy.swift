import Backprop

/// Binary cross-entropy of logits against targets in [0, 1] (same shape), averaged: the mean of
/// softplus(x) − x·y, which is −[y·log σ(x) + (1 − y)·log(1 − σ(x))] computed without overflow,
/// as PyTorch's `binary_cross_entropy_with_logits`. The gradient is (σ(x) − y)/N; empty tensors
/// give NaN, as PyTorch's.
public func binaryCrossEntropy<Element>(logits: Tensor<Element>, targets: Tensor<Element>) -> Tensor<Element> {
    guard logits.shape == targets.shape else {
        BackpropError(
            .shapeMismatch, operation: "binaryCrossEntropy(logits:targets:)",
            problem: "logits of shape \(logits.shape) and targets of shape \(targets.shape) differ",
            fix: "Pass one target per logit").raise()
        return .zeros([])
    }
    return (logits.softplus() - logits * targets).mean()
}
