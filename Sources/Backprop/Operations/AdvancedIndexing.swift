extension Tensor {
    /// Advanced (integer-array) indexing over the leading axes, as NumPy's and PyTorch's
    /// `x[t0, t1]` with integer index tensors: `indices[d]` holds positions along axis d (whole
    /// numbers; negative ones count from the end), the index tensors broadcast together to one
    /// shape B, and the result has shape B + the axes not indexed, with
    /// `result[b] = self[indices[0][b], indices[1][b], …]`.
    ///
    /// The gradient adds each output's gradient at the position it came from, so a position taken
    /// twice receives both (PyTorch's `index_put` with `accumulate: true`).
    ///
    /// ```swift
    /// let x = Tensor<Double>.arange(12).reshaped(to: [3, 4])
    /// x[indices: [Tensor([0, 2]), Tensor([1, 3])]]   // [1, 11]
    /// x[indices: [Tensor([2, 0])]]                   // rows 2 and 0, shape [2, 4]
    /// ```
    public subscript(indices indices: [Tensor]) -> Tensor {
        let operation = "subscript(indices:)"
        guard !indices.isEmpty, indices.count <= rank else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "\(indices.count) index tensors for a tensor of shape \(Shape.describe(shape)) (rank \(rank))",
                fix: "Give from 1 to \(rank) index tensors, one per leading axis"))
            return .placeholder(shape: [])
        }
        guard let indexShape = indices.dropFirst().reduce(Optional(indices[0].shape), { shape, index in shape.flatMap { Shape.broadcast($0, index.shape) } }) else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "the index tensors' shapes \(indices.map { Shape.describe($0.shape) }.joined(separator: ", ")) do not broadcast together",
                fix: "Use index tensors whose sizes, aligned from the right, are equal or 1"))
            return .placeholder(shape: [])
        }
        let leading = Array(shape[..<indices.count]), rest = Array(shape[indices.count...])
        let strides = Shape.strides(leading)
        var flat = [Int](repeating: 0, count: Shape.count(indexShape))
        for (axis, index) in indices.enumerated() {
            let size = shape[axis]
            for (k, value) in index.detached().broadcasted(to: indexShape).scalars.enumerated() {
                guard value.rounded() == value, value >= Element(-size), value < Element(size) else {
                    raise(BackpropError(
                        .invalidArgument, operation: operation,
                        problem: "index \(value) in index tensor \(axis) is \(value.rounded() == value ? "out of range" : "not a whole number") for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
                        fix: size == 0 ? "Axis \(axis) is empty; there is nothing to index" : "Use whole numbers in -\(size)..<\(size) (negative ones count from the end)"))
                    return .placeholder(shape: indexShape + rest)
                }
                let position = Int(value)
                flat[k] += (position < 0 ? position + size : position) * strides[axis]
            }
        }
        return reshaped(to: [Shape.count(leading)] + rest).gathering(indices: flat, alongAxis: 0).reshaped(to: indexShape + rest)
    }
}
