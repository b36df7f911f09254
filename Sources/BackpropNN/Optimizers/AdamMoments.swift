import Backprop

/// The state an ``AdamOptimizer`` keeps for one parameter, and its single-tensor update,
/// in the order of operations of PyTorch's `_single_tensor_adam`.
struct AdamMoments<Element: TensorElement> {
    /// The number of steps taken on this parameter.
    var step = 0
    /// The running average of the gradient, m.
    var firstMoment: Tensor<Element>
    /// The running average of the squared gradient, v.
    var secondMoment: Tensor<Element>
    /// The largest v seen so far, with AMSGrad.
    var largestSecondMoment: Tensor<Element>?

    /// Zero moments for a parameter of `shape`.
    init(shape: [Int], amsgrad: Bool) {
        firstMoment = .zeros(shape)
        secondMoment = .zeros(shape)
        largestSecondMoment = amsgrad ? .zeros(shape) : nil
    }

    /// Advances the moments with `gradient` and returns the updated `parameter` (both after the
    /// weight decay).
    mutating func update(
        _ parameter: Tensor<Element>, gradient: Tensor<Element>, learningRate: Element, beta1: Element, beta2: Element, epsilon: Element
    ) -> Tensor<Element> {
        step += 1
        firstMoment = pyTorchLerp(firstMoment, gradient, weight: 1 - beta1)
        secondMoment = secondMoment * beta2 + (1 - beta2) * gradient * gradient

        let biasCorrection1 = 1 - Element.pow(beta1, Element(step))
        let biasCorrection2 = 1 - Element.pow(beta2, Element(step))
        let stepSize = learningRate / biasCorrection1
        let biasCorrection2SquareRoot = Element.pow(biasCorrection2, 0.5)

        var normalizer = secondMoment
        if let largest = largestSecondMoment {
            normalizer = Tensor.where(secondMoment .> largest, secondMoment, largest)
            largestSecondMoment = normalizer
        }
        let denominator = sqrt(normalizer) / biasCorrection2SquareRoot + epsilon
        return parameter - stepSize * firstMoment / denominator
    }
}
