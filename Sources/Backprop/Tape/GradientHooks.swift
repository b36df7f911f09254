extension Tensor {
    /// What `hook` makes of `gradient`, the complete gradient of `value` (a description such as
    /// "the tensor `x`"). A hook must return a gradient of the value's shape, as PyTorch
    /// requires; any other shape is reported, and the gradient flows on unchanged.
    static func applying(_ hook: (Tensor) -> Tensor, to gradient: Tensor, of value: @autoclosure () -> String) -> Tensor {
        let replaced = hook(gradient)
        guard replaced.shape != gradient.shape else { return replaced }
        let shape = Shape.describe(gradient.shape)
        raise(BackpropError(
            .shapeMismatch, operation: "registerHook(_:)",
            problem: "the hook registered on \(value()) of shape \(shape) returned a gradient of shape \(Shape.describe(replaced.shape))",
            fix: "Return a gradient of shape \(shape): the one the hook receives, to inspect it, or a replacement of the same shape"))
        return gradient
    }
}

/// A tensor record whose node's values, and so its gradients, are `Tensor<Element>`: it keeps
/// the hooks registered on its node, which the sweep runs on the node's complete gradient.
protocol HookedRecord<Element>: TensorRecord {
    associatedtype Element: TensorElement
    var hooks: TensorHooks<Element> { get set }
}

/// The hooks registered on one tensor node, in the order they run.
struct TensorHooks<Element: TensorElement> {
    private(set) var all: [(Tensor<Element>) -> Tensor<Element>] = []
    /// Kept rather than computed: a sweep asks every record, mostly through unspecialised code.
    private(set) var isEmpty = true

    mutating func append(_ hook: @escaping (Tensor<Element>) -> Tensor<Element>) {
        all.append(hook)
        isEmpty = false
    }
}

extension Tape {
    /// Registers `hook` on tensor node `node`. A hook taking another element type than the
    /// node's gradients could never run, and is reported. A node whose graph is released keeps
    /// no hooks: no backward reaches it again.
    func addHook<Element>(_ hook: @escaping (Tensor<Element>) -> Tensor<Element>, to node: Int32) {
        guard let record = record(producing: node), !(record is ReleasedRecord) else { return }
        guard let hooked = record as? any HookedRecord<Element> else {
            return raise(BackpropError(
                .invalidArgument, operation: "registerHook(_:)",
                problem: "a hook taking Tensor<\(Element.self)> is registered on \(hookedValue(node)), whose gradients are not Tensor<\(Element.self)>",
                fix: "Register a hook that takes and returns the tensor's own type"))
        }
        hooked.hooks.append(hook)
    }

    /// How errors about hooks name node `node`: by its name, or as an unnamed value.
    func hookedValue(_ node: Int32) -> String {
        names[node].map { "the value `\($0)`" } ?? "an unnamed value"
    }
}
