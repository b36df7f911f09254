extension Tensor {
    /// The running products along `axis` (negative counts from the end): element k of each slice
    /// is x₀·x₁·…·x_k, as PyTorch's `cumprod(dim:)`.
    ///
    /// The gradient is exact when factors are zero, one or several, as PyTorch's: ∂y_k/∂x_j is
    /// the product of the other factors, computed by a running product (see
    /// `linearRecurrence(coefficients:alongAxis:reversed:)`), never as y_k / x_j. A 0-d tensor
    /// accepts axis 0 or −1 and is its own running product.
    ///
    /// ```swift
    /// Tensor<Double>([2, 3, 0, 4]).cumulativeProduct(alongAxis: 0)   // [2, 6, 0, 0]
    /// ```
    public func cumulativeProduct(alongAxis axis: Int) -> Tensor {
        guard let normalized = normalizedAxes([axis], operation: "cumulativeProduct(alongAxis:)", zeroDimensionalAxis: true)
        else { return self }
        if rank == 0 { return self }
        return runningProduct(alongAxis: normalized[0])
    }

    /// The products along `axes` (negative axes count from the end), keeping them as axes of
    /// size 1 when `keepingDimensions` is true, as PyTorch's `prod(dim:keepdim:)`. The product
    /// along an empty axis is 1. The gradient of each factor is the product of the others, exact
    /// with any number of zeros (PyTorch's rule; no division). A 0-d tensor accepts axis 0 or −1.
    ///
    /// ```swift
    /// let x = Tensor<Double>([2, 0, 4], requiresGrad: true)
    /// x.product(alongAxes: [0]).backward()   // x.grad: [0, 8, 0]
    /// ```
    public func product(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "product(alongAxes:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return self }
        var result = self
        for axis in normalized {
            var kept = result.shape
            kept[axis] = 1
            guard result.shape[axis] > 0 else {
                result = .ones(kept)
                continue
            }
            var starts = [Int](repeating: 0, count: rank)
            starts[axis] = result.shape[axis] - 1
            result = result.runningProduct(alongAxis: axis).sliced(starts: starts, steps: [Int](repeating: 1, count: rank), counts: kept)
        }
        guard !keepingDimensions else { return result }
        let dropped = Set(normalized)
        return result.reshaped(to: shape.indices.filter { !dropped.contains($0) }.map { shape[$0] })
    }

    /// The products along `axes`, keeping them as axes of size 1 when `keepingDimensions` is true.
    public func product(alongAxes axes: Int..., keepingDimensions: Bool = false) -> Tensor {
        product(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    /// The product of all elements, as a 0-d tensor (1 for an empty tensor), as PyTorch's
    /// `prod()`; the gradient is exact with zeros (see ``product(alongAxes:keepingDimensions:)``).
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4], shape: [2, 2]).product()   // 24
    /// ```
    public func product() -> Tensor {
        reshaped(to: [count]).product(alongAxes: [0])
    }

    /// Running products along a valid, non-negative axis: the recurrence h_k = x_k·h_{k−1} started
    /// at h₀ = x₀, that is, coefficients x and the offsets x at the first position, 0 elsewhere.
    private func runningProduct(alongAxis axis: Int) -> Tensor {
        guard shape[axis] > 0 else { return self }
        var firstShape = shape
        firstShape[axis] = 1
        let first = sliced(starts: [Int](repeating: 0, count: rank), steps: [Int](repeating: 1, count: rank), counts: firstShape)
        var padding = [(before: Int, after: Int)](repeating: (0, 0), count: rank)
        padding[axis].after = shape[axis] - 1
        return first.padded(padding).linearRecurrence(coefficients: self, alongAxis: axis, reversed: false)
    }
}
