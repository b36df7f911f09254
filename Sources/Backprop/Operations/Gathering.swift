extension Tensor {
    /// The slices at `indices` along `axis`, in that order (repeats allowed), as PyTorch's
    /// `index_select`: the result has this tensor's shape with `axis` of size `indices.count`.
    /// Indices are in `0..<shape[axis]`. The gradient is scattered back with
    /// ``scatteringAdd(indices:alongAxis:intoShape:)``, so a slice taken twice gets both
    /// contributions.
    ///
    /// ```swift
    /// let table = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [3, 2])
    /// table.gathering(indices: [2, 0, 2], alongAxis: 0)   // [[5, 6], [1, 2], [5, 6]]
    /// ```
    public func gathering(indices: [Int], alongAxis axis: Int) -> Tensor {
        let operation = "gathering(indices:alongAxis:)"
        guard let axis = normalizedAxes([axis], operation: operation)?.first,
              Self.validIndices(indices, axis: axis, of: shape, operation: operation)
        else { return .placeholder(shape: []) }
        var outputShape = shape
        outputShape[axis] = indices.count
        let (outer, length, inner) = Self.view(shape, at: axis)
        let value = Tensor.computed(shape: outputShape) { out in
            indices.withUnsafeBufferPointer { indices in
                guard let base = indices.baseAddress else { return }
                IndexingKernels.gatherSlices(
                    storage.base, outer: outer, length: length, inner: inner, indices: base, indexCount: indices.count, out)
            }
        }
        let inputShape = shape
        return Tensor.record(
            .gather, value, inputs: [self],
            batching: .rules([{ g, _, _ in g.scatteringAdd(indices: indices, alongAxis: axis + 1, intoShape: [g.shape[0]] + inputShape) }]),
            { g, _, _ in g.scatteringAdd(indices: indices, alongAxis: axis, intoShape: inputShape) })
    }

    /// A zero tensor of `shape` with slice j of this tensor along `axis` added to its slice
    /// `indices[j]`: the adjoint of ``gathering(indices:alongAxis:)`` (PyTorch's `index_add`
    /// into zeros). Repeated indices accumulate. `shape` equals this tensor's shape except along
    /// `axis`, where this tensor has `indices.count` slices. The gradient is the gather.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3]).scatteringAdd(indices: [1, 0, 1], alongAxis: 0, intoShape: [3])   // [2, 4, 0]
    /// ```
    public func scatteringAdd(indices: [Int], alongAxis axis: Int, intoShape target: [Int]) -> Tensor {
        let operation = "scatteringAdd(indices:alongAxis:intoShape:)"
        guard let axis = normalizedAxes([axis], operation: operation)?.first,
              Self.agree(target, "the target shape", shape, exceptAlong: axis, operation: operation)
        else { return .placeholder(shape: target) }
        guard indices.count == shape[axis] else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "\(indices.count) indices for the \(shape[axis]) slices along axis \(axis) of a tensor of shape \(Shape.describe(shape))",
                fix: "Pass one index per slice along axis \(axis)"))
            return .placeholder(shape: target)
        }
        guard Self.validIndices(indices, axis: axis, of: target, operation: operation) else { return .placeholder(shape: target) }
        let (outer, length, inner) = Self.view(target, at: axis)
        let value = Tensor.computed(shape: target) { out in
            ElementwiseKernels.fill(out, with: 0, count: Shape.count(target))
            indices.withUnsafeBufferPointer { indices in
                guard let base = indices.baseAddress else { return }
                IndexingKernels.scatterAddSlices(
                    storage.base, outer: outer, indices: base, indexCount: indices.count, inner: inner, into: out, length: length)
            }
        }
        return Tensor.record(
            .scatterAdd, value, inputs: [self], batching: .rules([{ g, _, _ in g.gathering(indices: indices, alongAxis: axis + 1) }]),
            { g, _, _ in g.gathering(indices: indices, alongAxis: axis) })
    }

    /// One element per position, as `torch.gather` (NumPy's `take_along_axis`): `indices`, laid
    /// out row-major in `shape`, says which position along `axis` each element of the result
    /// comes from. `shape` equals this tensor's shape except along `axis`; for a matrix and
    /// `axis` 1, `result[i, j] = self[i, indices[i, j]]`. Indices are in `0..<self.shape[axis]`.
    /// The gradient is scattered back with ``scatteringAddElements(indices:alongAxis:intoShape:)``.
    ///
    /// ```swift
    /// let x = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3])
    /// x.gatheringElements(indices: [2, 0, 1, 1], shape: [2, 2], alongAxis: 1)   // [[3, 1], [5, 5]]
    /// ```
    public func gatheringElements(indices: [Int], shape indexShape: [Int], alongAxis axis: Int) -> Tensor {
        gatheringElements(indices: indices, shape: indexShape, alongAxis: axis, operation: "gatheringElements(indices:shape:alongAxis:)")
    }

    /// The element at position `indices[k]` along `axis` of each slice k across it, with `axis`
    /// removed: for [N, C] logits and N integer class labels, `picking(indices: labels,
    /// alongAxis: 1)` is the [N] vector of each row's logit for its label — the term a
    /// cross-entropy loss takes from `logSoftmax`. The slices are numbered row-major over the
    /// shape without `axis`; indices are in `0..<shape[axis]`. This is ``gatheringElements(indices:shape:alongAxis:)``
    /// with one index per slice; the gradient is scattered back to the picked positions.
    ///
    /// ```swift
    /// let logits = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3])
    /// logits.picking(indices: [2, 0], alongAxis: 1)   // [3, 4]
    /// ```
    public func picking(indices: [Int], alongAxis axis: Int) -> Tensor {
        let operation = "picking(indices:alongAxis:)"
        guard let axis = normalizedAxes([axis], operation: operation)?.first else { return .placeholder(shape: []) }
        var indexShape = shape
        indexShape[axis] = 1
        guard indices.count == Shape.count(indexShape) else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "\(indices.count) indices for the \(Shape.count(indexShape)) slices across axis \(axis) of a tensor of shape \(Shape.describe(shape))",
                fix: "Pass one index per slice (per row for axis 1 of a matrix), \(Shape.count(indexShape)) in all"))
            indexShape.remove(at: axis)
            return .placeholder(shape: indexShape)
        }
        let picked = gatheringElements(indices: indices, shape: indexShape, alongAxis: axis, operation: operation)
        indexShape.remove(at: axis)
        return picked.reshaped(to: indexShape)
    }

    /// A zero tensor of `shape` with each element of this tensor added at the position along
    /// `axis` that `indices` (one per element, row-major) names, as `torch.scatter_add` into
    /// zeros: the adjoint of ``gatheringElements(indices:shape:alongAxis:)``. Repeated positions
    /// accumulate. `shape` equals this tensor's shape except along `axis`. The gradient is the
    /// gather.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2], shape: [2, 1]).scatteringAddElements(indices: [2, 0], alongAxis: 1, intoShape: [2, 3])
    /// // [[0, 0, 1], [2, 0, 0]]
    /// ```
    public func scatteringAddElements(indices: [Int], alongAxis axis: Int, intoShape target: [Int]) -> Tensor {
        let operation = "scatteringAddElements(indices:alongAxis:intoShape:)"
        guard let axis = normalizedAxes([axis], operation: operation)?.first,
              Self.agree(target, "the target shape", shape, exceptAlong: axis, operation: operation),
              Self.validIndexCount(indices, shape: shape, operation: operation),
              Self.validIndices(indices, axis: axis, of: target, operation: operation)
        else { return .placeholder(shape: target) }
        let (outer, length, inner) = Self.view(target, at: axis)
        let value = Tensor.computed(shape: target) { out in
            ElementwiseKernels.fill(out, with: 0, count: Shape.count(target))
            indices.withUnsafeBufferPointer { indices in
                guard let base = indices.baseAddress else { return }
                IndexingKernels.scatterAddElements(
                    storage.base, outer: outer, picks: shape[axis], inner: inner, indices: base, into: out, length: length)
            }
        }
        let indexShape = shape
        return Tensor.record(
            .scatterAddElements, value, inputs: [self],
            batching: .rules([{ g, _, _ in
                g.gatheringElements(
                    indices: Self.stacked(indices, items: g.shape[0]), shape: [g.shape[0]] + indexShape, alongAxis: axis + 1)
            }]),
            { g, _, _ in g.gatheringElements(indices: indices, shape: indexShape, alongAxis: axis) })
    }

    /// ``gatheringElements(indices:shape:alongAxis:)``, reporting misuse as `operation`.
    private func gatheringElements(indices: [Int], shape indexShape: [Int], alongAxis axis: Int, operation: String) -> Tensor {
        guard let axis = normalizedAxes([axis], operation: operation)?.first,
              Self.agree(indexShape, "the index shape", shape, exceptAlong: axis, operation: operation),
              Self.validIndexCount(indices, shape: indexShape, operation: operation),
              Self.validIndices(indices, axis: axis, of: shape, operation: operation)
        else { return .placeholder(shape: indexShape.map { Swift.max($0, 0) }) }
        let (outer, length, inner) = Self.view(shape, at: axis)
        let value = Tensor.computed(shape: indexShape) { out in
            indices.withUnsafeBufferPointer { indices in
                guard let base = indices.baseAddress else { return }
                IndexingKernels.gatherElements(
                    storage.base, outer: outer, length: length, inner: inner, indices: base, picks: indexShape[axis], out)
            }
        }
        let inputShape = shape
        return Tensor.record(
            .gatherElements, value, inputs: [self],
            batching: .rules([{ g, _, _ in
                g.scatteringAddElements(
                    indices: Self.stacked(indices, items: g.shape[0]), alongAxis: axis + 1, intoShape: [g.shape[0]] + inputShape)
            }]),
            { g, _, _ in g.scatteringAddElements(indices: indices, alongAxis: axis, intoShape: inputShape) })
    }

    /// Element indices repeated for each of `items` stacked tensors: the indices of an element
    /// gather or scatter applied to a stack of gradients (a batched sweep) at once.
    static func stacked(_ indices: [Int], items: Int) -> [Int] {
        Array([[Int]](repeating: indices, count: items).joined())
    }

    /// A shape viewed as [outer, shape[axis], inner].
    static func view(_ shape: [Int], at axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (Shape.count(Array(shape[..<axis])), shape[axis], Shape.count(Array(shape[(axis + 1)...])))
    }

    /// Whether every index is in `0..<shape[axis]`; raises an error naming the first that is not.
    static func validIndices(_ indices: [Int], axis: Int, of shape: [Int], operation: String) -> Bool {
        let size = shape[axis]
        guard let position = indices.firstIndex(where: { $0 < 0 || $0 >= size }) else { return true }
        raise(BackpropError(
            .invalidArgument, operation: operation,
            problem: "index \(indices[position]) at position \(position) is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
            fix: size == 0 ? "Axis \(axis) is empty; there is nothing to index" : "Use indices in 0..<\(size)"))
        return false
    }

    /// Whether `other` (named in the message) and this tensor's `shape` have no negative size
    /// and agree on every axis but `axis`; raises an error otherwise.
    static func agree(
        _ other: [Int], _ otherName: String, _ shape: [Int], exceptAlong axis: Int, operation: String
    ) -> Bool {
        let agrees = other.count == shape.count && !other.contains { $0 < 0 }
            && other.indices.allSatisfy { $0 == axis || other[$0] == shape[$0] }
        if agrees { return true }
        raise(BackpropError(
            .shapeMismatch, operation: operation,
            problem: "\(otherName) \(Shape.describe(other)) does not fit this tensor's shape \(Shape.describe(shape)): they must have the same rank, no negative size, and agree on every axis except axis \(axis)",
            fix: "Make the shapes equal except along axis \(axis)"))
        return false
    }

    /// Whether there is one index per element of `shape`; raises an error otherwise.
    static func validIndexCount(_ indices: [Int], shape: [Int], operation: String) -> Bool {
        if indices.count == Shape.count(shape) { return true }
        raise(BackpropError(
            .shapeMismatch, operation: operation,
            problem: "\(indices.count) indices for shape \(Shape.describe(shape)), which has \(Shape.count(shape)) elements",
            fix: "Pass one index per element of \(Shape.describe(shape)), row-major"))
        return false
    }
}
