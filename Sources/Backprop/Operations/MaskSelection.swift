extension Tensor {
    /// The elements (or sub-tensors) where `mask` is nonzero, in row-major order, as PyTorch's
    /// `x[mask]` with a boolean mask: see ``selected(where:)``.
    ///
    /// ```swift
    /// let x = Tensor<Double>([1, -2, 3, -4])
    /// x[mask: x .> 0]   // [1, 3]
    /// ```
    public subscript(mask mask: Tensor) -> Tensor { selected(where: mask) }

    /// The elements where `mask` (a 0/1 tensor, such as a comparison's result) is nonzero, as a
    /// 1-D tensor in row-major order, as PyTorch's `x[mask]` and `masked_select`. The mask's shape
    /// must equal this tensor's shape, or its leading axes: then whole sub-tensors are selected
    /// and the result has shape [number selected] + the remaining axes. The gradient is scattered
    /// back to the selected positions; the others get 0.
    ///
    /// ```swift
    /// let rows = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [3, 2])
    /// rows.selected(where: Tensor([1, 0, 1]))   // [[1, 2], [5, 6]]
    /// ```
    public func selected(where mask: Tensor) -> Tensor {
        guard mask.rank <= rank, Array(shape[..<mask.rank]) == mask.shape else {
            raise(BackpropError(
                .shapeMismatch, operation: "selected(where:)",
                problem: "the mask's shape \(Shape.describe(mask.shape)) is not this tensor's shape \(Shape.describe(shape)) or its leading axes",
                fix: "Use a mask of shape \(Shape.describe(shape)) (or of its leading axes, to select sub-tensors); to fill instead, use maskedFilled(where:with:), which broadcasts"))
            return .placeholder(shape: [0] + shape[Swift.min(mask.rank, rank)...])
        }
        let rest = Array(shape[mask.rank...])
        let positions = mask.scalars.enumerated().compactMap { position, flag in flag != 0 ? position : nil }
        return reshaped(to: [mask.count] + rest).gathering(indices: positions, alongAxis: 0)
    }

    /// The tensor with `value` where `mask` is nonzero, as PyTorch's `masked_fill`: the mask
    /// broadcasts to this tensor's shape. The gradient passes where the mask is zero.
    ///
    /// ```swift
    /// let scores = Tensor<Double>([1, 2, 3, 4], shape: [2, 2])
    /// scores.maskedFilled(where: Tensor([0, 1]), with: -.infinity)   // [[1, -inf], [3, -inf]]
    /// ```
    public func maskedFilled(where mask: Tensor, with value: Element) -> Tensor {
        guard Shape.broadcast(shape, mask.shape) == shape else {
            raise(BackpropError(
                .shapeMismatch, operation: "maskedFilled(where:with:)",
                problem: "the mask's shape \(Shape.describe(mask.shape)) does not broadcast to this tensor's shape \(Shape.describe(shape))",
                fix: "Use a mask whose sizes, aligned from the right, equal this tensor's or are 1"))
            return self
        }
        return .where(mask, value, self)
    }
}
