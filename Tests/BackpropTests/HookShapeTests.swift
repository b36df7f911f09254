import Testing
@testable import Backprop

@Suite("Gradients from hooks and custom pullbacks have the value's shape")
struct HookShapeTests {
    @Test("a leaf hook returning [5] for a [3] leaf is an error naming the hook and both shapes; grad keeps shape [3]")
    func leafHookShape() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true).named("x")
        x.registerHook { _ in .ones([5]) }
        let error = raisedError { (x * x).sum().backward() }
        #expect(error?.kind == .shapeMismatch && error?.operation == "registerHook(_:)")
        #expect(error.map { "\($0)".contains("the leaf `x` of shape [3] returned a gradient of shape [5]") } == true)
        #expect(x.grad?.shape == [3])
    }

    @Test("an interior hook returning [2, 3] for a [3] value is an error, not summed into the gradient")
    func interiorHookBroadcastable() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        let hidden = (x * 2).named("hidden")
        hidden.registerHook { _ in .ones([2, 3]) }
        let error = raisedError { hidden.sum().backward() }
        #expect(error?.operation == "registerHook(_:)")
        #expect(error.map { "\($0)".contains("the value `hidden` of shape [3] returned a gradient of shape [2, 3]") } == true)
        #expect(x.grad?.scalars == [2, 2, 2])
    }

    @Test("a hook returning a shape that does not even broadcast is reported as the hook's error, not an internal one")
    func interiorHookNonBroadcastable() {
        let x = Tensor<Float>([1, 2, 3], requiresGrad: true)
        let hidden = exp(x)
        hidden.registerHook { _ in .ones([4]) }
        let error = raisedError { hidden.sum().backward() }
        #expect(error?.operation == "registerHook(_:)" && error.map { "\($0)".contains("an unnamed value of shape [3]") } == true)
    }

    @Test("hooks on 0-d tensors, on a leaf's own backward, and a hook of another element type")
    func otherHooks() {
        let s = Tensor<Double>(2, requiresGrad: true)
        s.registerHook { $0.reshaped(to: [1]) }
        #expect(raisedError { (s * s).backward() }?.operation == "registerHook(_:)")
        #expect(raisedError { s.backward() }?.operation == "registerHook(_:)")
        let leaf = Tensor<Double>([1, 2], requiresGrad: true)
        leaf.registerHook { $0 * 10 }
        leaf.backward(seed: .ones([2]))
        #expect(leaf.grad?.scalars == [10, 10])
        let y = Tensor<Double>([1, 2], requiresGrad: true) * 3
        guard case .recorded(let tape, let node) = y.tracking else { Issue.record("y is not recorded"); return }
        let error = raisedError { tape.addHook({ (gradient: Tensor<Float>) in gradient * 100 }, to: node) }
        #expect(error?.kind == .invalidArgument && error?.operation == "registerHook(_:)")
        #expect(error.map { "\($0)".contains("not Tensor<Float>") } == true)
        #expect(raisedError { y.sum().backward() } == nil)
    }

    @Test("a hook on a constant is an error, for tensors and Variables, as in PyTorch")
    func hookOnConstant() {
        #expect(raisedError { Tensor<Double>([1, 2]).registerHook { $0 } }?.kind == .noGradientRequired)
        #expect(raisedError { Variable(constant: 1).registerHook { $0 } }?.operation == "registerHook(_:)")
    }

    @Test("a custom pullback returning a broadcastable or a wrong shape is an error naming the operation and input")
    func customPullbackShape() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        for returned in [[2, 3], [4], []] {
            let y = Tensor.differentiable("twice", inputs: [x], value: { $0[0] * 2 }, pullback: { _, _, _ in [.ones(returned)] })
            let error = raisedError { y.sum().backward() }
            #expect(error?.kind == .shapeMismatch && error?.operation == "twice")
            #expect(error.map { "\($0)".contains("returned a gradient of shape \(Shape.describe(returned)) for inputs[0], of shape [3]") } == true)
        }
        #expect(x.grad == nil)
    }
}
