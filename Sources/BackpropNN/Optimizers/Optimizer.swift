import Backprop

/// Something that updates a model's parameters from their gradients: one step of gradient
/// descent or of one of its adaptive variants (``SGD``, ``Adam``, ``AdamW``, ``RMSProp``).
///
/// A step reads each parameter's ``Tensor/grad``, skips parameters without one (as PyTorch
/// does), and replaces the parameter's values in place with `assign(_:)` without recording, so
/// the parameter stays the same leaf. Optimizers are classes because they keep state between
/// steps (momentum buffers, moment estimates, step counts), one entry per parameter, keyed by
/// the parameter's name in ``Parameterized/visitParameters(_:)``: use one optimizer per model.
///
/// Each optimizer follows the single-tensor (`foreach=False`) implementation of its PyTorch
/// counterpart operation by operation, with tensor operations in the parameters' element type.
/// PyTorch's CPU kernels fuse some multiply-adds (`add` with `alpha`, `lerp`), so in `Double`
/// the results agree with PyTorch's to rounding, about 10⁻¹⁵ relative, not bit for bit.
///
/// ```swift
/// let model = ParameterDictionary(["w": Tensor<Double>([1, -2, 3], requiresGrad: true)])
/// let optimizer = SGD<Double>(learningRate: 0.1, momentum: 0.9)
/// for _ in 0..<100 {
///     model.zeroGrad()
///     (model["w"]! * model["w"]!).sum().backward()
///     optimizer.step(model)
/// }
/// ```
public protocol Optimizer<Element>: AnyObject {
    /// The element type of the parameters it updates.
    associatedtype Element: TensorElement

    /// The step size, lr in PyTorch; a ``LearningRateSchedule`` may change it between steps.
    var learningRate: Element { get set }

    /// Updates every parameter of `model` that has a gradient, in place, from that gradient and
    /// the state kept for the parameter's name.
    func step<Model: Parameterized>(_ model: Model) where Model.Element == Element

    /// Forgets the state kept for every parameter (momentum buffers, moment estimates, step
    /// counts), so that the next step is like the first; the hyperparameters stay.
    func resetState()
}

extension Parameterized {
    /// Calls `update` with the name, value and gradient of every parameter that has a gradient,
    /// all as constants, and assigns its result to the parameter without recording. The common
    /// loop of every optimizer's step.
    func updateParametersWithGradients(
        _ update: (_ name: String, _ value: Tensor<Element>, _ gradient: Tensor<Element>) -> Tensor<Element>
    ) {
        withoutRecording {
            visitParameters { name, parameter in
                guard let gradient = parameter.grad else { return }
                parameter.assign(update(name, parameter.detached(), gradient.detached()))
            }
        }
    }
}

/// Raises an invalid-argument error for a hyperparameter of `operation` unless `isValid`.
func validateHyperparameter(
    _ isValid: Bool, _ operation: String, problem: @autoclosure () -> String, fix: @autoclosure () -> String
) {
    guard !isValid else { return }
    BackpropError(.invalidArgument, operation: operation, problem: problem(), fix: fix()).raise()
}
