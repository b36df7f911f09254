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

    /// What the hooks of node `node` of `tape`, kept untyped, make of its complete `gradient`.
    /// A hook for another element type cannot apply, and is reported.
    static func applyingHooks(of node: Int32, on tape: Tape, to gradient: Tensor) -> Tensor {
        var gradient = gradient
        for hook in tape.tensorHooks[node] ?? [] {
            guard let hook = hook as? (Tensor) -> Tensor else {
                raise(BackpropError(
                    .invalidArgument, operation: "registerHook(_:)",
                    problem: "a hook of type \(type(of: hook)) is registered on \(tape.hookedValue(node)), whose gradients are Tensor<\(Element.self)>",
                    fix: "Register a hook that takes and returns Tensor<\(Element.self)>"))
                continue
            }
            gradient = applying(hook, to: gradient, of: tape.hookedValue(node))
        }
        return gradient
    }
}

extension Tape {
    /// How errors about hooks name node `node`: by its name, or as an unnamed value.
    func hookedValue(_ node: Int32) -> String {
        names[node].map { "the value `\($0)`" } ?? "an unnamed value"
    }
}
