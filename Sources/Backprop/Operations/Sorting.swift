extension Tensor {
    /// The elements sorted along `axis` (negative counts from the end), with the position each
    /// came from, as PyTorch's `sort(dim:descending:stable: true)`. The sort is stable (equal
    /// elements keep their order, also when descending) and a NaN sorts as larger than every
    /// number, as in PyTorch. `indices` has the shape of `values`, row-major.
    ///
    /// The values are an element gather (``gatheringElements(indices:shape:alongAxis:)``), so the
    /// gradient goes back through the permutation, each element receiving the gradient of the
    /// position it moved to. A 0-d tensor accepts axis 0 or −1 and is its own sort.
    ///
    /// ```swift
    /// let (values, indices) = Tensor<Double>([3, 1, 2, 1]).sorted()
    /// // values [1, 1, 2, 3], indices [1, 3, 2, 0]
    /// ```
    public func sorted(alongAxis axis: Int = -1, descending: Bool = false) -> (values: Tensor, indices: [Int]) {
        guard let axis = normalizedAxes([axis], operation: "sorted(alongAxis:descending:)", zeroDimensionalAxis: true)?.first
        else { return (self, []) }
        if rank == 0 { return (self, [0]) }
        let indices = sortingPermutation(alongAxis: axis, descending: descending)
        return (gatheringElements(indices: indices, shape: shape, alongAxis: axis), indices)
    }

    /// The positions that sort each slice along `axis`, row-major in this tensor's shape: the
    /// `indices` of ``sorted(alongAxis:descending:)``, as PyTorch's `argsort(dim:descending:stable: true)`
    /// (stable; a NaN sorts as the largest). Not differentiable.
    ///
    /// ```swift
    /// Tensor<Double>([3, 1, 2]).argsort()   // [1, 2, 0]
    /// ```
    public func argsort(alongAxis axis: Int = -1, descending: Bool = false) -> [Int] {
        guard let axis = normalizedAxes([axis], operation: "argsort(alongAxis:descending:)", zeroDimensionalAxis: true)?.first
        else { return [] }
        if rank == 0 { return [0] }
        return sortingPermutation(alongAxis: axis, descending: descending)
    }

    /// The `k` largest (or, with `largest` false, smallest) elements of each slice along `axis`,
    /// in sorted order, with their positions, as PyTorch's `topk(k, dim:, largest:, sorted: true)`.
    /// Ties go to the earlier position, and a NaN counts as the largest. The result has `k` in
    /// place of the axis's size; `k` must lie in `0...size`. The gradient goes back to the
    /// positions taken; the others get 0.
    ///
    /// ```swift
    /// let (values, indices) = Tensor<Double>([1, 5, 3, 5]).topK(2)
    /// // values [5, 5], indices [1, 3]
    /// ```
    public func topK(_ k: Int, alongAxis axis: Int = -1, largest: Bool = true) -> (values: Tensor, indices: [Int]) {
        let operation = "topK(_:alongAxis:largest:)"
        guard let axis = normalizedAxes([axis], operation: operation, zeroDimensionalAxis: true)?.first else { return (self, []) }
        let vector = rank == 0 ? reshaped(to: [1]) : self
        let size = vector.shape[axis]
        guard (0...size).contains(k) else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "k = \(k) is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
                fix: "Ask for k in 0...\(size)"))
            var placeholderShape = vector.shape
            placeholderShape[axis] = 0
            return (.placeholder(shape: placeholderShape), [])
        }
        let permutation = vector.sortingPermutation(alongAxis: axis, descending: largest)
        let (outer, _, inner) = Self.view(vector.shape, at: axis)
        var indices = [Int]()
        indices.reserveCapacity(outer * k * inner)
        for o in 0..<outer {
            indices.append(contentsOf: permutation[(o * size * inner)..<((o * size + k) * inner)])
        }
        var resultShape = vector.shape
        resultShape[axis] = k
        let values = vector.gatheringElements(indices: indices, shape: resultShape, alongAxis: axis)
        return (rank == 0 ? values.reshaped(to: []) : values, indices)
    }

    /// The stable sorting permutation of each slice along a valid, non-negative axis.
    private func sortingPermutation(alongAxis axis: Int, descending: Bool) -> [Int] {
        let (outer, length, inner) = Self.view(shape, at: axis)
        return [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                SortingKernels.sortingPermutation(storage.base, outer: outer, length: length, inner: inner, descending: descending, base)
            }
            initialized = count
        }
    }
}
