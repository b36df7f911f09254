extension Tensor {
    /// The smallest element, as a 0-d tensor (NaN if there is a NaN). As PyTorch's `min()`, the
    /// gradient is split evenly among the elements equal to the minimum, mirroring ``max()``; an
    /// empty tensor is a ``BackpropError``.
    ///
    /// ```swift
    /// Tensor<Double>([3, 1, 2]).min()   // 1
    /// ```
    public func min() -> Tensor {
        guard count > 0 else {
            raise(BackpropError(
                .invalidArgument, operation: "min()", problem: "the tensor of shape \(Shape.describe(shape)) is empty",
                fix: "Take the minimum of a tensor with at least one element"))
            return .placeholder(shape: [])
        }
        // min x = −max(−x): negation keeps ties tied, so they share the gradient.
        return -(-self).max()
    }

    /// The smallest elements along `axes` (negative axes count from the end), keeping them as
    /// axes of size 1 when `keepingDimensions` is true. Along each axis the gradient goes to the
    /// first smallest element, as `torch.min(dim)` routes it; a 0-d tensor accepts axis 0 or −1.
    ///
    /// ```swift
    /// Tensor<Double>([3, 1, 2, 0], shape: [2, 2]).min(alongAxes: [1])   // [1, 0]
    /// ```
    public func min(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "min(alongAxes:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { $0.min(alongAxes: normalized, keepingDimensions: true) } }
        if let empty = normalized.first(where: { shape[$0] == 0 }) {
            raise(BackpropError(
                .invalidArgument, operation: "min(alongAxes:)",
                problem: "axis \(empty) of shape \(Shape.describe(shape)) is empty", fix: "Reduce only along non-empty axes"))
            return self
        }
        return -(-self).max(alongAxes: normalized, keepingDimensions: keepingDimensions)
    }

    /// The smallest elements along `axes`, keeping them as axes of size 1 when `keepingDimensions` is true.
    public func min(alongAxes axes: Int..., keepingDimensions: Bool = false) -> Tensor {
        min(alongAxes: axes, keepingDimensions: keepingDimensions)
    }
}
