import Backprop

/// Scales the gradients of all of `model`'s parameters together so that their global L2 norm
/// is at most `maxNorm`, and returns the norm they had before, as PyTorch's
/// `torch.nn.utils.clip_grad_norm_`.
///
/// The total norm is the norm of the per-parameter norms, ‖(‖g₁‖, ‖g₂‖, …)‖; every gradient is
/// multiplied by c = maxNorm/(total + 10⁻⁶) when c < 1 and left alone otherwise (so, as in
/// PyTorch, a total just below `maxNorm` is still scaled, by a factor within 10⁻⁶ of 1).
/// Parameters without a gradient are skipped; with none the result is 0.
///
/// ```swift
/// loss(model).backward()
/// let norm = clipGradientNorm(model, maxNorm: 1.0)   // before clipping
/// optimizer.step(model)
/// ```
@discardableResult
public func clipGradientNorm<Model: Parameterized>(_ model: Model, maxNorm: Model.Element) -> Model.Element {
    typealias Element = Model.Element
    return withoutRecording {
        var parameters: [Tensor<Element>] = []
        var norms: [Element] = []
        model.visitParameters { _, parameter in
            guard let gradient = parameter.grad else { return }
            parameters.append(parameter)
            norms.append(gradient.detached().norm().scalar ?? 0)
        }
        guard !norms.isEmpty else { return 0 }
        let total = Tensor(norms).norm().scalar ?? 0
        // PyTorch computes maxNorm / (total + 1e-6) as a tensor: reciprocal, then product.
        let coefficient = maxNorm * (1 / (total + Element(1e-6)))
        if coefficient < 1 || coefficient.isNaN {
            for parameter in parameters {
                guard let gradient = parameter.grad else { continue }
                parameter.setGrad(gradient.detached() * coefficient)
            }
        }
        return total
    }
}
