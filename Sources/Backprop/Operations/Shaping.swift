extension Tensor {
    /// The same elements in a new shape with the same element count; one size may be −1 and is
    /// then inferred. No elements are copied. The gradient is reshaped back.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func reshaped(to newShape: [Int]) -> Tensor {
        guard let resolved = resolvedShape(newShape) else { return .placeholder(shape: newShape.map { Swift.max($0, 1) }) }
        let value = Tensor(storage: storage, shape: resolved)
        let inputShape = shape
        return Tensor.record(
            .reshape, value, inputs: [self], batching: .rules([{ g, _, _ in g.reshapingItems(to: inputShape) }]),
            { g, _, _ in g.reshaped(to: inputShape) })
    }

    private func resolvedShape(_ requested: [Int]) -> [Int]? {
        let inferred = requested.indices.filter { requested[$0] == -1 }
        let known = Shape.checkedCounts(requested.filter { $0 != -1 }, elementSize: 1)?.elements
        var resolved = requested
        if inferred.count == 1, let known, known > 0, count % known == 0 { resolved[inferred[0]] = count / known }
        // Sizes that overflow (or are negative) have no count and so never match this one.
        guard inferred.count <= 1, Shape.checkedCounts(resolved, elementSize: MemoryLayout<Element>.stride)?.elements == count else {
            raise(BackpropError(
                .invalidReshape, operation: "reshaped(to:)",
                problem: "cannot reshape a tensor of shape \(Shape.describe(shape)) (\(count) elements) to \(Shape.describe(requested))\(inferred.count > 1 ? ": only one size may be -1" : "")",
                fix: "Choose sizes whose product is \(count), or use -1 for one size to infer it"))
            return nil
        }
        return resolved
    }

    /// The axes reordered: axis i of the result is axis `axes[i]` of this tensor (negative axes
    /// count from the end). The gradient is permuted back.
    public func permuted(_ axes: [Int]) -> Tensor {
        let normalized = axes.map { $0 < 0 ? $0 + rank : $0 }
        guard axes.count == rank, Set(normalized).count == rank, normalized.allSatisfy({ (0..<rank).contains($0) }) else {
            raise(BackpropError(
                .invalidAxis, operation: "permuted(_:)",
                problem: "\(axes) is not a permutation of the \(rank) axes of a tensor of shape \(Shape.describe(shape))",
                fix: "List every axis from 0 to \(rank - 1) exactly once"))
            return self
        }
        if normalized == Array(0..<rank) { return self }
        let value = Tensor.computed(shape: normalized.map { shape[$0] }) {
            TransposeKernels.permute(storage.base, shape: shape, permutation: normalized, $0)
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in normalized.enumerated() { inverse[axis] = position }
        let stackInverse = [0] + inverse.map { $0 + 1 }
        return Tensor.record(
            .permute, value, inputs: [self], batching: .rules([{ g, _, _ in g.permuted(stackInverse) }]),
            { g, _, _ in g.permuted(inverse) })
    }

    /// The axes reordered: axis i of the result is axis `axes[i]` of this tensor.
    public func permuted(_ axes: Int...) -> Tensor { permuted(axes) }

    /// The axes in reverse order, as NumPy's `.T`: rows and columns swapped for a matrix.
    public func transposed() -> Tensor { permuted(Array((0..<rank).reversed())) }

    /// The tensor without the axes of size 1 at `axes` (all axes of size 1 when `axes` is empty).
    public func squeezed(axes: [Int] = []) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "squeezed(axes:)") else { return self }
        if let axis = normalized.first(where: { shape[$0] != 1 }) {
            raise(BackpropError(
                .invalidAxis, operation: "squeezed(axes:)",
                problem: "axis \(axis) of shape \(Shape.describe(shape)) has size \(shape[axis]), not 1",
                fix: "Squeeze only axes of size 1"))
            return self
        }
        let removed = axes.isEmpty ? Set(shape.indices.filter { shape[$0] == 1 }) : Set(normalized)
        return reshaped(to: shape.indices.filter { !removed.contains($0) }.map { shape[$0] })
    }

    /// The tensor with a new axis of size 1 inserted at `axis` (−1 appends one at the end).
    public func unsqueezed(at axis: Int) -> Tensor {
        let position = axis < 0 ? axis + rank + 1 : axis
        guard (0...rank).contains(position) else {
            raise(BackpropError(
                .invalidAxis, operation: "unsqueezed(at:)",
                problem: "axis \(axis) is outside -\(rank + 1)...\(rank) for a tensor of shape \(Shape.describe(shape))",
                fix: "Insert at an axis between -\(rank + 1) and \(rank)"))
            return self
        }
        var newShape = shape
        newShape.insert(1, at: position)
        return reshaped(to: newShape)
    }

    /// The tensor repeated along axes of size 1 (and new leading axes) to `target`, following
    /// NumPy's broadcasting rules. The gradient is summed back.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func broadcasted(to target: [Int]) -> Tensor {
        guard target.allSatisfy({ $0 >= 0 }), Shape.broadcast(shape, target) == target else {
            raise(BackpropError(
                .shapeMismatch, operation: "broadcasted(to:)",
                problem: "shape \(Shape.describe(shape)) cannot be broadcast to \(Shape.describe(target))",
                fix: "Each size, aligned from the right, must equal the target's or be 1"))
            return .placeholder(shape: target)
        }
        if target == shape { return self }
        let zero = Tensor(Element(0))
        let value = Tensor.computed(shape: target) {
            ElementwiseKernels.binary(.add, storage.base, shape, zero.storage.base, [], $0, target)
        }
        // The sweep sums the gradient back to this tensor's shape.
        return Tensor.record(.broadcast, value, inputs: [self], batching: .sameRules, { g, _, _ in g })
    }

    /// The sum of this tensor over the axes along which `target` was broadcast to its shape:
    /// the inverse of broadcasting, used to bring a gradient back to an input's shape.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func summed(toShape target: [Int]) -> Tensor {
        guard Shape.broadcast(target, shape) == shape else {
            raise(BackpropError(
                .shapeMismatch, operation: "summed(toShape:)",
                problem: "shape \(Shape.describe(target)) does not broadcast to \(Shape.describe(shape))",
                fix: "Pass a shape that broadcasts to this tensor's shape"))
            return .placeholder(shape: target)
        }
        let leading = rank - target.count
        let axes = shape.indices.filter { $0 < leading || (target[$0 - leading] == 1 && shape[$0] != 1) }
        return sum(alongAxes: axes, keepingDimensions: true).reshaped(to: target)
    }

    /// `axes` with negative values resolved, or nil after raising an error for `operation`.
    /// With `zeroDimensionalAxis`, a 0-d tensor accepts axis 0 (or −1), as PyTorch's reductions
    /// do: the axis of the one-element vector it is then viewed as (see ``asOneElementVector(_:)``).
    func normalizedAxes(_ axes: [Int], operation: String, zeroDimensionalAxis: Bool = false) -> [Int]? {
        let axisCount = zeroDimensionalAxis ? Swift.max(rank, 1) : rank
        let normalized = axes.map { $0 < 0 ? $0 + axisCount : $0 }
        guard normalized.allSatisfy({ (0..<axisCount).contains($0) }), Set(normalized).count == axes.count else {
            let bad = axes.first { !(-axisCount..<axisCount).contains($0) }
            raise(BackpropError(
                .invalidAxis, operation: operation,
                problem: bad.map { "axis \($0) is out of range for a tensor of shape \(Shape.describe(shape)) (rank \(rank))" }
                    ?? "axes \(axes) name the same axis twice",
                fix: rank > 0 ? "Use axes in -\(rank)..<\(rank), each once"
                    : zeroDimensionalAxis ? "A 0-d tensor accepts only axis 0 or -1 (its one element), as in PyTorch"
                    : "A 0-d tensor has no axes; reduce it without axes"))
            return nil
        }
        return normalized
    }

    /// `operation` applied to this 0-d tensor viewed as a vector of its one element, with the
    /// result viewed as 0-d again: how a reduction along axis 0 of a 0-d tensor is computed.
    func asOneElementVector(_ operation: (Tensor) -> Tensor) -> Tensor {
        operation(reshaped(to: [1])).reshaped(to: [])
    }
}
