extension Tensor {
    /// A copy of this tensor with the elements that `indices` select replaced by `values`, or with
    /// `accumulating: true` increased by them: PyTorch's out-of-place
    /// `index_put(indices, values, accumulate)` (JAX's `x.at[indices].set(values)` and `.add`).
    /// The indices are the subscript's, slices and ``TensorIndex/positions(_:)`` alike, and
    /// `values` broadcasts to the shape the subscript would give. Nothing is changed in place.
    ///
    /// Where a position is selected twice, the last value written is kept (PyTorch leaves the
    /// choice unspecified); accumulating adds every one. The gradient reaches this tensor except
    /// at replaced positions, and `values` at the elements kept (at every one when accumulating).
    ///
    /// ```swift
    /// let x = Tensor<Double>.zeros([2, 3])
    /// x.replacing(.all, .positions([2, 0]), with: Tensor([1, 2]))           // [[2, 0, 1], [2, 0, 1]]
    /// x.replacing(.positions([1, 1]), with: Tensor([1]), accumulating: true) // row 1 becomes 2s
    /// ```
    public func replacing(_ indices: TensorIndex..., with values: Tensor, accumulating: Bool = false) -> Tensor {
        // Where each selected element lives in this tensor: the same subscript of the positions.
        let positions = Tensor<Double>.arange(Double(count)).reshaped(to: shape).indexed(by: indices)
        guard Shape.broadcast(values.shape, positions.shape) == positions.shape else {
            raise(BackpropError(
                .shapeMismatch, operation: "replacing(_:with:)",
                problem: "values of shape \(Shape.describe(values.shape)) do not broadcast to the \(Shape.describe(positions.shape)) elements selected in a tensor of shape \(Shape.describe(shape))",
                fix: "Give values of shape \(Shape.describe(positions.shape)), or one that broadcasts to it"))
            return self
        }
        let source = values.broadcasted(to: positions.shape).reshaped(to: [positions.count])
        let rows = positions.scalars.map { Int($0) }, flat = reshaped(to: [count])
        let written = accumulating
            ? flat.scattering(source, indices: rows, alongAxis: 0, reduction: .sum)
            : flat.scattering(source, indices: rows, alongAxis: 0)
        return written.reshaped(to: shape)
    }
}
