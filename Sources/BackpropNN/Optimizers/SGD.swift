import Backprop

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2
/// weight decay, with the formulas and order of operations of PyTorch's `torch.optim.SGD`.
///
/// For each parameter p with gradient g, with weight decay λ, momentum μ, dampening τ and
/// learning rate η:
///
///     g ← g + λ·p
///     b ← g on the first step, b ← μ·b + (1 − τ)·g afterwards     (when μ ≠ 0)
///     g ← g + μ·b with Nesterov momentum, g ← b without
///     p ← p − η·g
///
/// ```swift
/// let optimizer = SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true)
/// loss(model).backward()
/// optimizer.step(model)
/// ```
public final class SGD<Element: TensorElement>: Optimizer {
    /// The step size η.
    public var learningRate: Element
    /// The momentum factor μ; 0 for plain gradient descent.
    public let momentum: Element
    /// The dampening τ of the gradient added to the momentum buffer.
    public let dampening: Element
    /// The L2 penalty λ: λ·p is added to the gradient.
    public let weightDecay: Element
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool

    /// The momentum buffer of each parameter, by name.
    private var momentumBuffers: [String: Tensor<Element>] = [:]

    /// An optimizer with the given hyperparameters; PyTorch's defaults except the learning
    /// rate, which you choose.
    ///
    /// ```swift
    /// let optimizer = SGD<Float>(learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4)
    /// ```
    ///
    /// All values must be non-negative; Nesterov momentum needs a positive momentum and no
    /// dampening.
    public init(
        learningRate: Element, momentum: Element = 0, dampening: Element = 0, weightDecay: Element = 0,
        nesterov: Bool = false
    ) {
        let operation = "SGD(learningRate:momentum:dampening:weightDecay:nesterov:)"
        validateHyperparameter(learningRate >= 0, operation, problem: "the learning rate is \(learningRate)",
                               fix: "Pass a learning rate of 0 or more")
        validateHyperparameter(momentum >= 0, operation, problem: "the momentum is \(momentum)",
                               fix: "Pass a momentum of 0 or more")
        validateHyperparameter(weightDecay >= 0, operation, problem: "the weight decay is \(weightDecay)",
                               fix: "Pass a weight decay of 0 or more")
        validateHyperparameter(
            !nesterov || (momentum > 0 && dampening == 0), operation,
            problem: "Nesterov momentum with momentum \(momentum) and dampening \(dampening)",
            fix: "Use Nesterov momentum with a positive momentum and dampening 0")
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    /// Takes one step on every parameter of `model` that has a gradient.
    ///
    /// ```swift
    /// optimizer.step(model)
    /// ```
    public func step<Model: Parameterized>(_ model: Model) where Model.Element == Element {
        model.updateParametersWithGradients { name, parameter, gradient in
            var gradient = gradient
            if weightDecay != 0 { gradient = gradient + weightDecay * parameter }
            if momentum != 0 {
                let buffer = momentumBuffers[name].map { $0 * momentum + (1 - dampening) * gradient } ?? gradient
                momentumBuffers[name] = buffer
                gradient = nesterov ? gradient + momentum * buffer : buffer
            }
            return parameter.addingProduct(-learningRate, gradient)
        }
    }

    /// Forgets every momentum buffer.
    ///
    /// ```swift
    /// optimizer.resetState()
    /// ```
    public func resetState() {
        momentumBuffers = [:]
    }
}
