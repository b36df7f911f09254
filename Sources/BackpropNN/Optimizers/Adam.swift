import Backprop

/// Adam: gradient descent scaled by running estimates of the gradient's first and second
/// moments, with optional AMSGrad, and a weight decay applied as `Decay` says: ``Adam`` adds it
/// to the gradient as an L2 penalty, ``AdamW`` shrinks the parameters before the step. The
/// formulas and order of operations are PyTorch's `torch.optim.Adam`, whose
/// `decoupled_weight_decay=True` is `torch.optim.AdamW`.
///
/// For each parameter p with gradient g at its t-th step, with learning rate η, betas β₁, β₂,
/// epsilon ε and weight decay λ:
///
///     g ← g + λ·p (Adam)   or   p ← p·(1 − η·λ) (AdamW)
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     v̂ ← max(v̂, v) with AMSGrad, v̂ ← v without
///     p ← p − η/(1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
///
/// ```swift
/// let optimizer = Adam<Double>(learningRate: 1e-3)
/// loss(model).backward()
/// optimizer.step(model)
/// ```
public final class AdamOptimizer<Element: TensorElement, Decay: AdamWeightDecay>: Optimizer {
    /// The step size η.
    public var learningRate: Element
    /// The decay β₁ of the running average of the gradient.
    public let beta1: Element
    /// The decay β₂ of the running average of the squared gradient.
    public let beta2: Element
    /// The term ε added to the denominator, for numerical stability.
    public let epsilon: Element
    /// The weight decay λ, applied as `Decay` says.
    public let weightDecay: Element
    /// Whether to normalize by the largest second-moment estimate so far (AMSGrad).
    public let amsgrad: Bool

    /// The moments of each parameter, by name.
    private var moments: [String: AdamMoments<Element>] = [:]

    /// An optimizer with checked hyperparameters.
    fileprivate init(checking learningRate: Element, beta1: Element, beta2: Element, epsilon: Element, weightDecay: Element, amsgrad: Bool) {
        let operation = "\(Decay.optimizerName)(learningRate:beta1:beta2:epsilon:weightDecay:amsgrad:)"
        validateHyperparameter(learningRate >= 0, operation, problem: "the learning rate is \(learningRate)",
                               fix: "Pass a learning rate of 0 or more")
        validateHyperparameter(epsilon >= 0, operation, problem: "epsilon is \(epsilon)", fix: "Pass an epsilon of 0 or more")
        validateHyperparameter(beta1 >= 0 && beta1 < 1, operation, problem: "beta1 is \(beta1)",
                               fix: "Pass a beta1 in [0, 1), such as 0.9")
        validateHyperparameter(beta2 >= 0 && beta2 < 1, operation, problem: "beta2 is \(beta2)",
                               fix: "Pass a beta2 in [0, 1), such as 0.999")
        validateHyperparameter(weightDecay >= 0, operation, problem: "the weight decay is \(weightDecay)",
                               fix: "Pass a weight decay of 0 or more")
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
            var parameter = parameter, gradient = gradient
            if weightDecay != 0 {
                Decay.apply(weightDecay, learningRate: learningRate, parameter: &parameter, gradient: &gradient)
            }
            var state = moments[name] ?? AdamMoments(shape: parameter.shape, amsgrad: amsgrad)
            let updated = state.update(parameter, gradient: gradient, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
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

/// Adam with its weight decay as an L2 penalty, λ·p added to the gradient: PyTorch's
/// `torch.optim.Adam`.
///
/// ```swift
/// let optimizer = Adam<Float>(learningRate: 3e-4, beta1: 0.9, beta2: 0.98, amsgrad: true)
/// ```
public typealias Adam<Element: TensorElement> = AdamOptimizer<Element, L2WeightDecay>

/// Adam with decoupled weight decay: the parameters shrink by a factor 1 − η·λ before each
/// Adam step instead of λ·p being added to the gradient; PyTorch's `torch.optim.AdamW`.
///
/// ```swift
/// let optimizer = AdamW<Float>(learningRate: 1e-3, weightDecay: 0.01)
/// ```
public typealias AdamW<Element: TensorElement> = AdamOptimizer<Element, DecoupledWeightDecay>

extension AdamOptimizer where Decay == L2WeightDecay {
    /// An Adam optimizer with the given hyperparameters; the defaults are PyTorch's.
    ///
    /// ```swift
    /// let optimizer = Adam<Float>(learningRate: 3e-4, beta1: 0.9, beta2: 0.98, amsgrad: true)
    /// ```
    ///
    /// The learning rate, epsilon and weight decay must be non-negative, the betas in [0, 1).
    public convenience init(
        learningRate: Element = 1e-3, beta1: Element = 0.9, beta2: Element = 0.999, epsilon: Element = 1e-8,
        weightDecay: Element = 0, amsgrad: Bool = false
    ) {
        self.init(checking: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}

extension AdamOptimizer where Decay == DecoupledWeightDecay {
    /// An AdamW optimizer with the given hyperparameters; the defaults are PyTorch's (weight
    /// decay 0.01).
    ///
    /// ```swift
    /// let optimizer = AdamW<Double>(learningRate: 1e-3, weightDecay: 0.1)
    /// ```
    ///
    /// The learning rate, epsilon and weight decay must be non-negative, the betas in [0, 1).
    public convenience init(
        learningRate: Element = 1e-3, beta1: Element = 0.9, beta2: Element = 0.999, epsilon: Element = 1e-8,
        weightDecay: Element = 1e-2, amsgrad: Bool = false
    ) {
        self.init(checking: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}
