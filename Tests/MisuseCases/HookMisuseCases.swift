import Backprop

/// Hooks and custom pullbacks that return gradients of the wrong shape, hooks that cannot
/// apply, and in-place updates of leaves outside `withoutRecording`.
let hookMisuseCases: [MisuseCase] = [
    MisuseCase("leaf hook returning [5] for a [3] leaf", operation: "registerHook(_:)") {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        x.registerHook { _ in .ones([5]) }
        (x * x).sum().backward()
    },
    MisuseCase("interior hook returning [2, 3] for a [3] value", operation: "registerHook(_:)") {
        let hidden = Tensor<Double>([1, 2, 3], requiresGrad: true) * 2
        hidden.registerHook { _ in .ones([2, 3]) }
        hidden.sum().backward()
    },
    MisuseCase("interior hook returning [4] for a [3] value", operation: "registerHook(_:)") {
        let hidden = exp(Tensor<Float>([1, 2, 3], requiresGrad: true))
        hidden.registerHook { _ in .ones([4]) }
        hidden.sum().backward()
    },
    MisuseCase("hook on a constant tensor", operation: "registerHook(_:)") {
        Tensor<Float>([1, 2]).registerHook { $0 }
    },
    MisuseCase("custom pullback returning [2, 3] for a [3] input", operation: "twice") {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        Tensor.differentiable("twice", inputs: [x], value: { $0[0] * 2 }, pullback: { _, _, _ in [.ones([2, 3])] }).sum().backward()
    },
    MisuseCase("custom pullback returning [4] for a [3] input", operation: "twice") {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        Tensor.differentiable("twice", inputs: [x], value: { $0[0] * 2 }, pullback: { _, _, _ in [.ones([4])] }).sum().backward()
    },
    MisuseCase("tensor w -= 0.1 * w.grad! outside withoutRecording", operation: "-=") {
        var w = Tensor<Double>([1, 2], requiresGrad: true)
        (w * w).sum().backward()
        w -= 0.1 * w.grad!
        _ = w.grad!.scalars
    },
    MisuseCase("Variable w -= 0.1 * w.grad! outside withoutRecording", operation: "-=") {
        var w = Variable(3.0)
        (w * w).backward()
        w -= 0.1 * w.grad!
        _ = w.grad!
    },
]
