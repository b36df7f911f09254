import Backprop

/// A learning rate that changes with the epoch (or step) count, such as ``StepDecay`` and
/// ``CosineAnnealing``: PyTorch's `torch.optim.lr_scheduler`, as pure functions of the count.
///
/// Ask it for the rate at a count, or set an optimizer's rate before each epoch:
///
/// ```swift
/// let optimizer = SGD<Double>(learningRate: 0.1, momentum: 0.9)
/// let schedule = CosineAnnealing<Double>(maximumLearningRate: 0.1, annealingSteps: 100)
/// for epoch in 0..<100 {
///     schedule.apply(to: optimizer, at: epoch)
///     train(model, optimizer)
/// }
/// ```
public protocol LearningRateSchedule<Element> {
    /// The element type of the learning rate.
    associatedtype Element: TensorElement

    /// The learning rate for epoch (or step) `epoch`, counted from 0.
    func learningRate(at epoch: Int) -> Element
}

extension LearningRateSchedule {
    /// Sets `optimizer`'s learning rate to the rate for `epoch`: call it before the epoch's
    /// steps. The same as PyTorch's scheduler after `epoch` calls of `scheduler.step()`.
    ///
    /// ```swift
    /// StepDecay<Double>(initialLearningRate: 0.1, stepSize: 30).apply(to: optimizer, at: epoch)
    /// ```
    public func apply<Target: Optimizer>(to optimizer: Target, at epoch: Int) where Target.Element == Element {
        optimizer.learningRate = learningRate(at: epoch)
    }
}
