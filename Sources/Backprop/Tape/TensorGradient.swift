/// The gradient of a tensor node, kept where the gradients of nodes of every element type are
/// kept together: the seeds and gradients of a sweep, a tape's retained gradients, the results
/// of a request.
///
/// It gives its tensor back only as the type it holds. A node's values and gradients always
/// share one element type, so reading it as another is a fault of the engine: it stops the
/// program rather than lose the gradient.
struct TensorGradient {
    /// The tensor, of its node's element type.
    let base: any GradientTensor

    init<Element>(_ tensor: Tensor<Element>) {
        base = tensor
    }

    /// The gradient as `Tensor<Element>`, its node's element type.
    func tensor<Element>(of _: Element.Type = Element.self) -> Tensor<Element> {
        guard let tensor = base as? Tensor<Element> else {
            preconditionFailure("Backprop: a gradient of type \(type(of: base)) was read as Tensor<\(Element.self)>")
        }
        return tensor
    }

    /// The sum of two gradients of one node.
    func adding(_ other: TensorGradient) -> TensorGradient {
        Self.add(base, other)
    }

    private static func add<Gradient: GradientTensor>(_ gradient: Gradient, _ other: TensorGradient) -> TensorGradient {
        TensorGradient(gradient.asTensor + other.tensor(of: Gradient.Element.self))
    }
}

/// A tensor as ``TensorGradient`` keeps it: generic code handed one learns its element type.
protocol GradientTensor {
    associatedtype Element: TensorElement
    var asTensor: Tensor<Element> { get }
}

extension Tensor: GradientTensor {
    var asTensor: Tensor { self }
}
