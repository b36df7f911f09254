import Backprop

/// A learning rate that follows a half cosine from a maximum down to a minimum over
/// `annealingSteps` epochs, ηₜ = η_min + (η_max − η_min)·(1 + cos(π·t / T))/2, as PyTorch's
/// `CosineAnnealingLR` (in its closed form, with T = `T_max`). Past T the cosine continues, so
/// the rate climbs back to η_max at 2T, as in PyTorch; restart the count for warm restarts.
///
/// ```swift
/// let schedule = CosineAnnealing<Double>(maximumLearningRate: 0.1, minimumLearningRate: 0.001, annealingSteps: 10)
/// schedule.learningRate(at: 0)    // 0.1
/// schedule.learningRate(at: 5)    // 0.0505
/// schedule.learningRate(at: 10)   // 0.001
/// ```
public struct CosineAnnealing<Element: TensorElement>: LearningRateSchedule, Sendable {
    /// The learning rate η_max at epoch 0: the optimizer's initial rate.
    public var maximumLearningRate: Element
    /// The learning rate η_min reached after `annealingSteps` epochs.
    public var minimumLearningRate: Element
    /// The number of epochs T from the maximum to the minimum; positive.
    public var annealingSteps: Int

    /// A schedule from `maximumLearningRate` down to `minimumLearningRate` over
    /// `annealingSteps` epochs; `annealingSteps` must be positive.
    ///
    /// ```swift
    /// let schedule = CosineAnnealing<Float>(maximumLearningRate: 3e-4, annealingSteps: 1000)
    /// ```
    public init(maximumLearningRate: Element, minimumLearningRate: Element = 0, annealingSteps: Int) {
        validateHyperparameter(
            annealingSteps > 0, "CosineAnnealing(maximumLearningRate:minimumLearningRate:annealingSteps:)",
            problem: "annealingSteps is \(annealingSteps)", fix: "Pass a number of annealing steps of 1 or more")
        self.maximumLearningRate = maximumLearningRate
        self.minimumLearningRate = minimumLearningRate
        self.annealingSteps = Swift.max(annealingSteps, 1)
    }

    /// η_min + (η_max − η_min)·(1 + cos(π·epoch / T))/2.
    ///
    /// ```swift
    /// CosineAnnealing<Double>(maximumLearningRate: 1, annealingSteps: 4).learningRate(at: 2)   // 0.5
    /// ```
    public func learningRate(at epoch: Int) -> Element {
        let angle = Element.pi * Element(epoch) / Element(Swift.max(annealingSteps, 1))
        return minimumLearningRate + (maximumLearningRate - minimumLearningRate) * (1 + Element.cos(angle)) / 2
    }
}
