import Backprop

/// Adam with decoupled weight decay: the parameters shrink by a factor 1 − η·λ before each
/// Adam step instead of λ·p being added to the gradient, with the formulas and order of
/// operations of PyTorch's `torch.optim.AdamW`.
///
/// For each parameter p with gradient g at its t-th step:
///
///     p ← p·(1 − η·λ)
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     v̂ ← max(v̂, v) with AMSGrad, v̂ ← v without
///     p ← p − η/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
///
/// ```swift
/// let optimizer = AdamW<Float>(learningRate: 1e-3, weightDecay: 0.01)
/// loss(model).backward()
/// optimizer.step(model)
/// ```
public final class AdamW<Element: TensorElement>: Optimizer {
    /// The step size η.
    public var learningRate: Element
    /// The decay β₁ of the running average of the gradient.
    public let beta1: Element
    /// The decay β₂ of the running average of the squared gradient.
    public let beta2: Element
    /// The term ε added to the denominator, for numerical stability.
    public let epsilon: Element
    /// The decoupled weight decay λ: each step first multiplies the parameters by 1 − η·λ.
    public let weightDecay: Element
    /// Whether to normalize by the largest second-moment estimate so far (AMSGrad).
    public let amsgrad: Bool

    /// The moments of each parameter, by name.
    private var moments: [String: AdamMoments<Element>] = [:]

    /// An optimizer with the given hyperparameters; the defaults are PyTorch's (weight decay
    /// 0.01).
    ///
    /// ```swift
    /// let optimizer = AdamW<Double>(learningRate: 1e-3, weightDecay: 0.1)
    /// ```
    ///
    /// The learning rate, epsilon and weight decay must be non-negative, the betas in [0, 1).
    public init(
        learningRate: Element = 1e-3, beta1: Element = 0.9, beta2: Element = 0.999, epsilon: Element = 1e-8,
        weightDecay: Element = 1e-2, amsgrad: Bool = false
    ) {
        validateAdamHyperparameters(
            "AdamW(learningRate:beta1:beta2:epsilon:weightDecay:amsgrad:)", learningRate: learningRate, beta1: beta1,
            beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }

    /// Takes one step on every parameter of `model` that has a gradient.
    ///
    /// ```swift
    /// optimizer.step(model)
    /// ```
    public func step<Model: Parameterized>(_ model: Model) where Model.Element == Element {
        model.updateParametersWithGradients { name, parameter, gradient in
            var state = moments[name] ?? AdamMoments(shape: parameter.shape, amsgrad: amsgrad)
            let updated = state.update(
                parameter, gradient: gradient, learningRate: learningRate, beta1: beta1, beta2: beta2,
                epsilon: epsilon, weightDecay: weightDecay, decoupled: true)
            moments[name] = state
            return updated
        }
    }

    /// Forgets every moment estimate and step count.
    ///
    /// ```swift
    /// optimizer.resetState()
    /// ```
    public func resetState() {
        moments = [:]
    }
}
