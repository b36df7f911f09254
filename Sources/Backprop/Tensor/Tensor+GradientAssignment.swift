extension Tensor {
    /// Replaces the accumulated gradient (what ``grad`` returns) with `newGradient`, or forgets
    /// it when `newGradient` is nil, as assigning PyTorch's `p.grad` does. For code that
    /// rewrites gradients between `backward()` and an optimizer step: clipping, scaling,
    /// averaging across workers, or feeding gradients computed elsewhere.
    ///
    /// The gradient is shared by every copy of a leaf, so the change is seen through all of
    /// them; the next `backward()` adds to the new value. For an intermediate value it replaces
    /// the gradient kept by ``retainGrad()``.
    ///
    /// ```swift
    /// let w = Tensor<Double>([1, 2], requiresGrad: true)
    /// (w * w).sum().backward()
    /// w.setGrad(w.grad! * 0.5)   // w.grad = [1, 2]
    /// ```
    ///
    /// - Parameter newGradient: a tensor of this tensor's shape, or nil.
    public func setGrad(_ newGradient: Tensor?) {
        if let newGradient, newGradient.shape != shape {
            return raise(BackpropError(
                .shapeMismatch, operation: "setGrad(_:)",
                problem: "a gradient of shape \(Shape.describe(newGradient.shape)) for a tensor of shape \(Shape.describe(shape))",
                fix: "Pass a gradient of shape \(Shape.describe(shape)), the shape of the tensor it belongs to"))
        }
        switch tracking {
        case .constant:
            guard newGradient != nil else { return }
            raise(BackpropError(
                .noGradientRequired, operation: "setGrad(_:)",
                problem: "this tensor of shape \(Shape.describe(shape)) is a constant, so it has no gradient to set",
                fix: "Create the tensor with requiresGrad: true (or call requiringGrad()) to give it a gradient"))
        case .leaf(let leaf):
            leaf.gradient = newGradient
        case .recorded(let tape, let node):
            tape.sweepLock.withLock { tape.retainedTensorGradients[node] = newGradient.map(TensorGradient.init) }
        }
    }
}
