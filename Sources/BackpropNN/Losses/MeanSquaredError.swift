import Backprop

/// The mean squared error Σ(prediction − target)²/N over all N elements, as PyTorch's
/// `MSELoss`; NaN for empty tensors (0/0), as PyTorch's. Its gradient is 2(a − y)/N. With
/// `reduction` `.sum` the squared errors are summed, with `.none` returned one per element,
/// as PyTorch's `reduction=` argument.
///
/// ```swift
/// let loss = meanSquaredError(model(x), y)   // PyTorch's MSELoss
/// let perElement = meanSquaredError(model(x), y, reduction: .none)
/// ```
public func meanSquaredError<Element>(
    _ predictions: Tensor<Element>, _ targets: Tensor<Element>, reduction: Reduction = .mean
) -> Tensor<Element> {
    if reduction == .mean { return meanSquaredError(predictions, targets, samples: .elements) }
    let operation = "meanSquaredError(_:_:reduction:)"
    guard let difference = difference(predictions, targets, operation: operation) else { return .zeros([]) }
    return reduction.reduce(difference * difference)
}

/// The squared error of each sample, ‖aᵢ − yᵢ‖², averaged over the m `samples`:
/// (1/m)·Σᵢ‖aᵢ − yᵢ‖². With `halved`, the seed derivations' J = 1/(2m)·Σᵢ‖aᵢ − yᵢ‖², whose
/// gradient is exactly (aᵢ − yᵢ)/m: for one sample (`.whole`, or a column with `.columns`)
/// J = ½‖a − y‖² and ∂J/∂a = a − y, so that the output layer's δᴸ = (aᴸ − y) ⊙ σ′(zᴸ) as the
/// derivations write it. No samples (m = 0) give NaN, as PyTorch's mean of nothing.
///
/// ```swift
/// let j = meanSquaredError(h, z, halved: true, samples: .columns)   // J = 1/(2m)·Σ‖h(xᵢ) − zᵢ‖²
/// let l = meanSquaredError(o, t, halved: true, samples: .whole)     // l = ½‖o − t‖²
/// ```
public func meanSquaredError<Element>(
    _ predictions: Tensor<Element>, _ targets: Tensor<Element>, halved: Bool = false, samples: SampleLayout
) -> Tensor<Element> {
    let operation = "meanSquaredError(_:_:halved:samples:)"
    guard let difference = difference(predictions, targets, operation: operation),
          let sampleCount = samples.sampleCount(of: predictions.shape, operation: operation)
    else { return .zeros([]) }
    return (difference * difference).sum() / Element(halved ? 2 * sampleCount : sampleCount)
}

/// predictions − targets, or nil after raising an error naming `operation` when their shapes differ.
private func difference<Element>(_ predictions: Tensor<Element>, _ targets: Tensor<Element>, operation: String) -> Tensor<Element>? {
    guard predictions.shape == targets.shape else {
        BackpropError(
            .shapeMismatch, operation: operation,
            problem: "predictions of shape \(predictions.shape) and targets of shape \(targets.shape) differ",
            fix: "Pass targets shaped like the predictions").raise()
        return nil
    }
    return predictions - targets
}
