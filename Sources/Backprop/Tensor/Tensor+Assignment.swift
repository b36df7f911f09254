extension Tensor {
    /// Replaces this tensor's values with those of `values` (same shape), keeping its identity
    /// as a leaf: its gradient and everything that refers to it stay attached. For optimizer
    /// steps and loading weights, as PyTorch's in-place updates under `no_grad`. Nothing is
    /// recorded; values computed from it earlier keep the old values.
    ///
    /// ```swift
    /// withoutRecording { weight.assign(weight - 0.1 * weight.grad!) }
    /// ```
    public mutating func assign(_ values: Tensor) {
        guard values.shape == shape else {
            raise(BackpropError(
                .shapeMismatch, operation: "assign(_:)",
                problem: "new values of shape \(Shape.describe(values.shape)) for a tensor of shape \(Shape.describe(shape))",
                fix: "Assign values of shape \(Shape.describe(shape))"))
            return
        }
        if isKnownUniquelyReferenced(&storage) {
            ElementwiseKernels.copy(values.storage.base, to: storage.base, count: count)
        } else {
            storage = values.storage.copy()
        }
    }
}
