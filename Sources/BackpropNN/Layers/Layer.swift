import Backprop

/// A building block of a model: a differentiable function of a tensor with named trainable
/// parameters, and a training or inference mode (which changes what `Dropout` and the batch
/// normalization layers do).
///
/// ```swift
/// let model = Sequential<Float>(Linear(inputSize: 64, outputSize: 32, seed: 1), ReLU(),
///                               Linear(inputSize: 32, outputSize: 10, seed: 2))
/// let logits = model(batch)
/// print(model.summary())
/// ```
public protocol Layer<Element>: Parameterized, CustomStringConvertible {
    /// The layer applied to a batch (or a single example, where the layer allows it).
    func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element>
    /// Switches between training (`true`) and inference (`false`) behaviour.
    func setTraining(_ training: Bool)
}

extension Layer {
    /// Layers without a mode of their own ignore it.
    public func setTraining(_ training: Bool) {}

    /// Layers without parameters visit none.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {}

    /// Switches to training behaviour, as PyTorch's `train()`.
    public func train() { setTraining(true) }

    /// Switches to inference behaviour, as PyTorch's `eval()`.
    public func evaluate() { setTraining(false) }

    /// A table of the model's parameters (name, shape, element count) and their total.
    public func summary() -> String {
        let rows = namedParameters.map { ($0.name, "\($0.value.shape)", $0.value.count) }
        let nameWidth = max(9, rows.map(\.0.count).max() ?? 0), shapeWidth = max(5, rows.map(\.1.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines = ["\(description)", "\(pad("parameter", nameWidth))  \(pad("shape", shapeWidth))  elements"]
        for (name, shape, count) in rows { lines.append("\(pad(name, nameWidth))  \(pad(shape, shapeWidth))  \(count)") }
        lines.append("total: \(parameterCount) parameters")
        return lines.joined(separator: "\n")
    }
}
