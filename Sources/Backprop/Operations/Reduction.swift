extension Tensor {
    /// The sum of all elements, as a 0-d tensor; its gradient is 1 for every element.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func sum() -> Tensor {
        let value = Tensor.computed(shape: []) { $0[0] = ReductionKernels.sum(storage.base, count) }
        let inputShape = shape
        return Tensor.record(
            .sum, value, inputs: [self], batching: .rules([{ g, _, _ in g.broadcastingItems(to: inputShape) }]),
            { g, _, _ in g.broadcasted(to: inputShape) })
    }

    /// The sums along `axes` (negative axes count from the end), keeping them as axes of size 1
    /// when `keepingDimensions` is true. The sum along an empty axis is 0, as in PyTorch; a 0-d
    /// tensor accepts axis 0 or −1 and is its own sum, as in PyTorch.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "sum(alongAxes:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { $0.sum(alongAxes: normalized, keepingDimensions: true) } }
        var result = self
        for axis in normalized.sorted() { result = result.sumKeepingAxis(axis) }
        return keepingDimensions ? result : result.droppingAxes(normalized)
    }

    /// The sums along `axes`, keeping them as axes of size 1 when `keepingDimensions` is true.
    public func sum(alongAxes axes: Int..., keepingDimensions: Bool = false) -> Tensor {
        sum(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    /// The mean of all elements, as a 0-d tensor; NaN (0/0) for an empty tensor, as in PyTorch
    /// and NumPy.
    public func mean() -> Tensor { sum() / Element(count) }

    /// The means along `axes`, keeping them as axes of size 1 when `keepingDimensions` is true;
    /// NaN along an empty axis, as in PyTorch and NumPy.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "mean(alongAxes:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { $0.mean(alongAxes: normalized, keepingDimensions: true) } }
        let reduced = normalized.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: normalized, keepingDimensions: keepingDimensions) / Element(reduced)
    }

    /// The means along `axes`, keeping them as axes of size 1 when `keepingDimensions` is true.
    public func mean(alongAxes axes: Int..., keepingDimensions: Bool = false) -> Tensor {
        mean(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    /// The largest element, as a 0-d tensor (NaN if there is a NaN). As PyTorch's `max()`, the
    /// gradient is split evenly among the elements equal to the maximum: ties share it.
    ///
    /// ```swift
    /// let x = Tensor<Double>([1, 3, 3], requiresGrad: true)
    /// x.max().backward()   // x.grad: [0, 0.5, 0.5]
    /// ```
    ///
    /// An empty tensor has no maximum: a ``BackpropError``, as PyTorch raises.
    public func max() -> Tensor {
        guard count > 0 else {
            raise(BackpropError(
                .invalidArgument, operation: "max()", problem: "the tensor of shape \(Shape.describe(shape)) is empty",
                fix: "Take the maximum of a tensor with at least one element"))
            return .placeholder(shape: [])
        }
        var firstPosition: Int32 = 0  // Reported by the kernel; the gradient needs every tie instead.
        let value = Tensor.computed(shape: []) {
            ReductionKernels.maxAxis(storage.base, outer: 1, length: count, inner: 1, $0, argmax: &firstPosition)
        }
        let inputShape = shape
        return Tensor.record(
            .max, value, inputs: [self],
            batching: .rules([{ g, x, y in
                let (tied, ties) = Tensor.ties(of: x[0], reaching: y)
                return g.broadcastingItems(to: inputShape) * tied / ties
            }]),
            { g, x, y in
                let (tied, ties) = Tensor.ties(of: x[0], reaching: y)
                return g.broadcasted(to: inputShape) * tied / ties
            })
    }

    /// The constant mask of the elements of `input` equal to its maximum `largest` (a 0-d
    /// tensor; a NaN maximum ties with every NaN), and how many they are: how ``max()`` shares
    /// its gradient.
    private static func ties(of input: Tensor, reaching largest: Tensor) -> (mask: Tensor, count: Element) {
        var count = 0
        let mask = computed(shape: input.shape) {
            count = ReductionKernels.tieMask(input.storage.base, input.count, reaching: largest.storage.base[0], $0)
        }
        return (mask, Element(count))
    }

    /// The largest elements along `axes`, keeping them as axes of size 1 when
    /// `keepingDimensions` is true. Along each axis the gradient goes to the first largest
    /// element, the index `argmax(alongAxis:)` returns, as `torch.max(dim)` routes it. A 0-d
    /// tensor accepts axis 0 or −1 and is its own maximum, as in PyTorch.
    public func max(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        guard let normalized = normalizedAxes(axes, operation: "max(alongAxes:)", zeroDimensionalAxis: true) else { return self }
        if rank == 0 { return asOneElementVector { $0.max(alongAxes: normalized, keepingDimensions: true) } }
        if let empty = normalized.first(where: { shape[$0] == 0 }) {
            raise(BackpropError(
                .invalidArgument, operation: "max(alongAxes:)",
                problem: "axis \(empty) of shape \(Shape.describe(shape)) is empty", fix: "Reduce only along non-empty axes"))
            return self
        }
        var result = self
        for axis in normalized.sorted() { result = result.maxKeepingAxis(axis) }
        return keepingDimensions ? result : result.droppingAxes(normalized)
    }

    /// The largest elements along `axes`, keeping them as axes of size 1 when `keepingDimensions` is true.
    public func max(alongAxes axes: Int..., keepingDimensions: Bool = false) -> Tensor {
        max(alongAxes: axes, keepingDimensions: keepingDimensions)
    }

    /// The tensor viewed as [outer, shape[axis], inner].
    private func split(at axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (Shape.count(Array(shape[..<axis])), shape[axis], Shape.count(Array(shape[(axis + 1)...])))
    }

    /// The primitive behind `sum(alongAxes:)`: one axis, kept with size 1.
    private func sumKeepingAxis(_ axis: Int) -> Tensor {
        let (outer, length, inner) = split(at: axis)
        var reducedShape = shape
        reducedShape[axis] = 1
        let value = Tensor.computed(shape: reducedShape, operation: "sum(alongAxes:)") {
            ReductionKernels.sumAxis(storage.base, outer: outer, length: length, inner: inner, $0)
        }
        let inputShape = shape
        return Tensor.record(
            .sum, value, inputs: [self], batching: .rules([{ g, _, _ in g.broadcastingItems(to: inputShape) }]),
            { g, _, _ in g.broadcasted(to: inputShape) })
    }

    /// The primitive behind `max(alongAxes:)`: one axis, kept with size 1; the gradient is
    /// masked to the first arg-max.
    private func maxKeepingAxis(_ axis: Int) -> Tensor {
        let (outer, length, inner) = split(at: axis)
        var reducedShape = shape
        reducedShape[axis] = 1
        let argmax = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(outer * inner, 1))
        defer { argmax.deallocate() }
        let value = Tensor.computed(shape: reducedShape) {
            ReductionKernels.maxAxis(storage.base, outer: outer, length: length, inner: inner, $0, argmax: argmax)
        }
        let maskTensor = Tensor.computed(shape: shape) {
            ReductionKernels.argmaxMask(argmax, outer: outer, length: length, inner: inner, $0)
        }
        let inputShape = shape
        return Tensor.record(
            .max, value, inputs: [self], batching: .rules([{ g, _, _ in g.broadcastingItems(to: inputShape) * maskTensor }]),
            { g, _, _ in g.broadcasted(to: inputShape) * maskTensor })
    }

    /// The tensor without `axes`, which have size 1.
    private func droppingAxes(_ axes: [Int]) -> Tensor {
        let dropped = Set(axes)
        return reshaped(to: shape.indices.filter { !dropped.contains($0) }.map { shape[$0] })
    }
}
