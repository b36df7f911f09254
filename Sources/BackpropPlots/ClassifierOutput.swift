/// What a classifier's output means, so that a decision-boundary plot can turn it into class
/// probabilities on a grid.
///
/// One value per sample (shape [N] or [N, 1]) is about class 1 of two classes; C values per
/// sample (shape [N, C]) are about each of C classes.
///
/// ```swift
/// let plot = Plot.decisionBoundary(of: model, on: moons, output: .logits)
/// ```
public enum ClassifierOutput: Hashable, Sendable, CaseIterable {
    /// Decided from the values: one value per sample is a ``probability`` if every value lies
    /// in [0, 1] and a ``logit`` otherwise; several values per sample are ``probabilities`` if
    /// every row lies in [0, 1] and sums to 1, and ``logits`` otherwise. Name the output
    /// explicitly when an untrained model's logits could all fall in [0, 1].
    case automatic
    /// One value per sample: the probability of class 1 (as from a sigmoid output layer).
    case probability
    /// One value per sample: the logit of class 1, turned into a probability by the sigmoid.
    case logit
    /// C values per sample: the probability of each class (as from a softmax output layer).
    case probabilities
    /// C values per sample: unnormalised class scores, turned into probabilities by softmax.
    case logits
}
