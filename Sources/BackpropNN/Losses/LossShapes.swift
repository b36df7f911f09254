import Backprop

/// Whether predictions and targets have the same shape, raising an error for `operation` when not.
func sameShape<Element>(_ predictions: Tensor<Element>, _ targets: Tensor<Element>, operation: String) -> Bool {
    guard predictions.shape == targets.shape else {
        BackpropError(
            .shapeMismatch, operation: operation,
            problem: "predictions of shape \(predictions.shape) and targets of shape \(targets.shape) differ",
            fix: "Pass targets shaped like the predictions").raise()
        return false
    }
    return true
}
