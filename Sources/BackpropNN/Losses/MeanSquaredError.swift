import Backprop

/// The mean squared error Σ(prediction − target)²/N over all N elements; with `halved`, the
/// seed derivations' ½‖a − y‖² convention (averaged over the batch rows), whose gradient is
/// exactly a − y per sample: ½·Σ(prediction − target)² / (number of rows).
///
/// ```swift
/// let loss = meanSquaredError(model(x), y)                 // PyTorch's MSELoss
/// let seed = meanSquaredError(model(x), y, halved: true)   // J = 1/(2m)·Σ‖h(xᵢ) − yᵢ‖²
/// ```
public func meanSquaredError<Element>(
    _ predictions: Tensor<Element>, _ targets: Tensor<Element>, halved: Bool = false
) -> Tensor<Element> {
    guard predictions.shape == targets.shape else {
        BackpropError(
            .shapeMismatch, operation: "meanSquaredError",
            problem: "predictions of shape \(predictions.shape) and targets of shape \(targets.shape) differ",
            fix: "Pass targets shaped like the predictions").raise()
        return .zeros([])
    }
    let difference = predictions - targets
    let squares = (difference * difference).sum()
    guard halved else { return squares / Element(max(predictions.count, 1)) }
    return squares / Element(2 * max(predictions.shape.first ?? 1, 1))
}
