extension Tensor {
    /// Advanced (integer-array) indexing over the leading axes, as NumPy's and PyTorch's
    /// `x[t0, t1]` with integer index tensors: `indices[d]` holds positions along axis d (whole
    /// numbers; negative ones count from the end), the index tensors broadcast together to one
    /// shape B, and the result has shape B + the axes not indexed, with
    /// `result[b] = self[indices[0][b], indices[1][b], …]`. To mix index arrays with slices on
    /// any axes, write ``TensorIndex/positions(_:)`` in the ordinary subscript.
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
        guard let (positions, indexShape) = resolvedPositions(
            indices.map(TensorIndex.Positions.init), axes: Array(indices.indices), operation: operation,
            arrays: "index tensors", describe: { "index tensor \($0)" })
        else { return .placeholder(shape: []) }
        return gatheringLeading(positions, indexShape: indexShape)
    }

    /// The positions of `arrays` along `axes`, broadcast together to one shape and counted from
    /// the start; nil after raising an error, named `operation`, for arrays that do not broadcast
    /// (called `arrays` in the message) or a position that is fractional or out of range (in the
    /// array `describe(k)` names).
    func resolvedPositions(
        _ positionArrays: [TensorIndex.Positions], axes: [Int], operation: String, arrays: String, describe: (Int) -> String
    ) -> (positions: [[Int]], shape: [Int])? {
        guard let indexShape = positionArrays.dropFirst().reduce(Optional(positionArrays[0].shape), { shape, array in shape.flatMap { Shape.broadcast($0, array.shape) } }) else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "the \(arrays)' shapes \(positionArrays.map { Shape.describe($0.shape) }.joined(separator: ", ")) do not broadcast together",
                fix: "Use \(arrays) whose sizes, aligned from the right, are equal or 1"))
            return nil
        }
        var positions = [[Int]]()
        for (k, (array, axis)) in zip(positionArrays, axes).enumerated() {
            let size = shape[axis]
            var resolved = [Int]()
            for value in Tensor<Double>(array.values, shape: array.shape).broadcasted(to: indexShape).scalars {
                guard value.rounded() == value, value >= Double(-size), value < Double(size) else {
                    raise(BackpropError(
                        .invalidArgument, operation: operation,
                        problem: "index \(value) in \(describe(k)) is \(value.rounded() == value ? "out of range" : "not a whole number") for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
                        fix: size == 0 ? "Axis \(axis) is empty; there is nothing to index" : "Use whole numbers in -\(size)..<\(size) (negative ones count from the end)"))
                    return nil
                }
                resolved.append(value < 0 ? Int(value) + size : Int(value))
            }
            positions.append(resolved)
        }
        return (positions, indexShape)
    }

    /// `result[b] = self[positions[0][b], positions[1][b], …]` over the leading
    /// `positions.count` axes, of shape `indexShape` + the remaining axes, through one gather so
    /// that the gradient accumulates at repeated positions.
    func gatheringLeading(_ positions: [[Int]], indexShape: [Int]) -> Tensor {
        let leading = Array(shape[..<positions.count]), rest = Array(shape[positions.count...])
        let strides = Shape.strides(leading)
        var flat = [Int](repeating: 0, count: Shape.count(indexShape))
        for (axis, axisPositions) in positions.enumerated() {
            for (k, position) in axisPositions.enumerated() { flat[k] += position * strides[axis] }
        }
        return reshaped(to: [Shape.count(leading)] + rest).gathering(indices: flat, alongAxis: 0).reshaped(to: indexShape + rest)
    }
}
