import Backprop

/// The L2 penalty coefficient·Σ p² over every parameter of `model` (weights and biases), to add
/// to a loss; its gradient is 2·coefficient·p.
///
/// ```swift
/// let loss = crossEntropy(logits: model(x), labels: y) + l2Penalty(model, coefficient: 1e-4)
/// ```
public func l2Penalty<Model: Parameterized>(_ model: Model, coefficient: Model.Element) -> Tensor<Model.Element> {
    model.namedParameters.reduce(Tensor<Model.Element>(0)) { total, parameter in
        total + (parameter.value * parameter.value).sum()
    } * coefficient
}
