import Backprop

/// The Huber loss of predictions against targets (same shape), as PyTorch's `huber_loss`: for
/// each difference d, ½d² where |d| < `delta` and delta·(|d| − ½delta) elsewhere, then
/// reduced. Quadratic near 0 and linear beyond `delta`, it is less sensitive to outliers than
/// the squared error; its gradient is d clipped to [−delta, delta] (divided by N for the mean).
/// `delta` must be positive.
///
/// ```swift
/// huberLoss(Tensor<Double>([0, 3]), Tensor([0.5, 0]), delta: 1)   // mean(0.125, 2.5)
/// ```
public func huberLoss<Element>(
    _ predictions: Tensor<Element>, _ targets: Tensor<Element>, delta: Element = 1, reduction: Reduction = .mean
) -> Tensor<Element> {
    let operation = "huberLoss(_:_:delta:reduction:)"
    guard delta > 0 else {
        BackpropError(.invalidArgument, operation: operation, problem: "delta \(delta) is not positive",
                      fix: "Pass a delta above 0, the size of difference where the loss turns from quadratic to linear").raise()
        return .zeros([])
    }
    guard sameShape(predictions, targets, operation: operation) else { return .zeros([]) }
    return reduction.reduce(quadraticThenLinear(predictions - targets, threshold: delta) * delta)
}

/// The smooth L1 loss of predictions against targets (same shape), as PyTorch's
/// `smooth_l1_loss`: for each difference d, ½d²/beta where |d| < `beta` and |d| − ½beta
/// elsewhere, then reduced; it is the Huber loss divided by beta. With beta = 0 it is the L1
/// loss |d|, as in PyTorch (with the L1 gradient convention sign(0) = 0). `beta` must not be negative.
public func smoothL1Loss<Element>(
    _ predictions: Tensor<Element>, _ targets: Tensor<Element>, beta: Element = 1, reduction: Reduction = .mean
) -> Tensor<Element> {
    let operation = "smoothL1Loss(_:_:beta:reduction:)"
    guard beta >= 0 else {
        BackpropError(.invalidArgument, operation: operation, problem: "beta \(beta) is negative",
                      fix: "Pass a beta of 0 (the L1 loss) or above").raise()
        return .zeros([])
    }
    guard sameShape(predictions, targets, operation: operation) else { return .zeros([]) }
    let difference = predictions - targets
    return reduction.reduce(beta == 0 ? abs(difference) : quadraticThenLinear(difference, threshold: beta))
}

/// ½d²/t where |d| < t and |d| − ½t elsewhere: continuous, with a continuous gradient clipped to ±1.
private func quadraticThenLinear<Element>(_ d: Tensor<Element>, threshold t: Element) -> Tensor<Element> {
    let magnitude = abs(d)
    return .where(magnitude .< t, d * d * (Element(0.5) / t), magnitude - Element(0.5) * t)
}
