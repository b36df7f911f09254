extension Tensor {
    /// Elementwise choice, as `torch.where`: `a` where `mask` is nonzero, `b` elsewhere, with
    /// broadcasting among the three. The gradient goes to `a` where the mask is nonzero and to
    /// `b` where it is zero; the mask, a constant condition, gets none.
    ///
    /// ```swift
    /// let x = Tensor<Double>([-1, 2, -3])
    /// Tensor.where(x .> 0, x, Tensor(0))   // [0, 2, 0], the same as x.relu()
    /// ```
    public static func `where`(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        guard let outputShape = Shape.broadcast(mask.shape, a.shape).flatMap({ Shape.broadcast($0, b.shape) }) else {
            raise(BackpropError(
                .shapeMismatch, operation: "where",
                problem: "cannot broadcast the mask's shape \(Shape.describe(mask.shape)), a's \(Shape.describe(a.shape)) and b's \(Shape.describe(b.shape)) together: aligned from the right, the sizes of each axis must be equal or 1",
                fix: "Reshape the operands (for example with unsqueezed(at:)) so that their sizes line up"))
            return .placeholder(shape: a.shape)
        }
        let value = computed(shape: outputShape) {
            ComparisonKernels.select(mask.storage.base, mask.shape, a.storage.base, a.shape, b.storage.base, b.shape, $0, outputShape)
        }
        // The selection of the gradient itself uses `where`, so that an infinite or NaN gradient
        // on the unselected side does not leak through as 0 · ∞ = NaN.
        let condition = mask.detached(), zero = Tensor(Element(0))
        return record(
            .select, value, inputs: [a, b], batching: .sameRules,
            { g, _, _ in .where(condition, g, zero) },
            { g, _, _ in .where(condition, zero, g) })
    }

    /// Elementwise choice between a tensor (where `mask` is nonzero) and a constant.
    public static func `where`(_ mask: Tensor, _ a: Tensor, _ b: Element) -> Tensor { .where(mask, a, Tensor(b)) }

    /// Elementwise choice between a constant (where `mask` is nonzero) and a tensor.
    public static func `where`(_ mask: Tensor, _ a: Element, _ b: Tensor) -> Tensor { .where(mask, Tensor(a), b) }

    /// The elements limited to `range`: below it they become its lower bound, above it its upper
    /// bound, as `torch.clamp`. The gradient passes strictly inside the range and is 0 outside
    /// *and at the bounds*, where the derivative is undefined: the minimum-norm subgradient, as
    /// PyTorch's `clamp` takes it (2.15; earlier releases passed the gradient at the bounds) and
    /// as `relu` and `hardtanh` always did. A NaN stays NaN and gets no gradient, and
    /// an element outside the range gets 0 even from an infinite or NaN upstream gradient.
    ///
    /// ```swift
    /// Tensor<Double>([-2, 0.5, 3]).clamped(to: 0...1)   // [0, 0.5, 1]
    /// ```
    public func clamped(to range: ClosedRange<Element>) -> Tensor {
        let lower = range.lowerBound, upper = range.upperBound
        let value = Tensor.computed(shape: shape) { ComparisonKernels.clamp(storage.base, lower: lower, upper: upper, $0, count) }
        return Tensor.record(.clamp, value, inputs: [self], batching: .sameRules, { g, x, _ in
            let input = x[0].detached()
            return .where((input .> lower) * (input .< upper), g, Element(0))
        })
    }

    /// 1 where `lhs` < `rhs`, else 0, with broadcasting; a constant (comparisons have no gradient).
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3]) .< Tensor([2])   // [1, 0, 0]
    /// ```
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { compared(.less, lhs, rhs, name: ".<") }
    /// 1 where `lhs` > `rhs`, else 0, with broadcasting; a constant.
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { compared(.greater, lhs, rhs, name: ".>") }
    /// 1 where `lhs` ≤ `rhs`, else 0, with broadcasting; a constant.
    public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { compared(.lessOrEqual, lhs, rhs, name: ".<=") }
    /// 1 where `lhs` ≥ `rhs`, else 0, with broadcasting; a constant.
    public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { compared(.greaterOrEqual, lhs, rhs, name: ".>=") }
    /// 1 where `lhs` = `rhs`, else 0 (0 for NaN), with broadcasting; a constant.
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { compared(.equal, lhs, rhs, name: ".==") }
    /// 1 where `lhs` ≠ `rhs`, else 0 (1 for NaN), with broadcasting; a constant.
    public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { compared(.notEqual, lhs, rhs, name: ".!=") }

    /// 1 where an element is less than `rhs`, else 0.
    ///
    /// ```swift
    /// Tensor<Double>([-1, 0, 2]) .< 0   // [1, 0, 0]
    /// ```
    public static func .< (lhs: Tensor, rhs: Element) -> Tensor { lhs .< Tensor(rhs) }
    /// 1 where an element is greater than `rhs`, else 0.
    public static func .> (lhs: Tensor, rhs: Element) -> Tensor { lhs .> Tensor(rhs) }
    /// 1 where an element is at most `rhs`, else 0.
    public static func .<= (lhs: Tensor, rhs: Element) -> Tensor { lhs .<= Tensor(rhs) }
    /// 1 where an element is at least `rhs`, else 0.
    public static func .>= (lhs: Tensor, rhs: Element) -> Tensor { lhs .>= Tensor(rhs) }
    /// 1 where an element equals `rhs`, else 0.
    public static func .== (lhs: Tensor, rhs: Element) -> Tensor { lhs .== Tensor(rhs) }
    /// 1 where an element differs from `rhs`, else 0.
    public static func .!= (lhs: Tensor, rhs: Element) -> Tensor { lhs .!= Tensor(rhs) }
    /// 1 where `lhs` is less than an element, else 0.
    public static func .< (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) .< rhs }
    /// 1 where `lhs` is greater than an element, else 0.
    public static func .> (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) .> rhs }
    /// 1 where `lhs` is at most an element, else 0.
    public static func .<= (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) .<= rhs }
    /// 1 where `lhs` is at least an element, else 0.
    public static func .>= (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) .>= rhs }
    /// 1 where `lhs` equals an element, else 0.
    public static func .== (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) .== rhs }
    /// 1 where `lhs` differs from an element, else 0.
    public static func .!= (lhs: Element, rhs: Tensor) -> Tensor { Tensor(lhs) .!= rhs }

    /// The comparison `operation` as a constant 0/1 tensor, or a placeholder after raising an
    /// error naming `name` when the shapes do not broadcast.
    private static func compared(_ operation: ComparisonKernel, _ lhs: Tensor, _ rhs: Tensor, name: String) -> Tensor {
        guard let shape = Shape.broadcast(lhs.shape, rhs.shape) else {
            raise(BackpropError(
                .shapeMismatch, operation: name,
                problem: "cannot broadcast shapes \(Shape.describe(lhs.shape)) and \(Shape.describe(rhs.shape)): aligned from the right, each pair of sizes must be equal or contain a 1",
                fix: "Reshape one operand (for example with unsqueezed(at:)) so that the sizes line up"))
            return .placeholder(shape: lhs.shape)
        }
        return computed(shape: shape) {
            ComparisonKernels.compare(operation, lhs.storage.base, lhs.shape, rhs.storage.base, rhs.shape, $0, shape)
        }
    }
}

