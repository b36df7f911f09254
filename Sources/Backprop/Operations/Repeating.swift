extension Tensor {
    /// The tensor tiled `counts[d]` times along each axis d, as PyTorch's `repeat(*sizes)` (NumPy's
    /// `tile`): `counts` has at least one count per axis, and extra leading counts add leading
    /// axes. The result's size along axis d is counts[d] times the (left-padded) size. The
    /// gradient of each element is the sum over its copies.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2]).repeated([2, 2])   // [[1, 2, 1, 2], [1, 2, 1, 2]]
    /// ```
    ///
    /// Not to be confused with ``repeatedInterleave(_:alongAxis:)``, which repeats each element in
    /// place (`[1, 1, 2, 2]`).
    public func repeated(_ counts: [Int]) -> Tensor {
        let operation = "repeated(_:)"
        guard counts.count >= rank else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "\(counts.count) repeat counts for a tensor of shape \(Shape.describe(shape)) (rank \(rank))",
                fix: "Give at least \(rank) counts, one per axis (extra leading counts add axes); tiled(_:) accepts fewer"))
            return self
        }
        return tile(counts, operation: operation)
    }

    /// The tensor tiled `counts[d]` times along each axis d, as `torch.tile`: like
    /// ``repeated(_:)``, but with fewer counts than axes the counts apply to the trailing axes
    /// (the leading ones are taken once).
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3, 4], shape: [2, 2]).tiled([2]).shape   // [2, 4]
    /// ```
    public func tiled(_ counts: [Int]) -> Tensor {
        tile([Int](repeating: 1, count: Swift.max(rank - counts.count, 0)) + counts, operation: "tiled(_:)")
    }

    /// Each element repeated `count` times in place along `axis`, as
    /// `torch.repeat_interleave(repeats:dim:)`; with no axis, the tensor is flattened first, as
    /// in PyTorch. The gradient of each element is the sum over its copies.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2]).repeatedInterleave(2)   // [1, 1, 2, 2]
    /// ```
    public func repeatedInterleave(_ count: Int, alongAxis axis: Int? = nil) -> Tensor {
        let operation = "repeatedInterleave(_:alongAxis:)"
        guard count >= 0 else {
            raise(BackpropError(
                .invalidArgument, operation: operation, problem: "the repeat count \(count) is negative",
                fix: "Repeat each element zero or more times"))
            return self
        }
        guard let (source, axis) = interleaveSource(alongAxis: axis, operation: operation) else { return self }
        let size = source.shape[axis]
        guard let total = Shape.checkedProduct(size, count) else {
            raise(BackpropError(
                .tooLarge, operation: operation,
                problem: "repeating each of the \(size) positions of axis \(axis) \(count) times gives more than Int.max positions",
                fix: "Repeat fewer times"))
            return self
        }
        return source.gathering(indices: (0..<total).map { $0 / Swift.max(count, 1) }, alongAxis: axis)
    }

    /// Position k of `axis` repeated `counts[k]` times in place, as `torch.repeat_interleave`
    /// with a tensor of repeats; with no axis, the tensor is flattened first.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3]).repeatedInterleave([2, 0, 1])   // [1, 1, 3]
    /// ```
    public func repeatedInterleave(_ counts: [Int], alongAxis axis: Int? = nil) -> Tensor {
        let operation = "repeatedInterleave(_:alongAxis:)"
        guard let (source, axis) = interleaveSource(alongAxis: axis, operation: operation) else { return self }
        guard counts.count == source.shape[axis], counts.allSatisfy({ $0 >= 0 }) else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "the repeat counts \(counts) do not give one count of zero or more for each of the \(source.shape[axis]) positions of axis \(axis)",
                fix: "Pass \(source.shape[axis]) counts, each zero or more"))
            return self
        }
        guard counts.reduce(Int?(0), { total, count in total.flatMap { Shape.checkedSum($0, count) } }) != nil else {
            raise(BackpropError(
                .tooLarge, operation: operation, problem: "the repeat counts add up to more than Int.max",
                fix: "Repeat fewer times"))
            return self
        }
        let indices = counts.enumerated().flatMap { position, count in repeatElement(position, count: count) }
        return source.gathering(indices: indices, alongAxis: axis)
    }

    /// The tensor (flattened when `axis` is nil) and the normalized axis that
    /// `repeatedInterleave` repeats along, or nil after raising an error.
    private func interleaveSource(alongAxis axis: Int?, operation: String) -> (Tensor, Int)? {
        guard let axis else { return (reshaped(to: [count]), 0) }
        guard let normalized = normalizedAxes([axis], operation: operation)?.first else { return nil }
        return (self, normalized)
    }

    /// The tiling behind ``repeated(_:)`` and ``tiled(_:)``, with at least one count per axis:
    /// the tensor viewed as [1, s₀, 1, s₁, …], broadcast to [c₀, s₀, c₁, s₁, …], and merged pairwise.
    private func tile(_ counts: [Int], operation: String) -> Tensor {
        if let negative = counts.first(where: { $0 < 0 }) {
            raise(BackpropError(
                .invalidArgument, operation: operation, problem: "the repeat count \(negative) in \(counts) is negative",
                fix: "Use counts of zero or more"))
            return self
        }
        let sizes = [Int](repeating: 1, count: counts.count - rank) + shape
        let tiledSizes = zip(counts, sizes).map { Shape.checkedProduct($0, $1) }
        guard let resultShape = tiledSizes as? [Int],
              Shape.allocatableCount(resultShape, of: Element.self, operation: operation) != nil
        else {
            if tiledSizes.contains(where: { $0 == nil }) {
                raise(BackpropError(
                    .tooLarge, operation: operation,
                    problem: "tiling shape \(Shape.describe(shape)) by \(counts) gives a size beyond Int.max",
                    fix: "Tile fewer times"))
            }
            return .placeholder(shape: [])
        }
        let spread = reshaped(to: sizes.flatMap { [1, $0] })
        return spread.broadcasted(to: zip(counts, sizes).flatMap { [$0, $1] }).reshaped(to: resultShape)
    }
}
