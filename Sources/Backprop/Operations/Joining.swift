extension Tensor {
    /// The tensors joined end to end along `axis` (negative axes count from the end), as
    /// `torch.cat`. All sizes except along `axis` must agree. Each input's gradient is its slice
    /// of the output's gradient.
    ///
    /// ```swift
    /// let a = Tensor<Double>([1, 2, 3, 4], shape: [2, 2]), b = Tensor<Double>([5, 6], shape: [2, 1])
    /// Tensor.concatenated([a, b], alongAxis: 1)   // [[1, 2, 5], [3, 4, 6]]
    /// ```
    public static func concatenated(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        guard let first = tensors.first else {
            raise(BackpropError(
                .invalidArgument, operation: "concatenated(_:alongAxis:)", problem: "the list of tensors is empty",
                fix: "Pass at least one tensor"))
            return .placeholder(shape: [0])
        }
        guard let axis = first.normalizedAxes([axis], operation: "concatenated(_:alongAxis:)")?.first else {
            return .placeholder(shape: first.shape)
        }
        for (position, tensor) in tensors.enumerated() where !sameShape(tensor.shape, first.shape, exceptAlong: axis) {
            raise(BackpropError(
                .shapeMismatch, operation: "concatenated(_:alongAxis:)",
                problem: "tensor \(position) has shape \(Shape.describe(tensor.shape)) but tensor 0 has shape \(Shape.describe(first.shape)): all sizes except along axis \(axis) must agree",
                fix: "Concatenate tensors of rank \(first.rank) that differ only in the size of axis \(axis)"))
            return .placeholder(shape: first.shape)
        }
        if tensors.count == 1 { return first }
        let lengths = tensors.map { $0.shape[axis] }
        var outputShape = first.shape
        guard let total = lengths.reduce(Int?(0), { total, length in total.flatMap { Shape.checkedSum($0, length) } }) else {
            raise(BackpropError(
                .tooLarge, operation: "concatenated(_:alongAxis:)",
                problem: "the sizes \(lengths) along axis \(axis) add up to more than Int.max",
                fix: "Concatenate fewer or smaller tensors"))
            return .placeholder(shape: first.shape)
        }
        outputShape[axis] = total
        let outer = Shape.count(Array(first.shape[..<axis])), inner = Shape.count(Array(first.shape[(axis + 1)...]))
        var offsets = [Int](), offset = 0
        for length in lengths {
            offsets.append(offset)
            offset += length
        }
        let value = computed(shape: outputShape) { out in
            for (tensor, start) in zip(tensors, offsets) {
                IndexingKernels.copyRows(
                    tensor.storage.base, outer: outer, rowLength: tensor.shape[axis] * inner,
                    into: out, outRowLength: outputShape[axis] * inner, offset: start * inner)
            }
        }
        let boxes = zip(tensors, offsets).map { tensor, start in
            var starts = [Int](repeating: 0, count: first.rank)
            starts[axis] = start
            return (starts: starts, steps: [Int](repeating: 1, count: first.rank), counts: tensor.shape)
        }
        let rules: [OperationRecord<Element>.Pullback] = boxes.map { box in
            { g, _, _ in g.sliced(starts: box.starts, steps: box.steps, counts: box.counts) }
        }
        let stackedRules: [OperationRecord<Element>.Pullback] = boxes.map { box in
            { g, _, _ in g.sliced(starts: [0] + box.starts, steps: [1] + box.steps, counts: [g.shape[0]] + box.counts) }
        }
        return record(.concatenate, value, inputs: tensors, rules: rules, batching: .rules(stackedRules))
    }

    /// The tensors, which must all have the same shape, stacked along a new axis at `axis`
    /// (from `-(rank + 1)` through `rank`), as `torch.stack`.
    ///
    /// ```swift
    /// Tensor.stacked([Tensor<Double>([1, 2]), Tensor<Double>([3, 4])], alongAxis: 1)   // [[1, 3], [2, 4]]
    /// ```
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static func stacked(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        guard let first = tensors.first else {
            raise(BackpropError(
                .invalidArgument, operation: "stacked(_:alongAxis:)", problem: "the list of tensors is empty",
                fix: "Pass at least one tensor"))
            return .placeholder(shape: [0])
        }
        if let position = tensors.firstIndex(where: { $0.shape != first.shape }) {
            raise(BackpropError(
                .shapeMismatch, operation: "stacked(_:alongAxis:)",
                problem: "tensor \(position) has shape \(Shape.describe(tensors[position].shape)) but tensor 0 has shape \(Shape.describe(first.shape))",
                fix: "Stack tensors of the same shape (use concatenated(_:alongAxis:) to join tensors of different sizes)"))
            return .placeholder(shape: first.shape)
        }
        let rank = first.rank
        guard (-(rank + 1)...rank).contains(axis) else {
            raise(BackpropError(
                .invalidAxis, operation: "stacked(_:alongAxis:)",
                problem: "axis \(axis) is out of range for stacking tensors of shape \(Shape.describe(first.shape))",
                fix: "Stack along an axis in -\(rank + 1)...\(rank)"))
            return .placeholder(shape: first.shape)
        }
        let position = axis < 0 ? axis + rank + 1 : axis
        return concatenated(tensors.map { $0.unsqueezed(at: position) }, alongAxis: position)
    }

    /// Consecutive pieces of `sizes[i]` positions along `axis`, whose sizes add up to the axis
    /// size; the inverse of ``concatenated(_:alongAxis:)``. Each piece is a slice: its gradient
    /// goes back to its own positions.
    ///
    /// ```swift
    /// let pieces = Tensor<Double>.arange(5).split(sizes: [2, 3])   // [0, 1] and [2, 3, 4]
    /// ```
    public func split(sizes: [Int], alongAxis axis: Int = 0) -> [Tensor] {
        guard let axis = normalizedAxes([axis], operation: "split(sizes:alongAxis:)")?.first else { return [self] }
        // Sizes are checked one by one first so that adding them up cannot overflow.
        guard sizes.allSatisfy({ (0...shape[axis]).contains($0) }),
              sizes.reduce(Int?(0), { total, size in total.flatMap { Shape.checkedSum($0, size) } }) == shape[axis] else {
            raise(BackpropError(
                .invalidArgument, operation: "split(sizes:alongAxis:)",
                problem: sizes.contains { $0 < 0 }
                    ? "sizes \(sizes) contain a negative size"
                    : "sizes \(sizes) add up to \(sizes.reduce(0) { total, size in Shape.checkedSum(total, size) ?? Int.max }) but axis \(axis) of shape \(Shape.describe(shape)) has size \(shape[axis])",
                fix: "Pass sizes of zero or more that add up to \(shape[axis])"))
            return [self]
        }
        var pieces = [Tensor](), start = 0
        let steps = [Int](repeating: 1, count: rank)
        for size in sizes {
            var starts = [Int](repeating: 0, count: rank), counts = shape
            starts[axis] = start
            counts[axis] = size
            pieces.append(sliced(starts: starts, steps: steps, counts: counts))
            start += size
        }
        return pieces
    }

    /// `count` equal consecutive pieces along `axis`, whose size must divide by `count` (as
    /// NumPy's `split(x, count)`; use ``split(sizes:alongAxis:)`` for unequal pieces).
    ///
    /// ```swift
    /// Tensor<Double>.zeros([2, 6]).split(count: 3, alongAxis: 1).map(\.shape)   // [[2, 2], [2, 2], [2, 2]]
    /// ```
    public func split(count: Int, alongAxis axis: Int = 0) -> [Tensor] {
        guard let axis = normalizedAxes([axis], operation: "split(count:alongAxis:)")?.first else { return [self] }
        guard count > 0, shape[axis] % count == 0 else {
            raise(BackpropError(
                .invalidArgument, operation: "split(count:alongAxis:)",
                problem: count > 0
                    ? "axis \(axis) of shape \(Shape.describe(shape)) has size \(shape[axis]), which does not split into \(count) equal pieces"
                    : "count \(count) is not positive",
                fix: count > 0 ? "Pass a count that divides \(shape[axis]), or use split(sizes:alongAxis:) for unequal pieces" : "Ask for one piece or more"))
            return [self]
        }
        return split(sizes: Array(repeating: shape[axis] / count, count: count), alongAxis: axis)
    }

    /// The tensor surrounded by `value`: `padding[d]` adds `before` positions at the start of
    /// axis d and `after` at its end (one pair per axis), as `torch.nn.functional.pad` in
    /// constant mode. The gradient is the slice of the original positions.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2]).padded([(before: 1, after: 2)])   // [0, 1, 2, 0, 0]
    /// ```
    public func padded(_ padding: [(before: Int, after: Int)], with value: Element = 0) -> Tensor {
        padded(padding, with: value, operation: "padded(_:with:)")
    }

    /// `padded(_:with:)`, its errors naming `operation`.
    func padded(_ padding: [(before: Int, after: Int)], with value: Element, operation: String) -> Tensor {
        guard let paddedShape = paddedShape(padding, operation: operation) else { return self }
        if paddedShape == shape { return self }
        guard Shape.allocatableCount(paddedShape, of: Element.self, operation: operation) != nil else {
            return .placeholder(shape: paddedShape)
        }
        return embedded(
            inShape: paddedShape, starts: padding.map(\.before), steps: [Int](repeating: 1, count: rank),
            filling: value, recordedAs: .pad)
    }

    /// The tensor with the order of positions reversed along `axes` (negative axes count from
    /// the end), as `torch.flip`. The gradient is flipped back.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4], shape: [2, 2]).flipped(alongAxes: [1])   // [[2, 1], [4, 3]]
    /// ```
    public func flipped(alongAxes axes: [Int]) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "flipped(alongAxes:)") else { return self }
        if normalized.isEmpty { return self }
        var starts = [Int](repeating: 0, count: rank), steps = [Int](repeating: 1, count: rank)
        for axis in normalized {
            starts[axis] = Swift.max(shape[axis] - 1, 0)
            steps[axis] = -1
        }
        let value = Tensor.computed(shape: shape) {
            IndexingKernels.readBox(storage.base, shape: shape, starts: starts, steps: steps, counts: shape, $0)
        }
        // Axes counted from the end, so that the rule also serves stacks of gradients.
        let fromEnd = normalized.map { $0 - rank }
        return Tensor.record(.flip, value, inputs: [self], batching: .sameRules, { g, _, _ in g.flipped(alongAxes: fromEnd) })
    }

    /// The tensor with the order of positions reversed along `axes`.
    public func flipped(alongAxes axes: Int...) -> Tensor { flipped(alongAxes: axes) }

    /// The tensor repeated along axes of size 1 (and new leading axes) to `shape`, as PyTorch's
    /// `expand`: a size of −1 keeps this tensor's size on that axis (aligned from the right).
    /// This is ``broadcasted(to:)`` under PyTorch's name; the gradient is summed back.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3], shape: [3, 1]).expanded(to: [-1, 4]).shape   // [3, 4]
    /// ```
    public func expanded(to shape: [Int]) -> Tensor {
        let leading = shape.count - rank
        if let axis = shape.firstIndex(where: { $0 < -1 }) {
            raise(BackpropError(
                .invalidArgument, operation: "expanded(to:)",
                problem: "size \(shape[axis]) at axis \(axis) of \(Shape.describe(shape)) is negative",
                fix: "Use sizes of zero or more, or -1 to keep this tensor's size"))
            return .placeholder(shape: shape.map { Swift.max($0, 0) })
        }
        var target = shape
        for (axis, size) in shape.enumerated() where size == -1 {
            guard axis >= leading else {
                raise(BackpropError(
                    .invalidArgument, operation: "expanded(to:)",
                    problem: "size -1 at axis \(axis) of \(Shape.describe(shape)) is a new leading axis for a tensor of shape \(Shape.describe(self.shape)), so it has no size to keep",
                    fix: "Give new leading axes an explicit size"))
                return .placeholder(shape: shape.map { Swift.max($0, 0) })
            }
            target[axis] = self.shape[axis - leading]
        }
        guard Shape.allocatableCount(target, of: Element.self, operation: "expanded(to:)") != nil else { return .placeholder(shape: target) }
        return broadcasted(to: target)
    }

    /// Whether `lhs` and `rhs` have the same rank and agree on every axis except `axis`.
    private static func sameShape(_ lhs: [Int], _ rhs: [Int], exceptAlong axis: Int) -> Bool {
        lhs.count == rhs.count && lhs.indices.allSatisfy { $0 == axis || lhs[$0] == rhs[$0] }
    }
}
