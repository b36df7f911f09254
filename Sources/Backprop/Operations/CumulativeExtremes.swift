extension Tensor {
    /// The running maxima along `axis` (negative counts from the end), with the position each
    /// came from, as PyTorch's `cummax(dim:)`: element k of each slice is the largest of
    /// x₀…x_k. As in PyTorch, among equal elements the latest position is reported, and a NaN
    /// propagates (each NaN becoming the running maximum). `indices` has this tensor's shape,
    /// row-major. The gradient of each output goes to the position it came from.
    ///
    /// ```swift
    /// let (values, indices) = Tensor<Double>([1, 3, 2, 3]).cumulativeMax(alongAxis: 0)
    /// // values [1, 3, 3, 3], indices [0, 1, 1, 3]
    /// ```
    public func cumulativeMax(alongAxis axis: Int) -> (values: Tensor, indices: [Int]) {
        runningExtreme(alongAxis: axis, largest: true, operation: "cumulativeMax(alongAxis:)")
    }

    /// The running minima along `axis`, with the position each came from, as PyTorch's
    /// `cummin(dim:)` (the latest of equal elements; a NaN propagates). The gradient of each
    /// output goes to the position it came from.
    ///
    /// ```swift
    /// Tensor<Double>([2, 1, 3, 1]).cumulativeMin(alongAxis: 0).indices   // [0, 1, 1, 3]
    /// ```
    public func cumulativeMin(alongAxis axis: Int) -> (values: Tensor, indices: [Int]) {
        runningExtreme(alongAxis: axis, largest: false, operation: "cumulativeMin(alongAxis:)")
    }

    /// The running extremes as an element gather of their positions, whose rule scatters the
    /// gradient back to them.
    private func runningExtreme(alongAxis axis: Int, largest: Bool, operation: String) -> (values: Tensor, indices: [Int]) {
        guard let axis = normalizedAxes([axis], operation: operation, zeroDimensionalAxis: true)?.first else { return (self, []) }
        if rank == 0 { return (self, [0]) }
        let (outer, length, inner) = Self.view(shape, at: axis)
        let indices = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                CumulativeExtremeKernels.extremePositions(storage.base, outer: outer, length: length, inner: inner, largest: largest, base)
            }
            initialized = count
        }
        return (gatheringElements(indices: indices, shape: shape, alongAxis: axis), indices)
    }
}
