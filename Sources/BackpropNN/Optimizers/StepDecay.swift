import Backprop

/// A learning rate multiplied by `gamma` every `stepSize` epochs: η₀·γ^⌊t / stepSize⌋, as
/// PyTorch's `StepLR` (in its closed form).
///
/// ```swift
/// let schedule = StepDecay<Double>(initialLearningRate: 0.1, stepSize: 30, gamma: 0.1)
/// schedule.learningRate(at: 29)   // 0.1
/// schedule.learningRate(at: 30)   // 0.01
/// ```
public struct StepDecay<Element: TensorElement>: LearningRateSchedule, Sendable {
    /// The learning rate η₀ of the first `stepSize` epochs.
    public var initialLearningRate: Element
    /// The number of epochs between two decays; positive.
    public var stepSize: Int
    /// The factor γ applied at each decay.
    public var gamma: Element

    /// A schedule starting at `initialLearningRate` and multiplied by `gamma` every
    /// `stepSize` epochs; `stepSize` must be positive.
    ///
    /// ```swift
    /// let schedule = StepDecay<Float>(initialLearningRate: 0.01, stepSize: 10, gamma: 0.5)
    /// ```
    public init(initialLearningRate: Element, stepSize: Int, gamma: Element = 0.1) {
        validateHyperparameter(stepSize > 0, "StepDecay(initialLearningRate:stepSize:gamma:)",
                               problem: "the step size is \(stepSize)", fix: "Pass a step size of 1 or more")
        self.initialLearningRate = initialLearningRate
        self.stepSize = Swift.max(stepSize, 1)
        self.gamma = gamma
    }

    /// η₀·γ^⌊epoch / stepSize⌋ for `epoch` ≥ 0 (negative epochs count as 0).
    ///
    /// ```swift
    /// StepDecay<Double>(initialLearningRate: 1, stepSize: 2, gamma: 0.5).learningRate(at: 5)   // 0.25
    /// ```
    public func learningRate(at epoch: Int) -> Element {
        initialLearningRate * Element.pow(gamma, Element(Swift.max(epoch, 0) / Swift.max(stepSize, 1)))
    }
}
