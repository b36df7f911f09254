import Backprop

/// Scores over classes and integer class labels, checked and laid out as PyTorch's
/// classification losses take them: scores [C] with one label, [N, C] with N labels, or
/// [N, C, d₁, …] with N·d₁·… labels (row-major), the classes along axis 1. The scores become
/// a matrix [M, C] with one row per label, and the losses of `.none` take `lossShape`.
struct ClassTargets<Element: TensorElement> {
    /// One row of scores per label, [M, C].
    let rows: Tensor<Element>
    /// The labels, with the ignored ones replaced by class 0 so that they can be picked.
    let pickableLabels: [Int]
    /// 1 for each label that counts, 0 for each ignored one, [M]; a constant.
    let kept: Tensor<Element>
    /// The per-label weight (the class weight, or 1), 0 where ignored, [M]; the weighted mean divides by its sum.
    let labelWeights: Tensor<Element>
    /// The class weights, [C], or nil.
    let classWeights: Tensor<Element>?
    /// The shape of the unreduced loss: the scores' shape without the class axis.
    let lossShape: [Int]

    /// The checked targets, or nil after raising an error for `operation`.
    init?(scores: Tensor<Element>, labels: [Int], weights: Tensor<Element>?, ignoreIndex: Int, operation: String) {
        guard scores.rank >= 1 else {
            BackpropError(.shapeMismatch, operation: operation, problem: "the scores are a 0-d tensor, with no class axis",
                          fix: "Pass scores of shape [classes], [batch, classes] or [batch, classes, d₁, …]").raise()
            return nil
        }
        let classAxis = scores.rank == 1 ? 0 : 1, classCount = scores.shape[classAxis]
        var lossShape = scores.shape
        lossShape.remove(at: classAxis)
        let labelCount = lossShape.reduce(1, *)
        guard labels.count == labelCount else {
            BackpropError(
                .shapeMismatch, operation: operation,
                problem: "scores of shape \(scores.shape) need \(labelCount) labels (one per position of \(lossShape), the shape without the class axis \(classAxis)), but \(labels.count) were given",
                fix: "Pass one label per sample (per row of [batch, classes] scores)").raise()
            return nil
        }
        if let bad = labels.first(where: { $0 != ignoreIndex && !(0..<classCount).contains($0) }) {
            BackpropError(
                .invalidArgument, operation: operation,
                problem: "label \(bad) is outside the \(classCount) classes 0..<\(classCount) and is not the ignoreIndex \(ignoreIndex)",
                fix: classCount == 0 ? "Give the scores at least one class" : "Use labels from 0 to \(classCount - 1), or \(ignoreIndex) for positions to ignore").raise()
            return nil
        }
        guard validClassWeights(weights, classCount: classCount, operation: operation) else { return nil }
        // Moving the class axis last makes one row per label, in the labels' row-major order.
        var order = Array(0..<scores.rank)
        order.append(order.remove(at: classAxis))
        rows = scores.permuted(order).reshaped(to: [labelCount, classCount])
        let pickable = labels.map { $0 == ignoreIndex ? 0 : $0 }
        let kept = Tensor<Element>(labels.map { $0 == ignoreIndex ? 0 : 1 }, shape: [labelCount])
        pickableLabels = pickable
        self.kept = kept
        labelWeights = weights.map { $0.gathering(indices: pickable, alongAxis: 0) * kept } ?? kept
        classWeights = weights
        self.lossShape = lossShape
    }

    /// −w_y·x[y] for each label y, from `logProbabilities` laid out as ``rows``: the weighted
    /// negative log-likelihood terms, 0 where ignored.
    func negativeLogLikelihoodTerms(of logProbabilities: Tensor<Element>) -> Tensor<Element> {
        -logProbabilities.picking(indices: pickableLabels, alongAxis: 1) * labelWeights
    }

    /// Per-label terms [M] reduced: shaped as the scores without their class axis, summed, or
    /// summed and divided by the total label weight (the number of kept labels when unweighted),
    /// as PyTorch's weighted mean.
    func reduce(_ terms: Tensor<Element>, _ reduction: Reduction) -> Tensor<Element> {
        switch reduction {
        case .none: terms.reshaped(to: lossShape)
        case .sum: terms.sum()
        case .mean: terms.sum() / labelWeights.sum()
        }
    }
}

/// Whether `weights` is nil or has one weight per class, raising an error for `operation` when not.
func validClassWeights<Element>(_ weights: Tensor<Element>?, classCount: Int, operation: String) -> Bool {
    guard let weights, weights.shape != [classCount] else { return true }
    BackpropError(
        .shapeMismatch, operation: operation,
        problem: "class weights of shape \(weights.shape) do not match the \(classCount) classes",
        fix: "Pass one weight per class, a tensor of shape [\(classCount)]").raise()
    return false
}
