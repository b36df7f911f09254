import Backprop

/// RMSProp: gradient descent divided by a running root mean square of the gradient, with
/// optional momentum, centering and L2 weight decay, with the formulas and order of
/// operations of PyTorch's `torch.optim.RMSprop`.
///
/// For each parameter p with gradient g, with learning rate η, smoothing α, epsilon ε,
/// momentum μ and weight decay λ:
///
///     g ← g + λ·p
///     s ← α·s + (1 − α)·g²
///     a ← √(s − ḡ²) + ε with ḡ ← α·ḡ + (1 − α)·g when centered, a ← √s + ε otherwise
///     b ← μ·b + g/a and p ← p − η·b when μ > 0, p ← p − η·g/a otherwise
///
/// ```swift
/// let optimizer = RMSProp<Double>(learningRate: 0.01, momentum: 0.9, centered: true)
/// loss(model).backward()
/// optimizer.step(model)
/// ```
public final class RMSProp<Element: TensorElement>: Optimizer {
    /// The step size η.
    public var learningRate: Element
    /// The smoothing constant α of the running averages.
    public let alpha: Element
    /// The term ε added to the denominator, for numerical stability.
    public let epsilon: Element
    /// The L2 penalty λ: λ·p is added to the gradient.
    public let weightDecay: Element
    /// The momentum factor μ; 0 for none.
    public let momentum: Element
    /// Whether to divide by an estimate of the gradient's variance rather than of its second
    /// moment.
    public let centered: Bool

    /// The state of one parameter.
    private struct State {
        /// The running average of the squared gradient, s.
        var squareAverage: Tensor<Element>
        /// The running average of the gradient, ḡ, when centered.
        var gradientAverage: Tensor<Element>?
        /// The momentum buffer, b, when the momentum is positive.
        var momentumBuffer: Tensor<Element>?
    }

    /// The state of each parameter, by name.
    private var states: [String: State] = [:]

    /// An optimizer with the given hyperparameters; the defaults are PyTorch's.
    ///
    /// ```swift
    /// let optimizer = RMSProp<Float>(learningRate: 1e-3, alpha: 0.9)
    /// ```
    ///
    /// All values must be non-negative.
    public init(
        learningRate: Element = 1e-2, alpha: Element = 0.99, epsilon: Element = 1e-8, weightDecay: Element = 0,
        momentum: Element = 0, centered: Bool = false
    ) {
        let operation = "RMSProp(learningRate:alpha:epsilon:weightDecay:momentum:centered:)"
        validateHyperparameter(learningRate >= 0, operation, problem: "the learning rate is \(learningRate)",
                               fix: "Pass a learning rate of 0 or more")
        validateHyperparameter(epsilon >= 0, operation, problem: "epsilon is \(epsilon)", fix: "Pass an epsilon of 0 or more")
        validateHyperparameter(momentum >= 0, operation, problem: "the momentum is \(momentum)",
                               fix: "Pass a momentum of 0 or more")
        validateHyperparameter(weightDecay >= 0, operation, problem: "the weight decay is \(weightDecay)",
                               fix: "Pass a weight decay of 0 or more")
        validateHyperparameter(alpha >= 0, operation, problem: "alpha is \(alpha)", fix: "Pass an alpha of 0 or more, such as 0.99")
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
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
            var state = states[name] ?? State(
                squareAverage: .zeros(parameter.shape),
                gradientAverage: centered ? .zeros(parameter.shape) : nil,
                momentumBuffer: momentum > 0 ? .zeros(parameter.shape) : nil)
            defer { states[name] = state }

            state.squareAverage = state.squareAverage * alpha + (1 - alpha) * gradient * gradient
            var average: Tensor<Element>
            if let gradientAverage = state.gradientAverage {
                let updated = pyTorchLerp(gradientAverage, gradient, weight: 1 - alpha)
                state.gradientAverage = updated
                average = sqrt(state.squareAverage - updated * updated)
            } else {
                average = sqrt(state.squareAverage)
            }
            average = average + epsilon

            if let buffer = state.momentumBuffer {
                let updated = buffer * momentum + gradient / average
                state.momentumBuffer = updated
                return parameter - learningRate * updated
            }
            return parameter - learningRate * gradient / average
        }
    }

    /// Forgets every running average and momentum buffer.
    ///
    /// ```swift
    /// optimizer.resetState()
    /// ```
    public func resetState() {
        states = [:]
    }
}
