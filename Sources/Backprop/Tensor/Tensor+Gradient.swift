extension Tensor {
    /// ∂output/∂self accumulated by every `backward()` that reached this tensor, or nil before
    /// any did. Kept for leaves created with `requiresGrad: true`, and for intermediate values
    /// after ``retainGrad()``, as in PyTorch.
    public var grad: Tensor? {
        switch tracking {
        case .constant: nil
        case .leaf(let leaf): leaf.gradient
        case .recorded(let tape, let node): tape.sweepLock.withLock { tape.retainedTensorGradients[node]?.tensor(of: Element.self) }
        }
    }

    /// Forgets the accumulated gradient (``grad`` becomes nil), as PyTorch's `zero_grad()` does.
    public func zeroGrad() {
        switch tracking {
        case .constant: break
        case .leaf(let leaf): leaf.gradient = nil
        case .recorded(let tape, let node): tape.sweepLock.withLock { tape.retainedTensorGradients[node] = nil }
        }
    }

    /// Keeps the gradient of this intermediate value, so that ``grad`` can read it after
    /// `backward()`: for instance δˡ = ∂J/∂zˡ of a layer's pre-activation.
    public func retainGrad() {
        guard case .recorded(let tape, let node) = tracking else { return }
        tape.sweepLock.withLock { _ = tape.retainedTensorNodes.insert(node) }
    }

    /// Computes the gradient of this 0-d (or one-element) tensor with respect to every leaf it
    /// depends on, accumulating into their ``grad``.
    ///
    /// - Parameters:
    ///   - retainGraph: keep the entries so that `backward()` can run again through the same graph.
    ///   - createGraph: record the backward sweep itself, so that the gradients in ``grad`` can be
    ///     differentiated again; implies `retainGraph`. As in PyTorch, this ties each leaf to its
    ///     own gradient until ``zeroGrad()``; the functional ``gradient(at:of:)`` does not.
    public func backward(retainGraph: Bool = false, createGraph: Bool = false) {
        guard count == 1 else {
            return raise(BackpropError(
                .missingSeed, operation: "backward",
                problem: "the output has shape \(Shape.describe(shape)) (\(count) elements); without a seed only a scalar output can start the chain rule",
                fix: "Reduce it first (y.sum().backward(), y.mean().backward()) or pass the gradient of a final scalar with respect to it: backward(seed:) with a tensor of shape \(Shape.describe(shape))"))
        }
        backward(seed: Tensor(storage: TensorStorage(repeating: 1, count: 1), shape: shape), retainGraph: retainGraph,
                 createGraph: createGraph)
    }

    /// Computes the vector–Jacobian product: the gradient of Σ seed ⊙ self with respect to every
    /// leaf, accumulating into their ``grad``.
    ///
    /// - Parameters:
    ///   - seed: ∂L/∂self for some final scalar L; it must have this tensor's shape.
    ///   - retainGraph: keep the entries so that `backward()` can run again through the same graph.
    ///   - createGraph: record the backward sweep itself (see ``backward(retainGraph:createGraph:)``).
    public func backward(seed: Tensor, retainGraph: Bool = false, createGraph: Bool = false) {
        guard seed.shape == shape else {
            return raise(BackpropError(
                .seedShapeMismatch, operation: "backward(seed:)",
                problem: "the seed has shape \(Shape.describe(seed.shape)) but the output has shape \(Shape.describe(shape))",
                fix: "Pass a seed of shape \(Shape.describe(shape)), the gradient of the final scalar with respect to this output"))
        }
        switch tracking {
        case .constant:
            raise(BackpropError(
                .noGradientRequired, operation: "backward",
                problem: "this tensor of shape \(Shape.describe(shape)) does not depend on anything that requires a gradient; it is a constant, detached, or was computed inside withoutRecording",
                fix: "Create the inputs you differentiate with respect to with requiresGrad: true"))
        case .leaf(let leaf):
            leaf.accumulate(leaf.applyingHooks(to: createGraph ? seed : seed.detached()), recording: createGraph)
        case .recorded(let tape, let node):
            var seeds = Seeds()
            seeds.add(createGraph ? seed : seed.detached(), for: node)
            Tape.backward(from: tape, seeds: seeds, retainGraph: retainGraph, createGraph: createGraph)
        }
    }

    /// Runs `hook` on this value's gradient during every backward that reaches it, once the
    /// gradient is complete and before it flows on: return it unchanged to inspect or record
    /// it, or return another tensor of the same shape to replace it (to clip it, for instance).
    ///
    /// ```swift
    /// hidden.registerHook { gradient in print(gradient.shape); return gradient }
    /// ```
    ///
    /// As in PyTorch, a hook that returns another shape is an error (the backward reports it
    /// and goes on with the gradient the hook received), and so is a hook on a constant, which
    /// no gradient reaches.
    public func registerHook(_ hook: @escaping (Tensor) -> Tensor) {
        switch tracking {
        case .constant:
            raise(BackpropError(
                .noGradientRequired, operation: "registerHook(_:)",
                problem: "this tensor of shape \(Shape.describe(shape)) is a constant, so no gradient reaches a hook on it",
                fix: "Register the hook on a tensor created with requiresGrad: true, or on a result computed from one outside withoutRecording"))
        case .leaf(let leaf): leaf.hooks.append(hook)
        case .recorded(let tape, let node): tape.sweepLock.withLock { tape.addHook(hook, to: node) }
        }
    }
}