extension Tensor {
    /// The position of the largest element along `axis` for each slice across it, row-major
    /// over the shape without `axis` (for a matrix and `axis` 1, one column index per row).
    /// Ties go to the first occurrence; a NaN counts as the largest. Not differentiable.
    ///
    /// ```swift
    /// Tensor<Double>([1, 5, 5, 7, 2, 0], shape: [2, 3]).argmax(alongAxis: 1)   // [1, 0]
    /// ```
    public func argmax(alongAxis axis: Int) -> [Int] {
        Self.firstLargest(of: self, alongAxis: axis, operation: "argmax(alongAxis:)")
    }

    /// The position of the smallest element along `axis` for each slice across it, row-major
    /// over the shape without `axis`. Ties go to the first occurrence; a NaN counts as the
    /// smallest. Not differentiable.
    ///
    /// ```swift
    /// Tensor<Double>([1, 5, 1, 7, 2, 0], shape: [2, 3]).argmin(alongAxis: 1)   // [0, 2]
    /// ```
    public func argmin(alongAxis axis: Int) -> [Int] {
        Self.firstLargest(of: detached().mapped(.negate), alongAxis: axis, operation: "argmin(alongAxis:)")
    }

    /// The row-major position of the largest element (the first on ties; a NaN counts as the
    /// largest). Not differentiable.
    ///
    /// ```swift
    /// Tensor<Double>([1, 7, 7, 2], shape: [2, 2]).argmax()   // 1
    /// ```
    public func argmax() -> Int { Self.firstLargest(of: self, operation: "argmax()") }

    /// The row-major position of the smallest element (the first on ties; a NaN counts as the
    /// smallest). Not differentiable.
    public func argmin() -> Int { Self.firstLargest(of: detached().mapped(.negate), operation: "argmin()") }

    /// The row-major position of the first largest element of `tensor`, or 0 after raising an
    /// error for `operation` when it is empty.
    private static func firstLargest(of tensor: Tensor, operation: String) -> Int {
        guard tensor.count > 0 else {
            raise(BackpropError(
                .invalidArgument, operation: operation, problem: "the tensor of shape \(Shape.describe(tensor.shape)) is empty",
                fix: "Look for the extreme of a tensor with at least one element"))
            return 0
        }
        return firstLargest(of: tensor.detached().reshaped(to: [tensor.count]), alongAxis: 0, operation: operation)[0]
    }

    /// The positions of the first largest elements of `tensor` along `axis`, or an empty array
    /// after raising an error for `operation`.
    private static func firstLargest(of tensor: Tensor, alongAxis axis: Int, operation: String) -> [Int] {
        guard let axis = tensor.normalizedAxes([axis], operation: operation, zeroDimensionalAxis: true)?.first else { return [] }
        // A 0-d tensor is its one element along axis 0, as in PyTorch.
        let tensor = tensor.rank == 0 ? tensor.detached().reshaped(to: [1]) : tensor
        let shape = tensor.shape
        guard shape[axis] > 0 else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "axis \(axis) of shape \(Shape.describe(shape)) is empty",
                fix: "Look for the extreme along a non-empty axis"))
            return []
        }
        let outer = Shape.count(Array(shape[..<axis])), inner = Shape.count(Array(shape[(axis + 1)...]))
        let positions = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(outer * inner, 1))
        let largest = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(outer * inner, 1))
        defer {
            positions.deallocate()
            largest.deallocate()
        }
        ReductionKernels.maxAxis(tensor.storage.base, outer: outer, length: shape[axis], inner: inner, largest, argmax: positions)
        return (0..<outer * inner).map { Int(positions[$0]) }
    }
}
