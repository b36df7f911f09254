extension Tensor {
    /// A copy of the tensor in storage of its own, as PyTorch's `clone()`: the same values,
    /// recorded as the identity, so gradients flow through it to the original. (Tensors are
    /// values here, so a clone is needed only to own fresh storage, for example before a leaf's
    /// ``assign(_:)``.)
    ///
    /// ```swift
    /// let x = Tensor<Double>([1, 2], requiresGrad: true)
    /// (x.clone() * 3).sum().backward()   // x.grad: [3, 3]
    /// ```
    public func clone() -> Tensor {
        let value = Tensor.computed(shape: shape) { $0.update(from: storage.base, count: count) }
        return Tensor.record(.clone, value, inputs: [self], batching: .sameRules, { g, _, _ in g })
    }
}
