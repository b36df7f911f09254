/// What a tensor subscript takes along one axis: one position, a range, a strided range, or
/// everything.
///
/// Integer literals are positions, so indices mix freely:
///
/// ```swift
/// let x = Tensor<Double>.arange(12).reshaped(to: [3, 4])
/// x[1]                              // row 1, shape [4]
/// x[.all, -1]                       // the last column, shape [3]
/// x[.range(0..<2), 3]               // rows 0 and 1 of column 3, shape [2]
/// x[.stride(0..<3, by: 2)]          // rows 0 and 2, shape [2, 4]
/// x[.range(1...), .range(..<2)]     // shape [2, 2]
/// x[.slice(-2, nil)]                // the last two rows, as Python's x[-2:]
/// x[.slice(3, 1)]                   // no rows, shape [0, 4], as Python's x[3:1]
/// ```
///
/// A position drops its axis; the other forms keep it. Axes left out at the end are taken whole.
/// Positions held in `Int` variables index directly (`x[i, j]`); mixed with other kinds of
/// index they are written `.at(i)`, as in `x[.at(i), .all]`.
public enum TensorIndex: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// One position; the axis is dropped from the result. Negative positions count from the end
    /// (−1 is the last).
    case at(Int)
    /// The positions of a range, which must lie within `0...size`.
    case range(Range<Int>)
    /// Every `by`-th position of a range, starting at its lower bound; the step must be positive
    /// (use `flipped(alongAxes:)` to reverse an axis).
    case stride(Range<Int>, by: Int)
    /// The positions from one to the end, as Python's `x[start:]`; also written `.range(start...)`.
    case from(Int)
    /// The positions before an end, as Python's `x[:end]`; also written `.range(..<end)`.
    case upTo(Int)
    /// The whole axis, as Python's `:`.
    case all
    /// Python's and PyTorch's slice `start:end:step`, with their rules: nil means the axis's
    /// beginning or end, negative bounds count from the end, bounds beyond the axis are clamped to
    /// it, and a slice whose end is at or before its start is empty rather than an error.
    /// `x[.slice(3, 1)]` is PyTorch's `x[3:1]`, a tensor with no rows; the step must be positive.
    case slice(Int?, Int?, step: Int = 1)
    /// Several positions along the axis at once, as NumPy's and PyTorch's advanced (integer-array)
    /// indexing: `x[.all, .positions([0, 2])]` is `x[:, [0, 2]]`, and an index tensor is written
    /// `.positions(indexTensor)`. The result's axes are placed by NumPy's rule, as the subscript
    /// `x[…]` of ``Tensor`` describes.
    case positions(Positions)

    /// A position given as an integer literal: `x[1]` is `x[.at(1)]`.
    public init(integerLiteral value: Int) { self = .at(value) }

    /// The positions of a closed range, such as `.range(1...3)`.
    public static func range(_ positions: ClosedRange<Int>) -> TensorIndex {
        // Int.max as an upper bound is out of range for any axis; keep it so the error says so.
        .range(positions.lowerBound..<(positions.upperBound == Int.max ? Int.max : positions.upperBound + 1))
    }

    /// The positions from a start to the end, such as `.range(2...)`.
    public static func range(_ positions: PartialRangeFrom<Int>) -> TensorIndex { .from(positions.lowerBound) }

    /// The positions before an end, such as `.range(..<2)`.
    public static func range(_ positions: PartialRangeUpTo<Int>) -> TensorIndex { .upTo(positions.upperBound) }

    /// The positions up to and including an end, such as `.range(...2)`.
    public static func range(_ positions: PartialRangeThrough<Int>) -> TensorIndex {
        .upTo(positions.upperBound == Int.max ? Int.max : positions.upperBound + 1)
    }
}

extension Tensor {
    /// The elements at `indices`, one per leading axis (axes left out are taken whole), as a new
    /// contiguous tensor. An integer drops its axis; ranges, strides and `.all` keep it. The
    /// gradient is scattered back into a zero tensor of this tensor's shape.
    ///
    /// ```swift
    /// let x = Tensor<Double>.arange(12).reshaped(to: [3, 4])
    /// x[1, .all]            // [4, 5, 6, 7]
    /// x[-1, 0]              // 8, a 0-d tensor
    /// x[.range(0..<2), 3]   // [3, 7]
    /// ```
    ///
    /// Arrays of positions (``TensorIndex/positions(_:)``) mix with the other indices as in
    /// PyTorch and NumPy: the position arrays broadcast together to one shape B, which takes the
    /// place of the axes they index when those axes are adjacent and goes first in the result
    /// when a slice separates them (NumPy's placement rule). A single position drops its axis
    /// before the rule applies, as in PyTorch; NumPy counts it among the arrays instead, which
    /// differs when it is what separates them: `y[1, .all, .positions([0, 2])]` has shape [3, 2]
    /// here and in PyTorch, (2, 3) in NumPy. The gradient adds up at positions taken more than once.
    ///
    /// ```swift
    /// let y = Tensor<Double>.arange(24).reshaped(to: [2, 3, 4])
    /// y[.all, .positions([2, 0])].shape                              // [2, 2, 4], as y[:, [2, 0]]
    /// y[.range(0..<1), .positions([1, 2]), .positions([0, 3])].shape // [1, 2], adjacent: in place
    /// y[.positions([0, 1]), .all, .positions([3, 3])].shape          // [2, 3], separated: B first
    /// ```
    ///
    /// A position outside `-size..<size`, a range outside `0...size`, a step that is not
    /// positive, or more indices than axes, is reported as a ``BackpropError`` naming the axis.
    public subscript(_ indices: TensorIndex...) -> Tensor { indexed(by: indices) }

    /// The element or sub-tensor at one position per leading axis, each dropping its axis;
    /// negative positions count from the end. This is the form `Int` variables take.
    ///
    /// ```swift
    /// let row = 1
    /// Tensor<Double>.arange(12).reshaped(to: [3, 4])[row, -1]   // 7, a 0-d tensor
    /// ```
    public subscript(_ position: Int, _ morePositions: Int...) -> Tensor {
        indexed(by: ([position] + morePositions).map(TensorIndex.at))
    }

    /// The rows (positions along axis 0) in `positions`, keeping the axis.
    ///
    /// ```swift
    /// Tensor<Double>.arange(12).reshaped(to: [3, 4])[1..<3].shape   // [2, 4]
    /// ```
    ///
    /// Swift itself stops the program when a reversed range such as `3..<1` is formed, before
    /// the subscript runs; for Python's `x[3:1]`, an empty tensor, write `x[.slice(3, 1)]`.
    public subscript(_ positions: Range<Int>) -> Tensor { indexed(by: [.range(positions)]) }

    /// The rows (positions along axis 0) in `positions`, keeping the axis.
    public subscript(_ positions: ClosedRange<Int>) -> Tensor { indexed(by: [.range(positions)]) }

    /// The rows (positions along axis 0) from `positions.lowerBound` to the end.
    public subscript(_ positions: PartialRangeFrom<Int>) -> Tensor { indexed(by: [.range(positions)]) }

    /// The rows (positions along axis 0) before `positions.upperBound`.
    public subscript(_ positions: PartialRangeUpTo<Int>) -> Tensor { indexed(by: [.range(positions)]) }

    /// The rows (positions along axis 0) up to and including `positions.upperBound`.
    public subscript(_ positions: PartialRangeThrough<Int>) -> Tensor { indexed(by: [.range(positions)]) }

    /// The implementation of the subscripts: the strided box the indices describe, then the
    /// axes indexed by a position dropped.
    func indexed(by indices: [TensorIndex]) -> Tensor {
        guard indices.count <= rank else {
            raise(BackpropError(
                .invalidArgument, operation: "subscript",
                problem: "\(indices.count) indices for a tensor of shape \(Shape.describe(shape)) (rank \(rank))",
                fix: "Give at most \(rank) \(rank == 1 ? "index" : "indices"), one per axis"))
            return .placeholder(shape: [])
        }
        if indices.contains(where: { if case .positions = $0 { true } else { false } }) { return advancedIndexed(by: indices) }
        var starts = [Int](), steps = [Int](), counts = [Int](), keptShape = [Int]()
        for axis in 0..<rank {
            guard let (start, step, count, keepsAxis) = resolve(axis < indices.count ? indices[axis] : .all, axis: axis)
            else { return .placeholder(shape: []) }
            starts.append(start)
            steps.append(step)
            counts.append(count)
            if keepsAxis { keptShape.append(count) }
        }
        let box = sliced(starts: starts, steps: steps, counts: counts)
        return keptShape.count == rank ? box : box.reshaped(to: keptShape)
    }

    /// The start, step and count `index` selects along `axis`, and whether the axis is kept; nil
    /// after raising an error when it is out of range.
    private func resolve(_ index: TensorIndex, axis: Int) -> (start: Int, step: Int, count: Int, keepsAxis: Bool)? {
        let size = shape[axis]
        switch index {
        case .at(let position):
            guard (-size..<size).contains(position) else {
                raise(BackpropError(
                    .invalidArgument, operation: "subscript",
                    problem: "index \(position) is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
                    fix: size == 0 ? "Axis \(axis) is empty; it has no position to take" : "Use an index in -\(size)..<\(size) (negative indices count from the end)"))
                return nil
            }
            return (position < 0 ? position + size : position, 1, 1, false)
        case .range(let positions):
            return resolve(positions, step: 1, axis: axis)
        case .stride(let positions, let step):
            guard step > 0 else {
                raise(BackpropError(
                    .invalidArgument, operation: "subscript",
                    problem: "the step \(step) of the stride along axis \(axis) is not positive",
                    fix: "Use a positive step; to reverse an axis use flipped(alongAxes: [\(axis)])"))
                return nil
            }
            return resolve(positions, step: step, axis: axis)
        case .from(let start):
            guard (0...size).contains(start) else {
                raise(BackpropError(
                    .invalidArgument, operation: "subscript",
                    problem: "range \(start)... is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
                    fix: "Start the range within 0...\(size)"))
                return nil
            }
            return (start, 1, size - start, true)
        case .upTo(let end):
            guard (0...size).contains(end) else {
                raise(BackpropError(
                    .invalidArgument, operation: "subscript",
                    problem: "range ..<\(end) is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
                    fix: "End the range within 0...\(size)"))
                return nil
            }
            return (0, 1, end, true)
        case .all, .positions:
            // Position arrays are gathered after the slicing (advancedIndexed(by:)).
            return (0, 1, size, true)
        case .slice(let start, let end, let step):
            guard step > 0 else {
                raise(BackpropError(
                    .invalidArgument, operation: "subscript",
                    problem: "the step \(step) of the slice along axis \(axis) is not positive",
                    fix: "Use a positive step, as PyTorch requires; to reverse an axis use flipped(alongAxes: [\(axis)])"))
                return nil
            }
            let clamp = { (bound: Int) in Swift.min(Swift.max(bound < 0 ? bound + size : bound, 0), size) }
            let first = clamp(start ?? 0), last = clamp(end ?? size)
            return (first, step, last > first ? (last - first - 1) / step + 1 : 0, true)
        }
    }

    private func resolve(_ positions: Range<Int>, step: Int, axis: Int) -> (start: Int, step: Int, count: Int, keepsAxis: Bool)? {
        let size = shape[axis]
        guard positions.lowerBound >= 0, positions.upperBound <= size else {
            raise(BackpropError(
                .invalidArgument, operation: "subscript",
                problem: "range \(positions.lowerBound)..<\(positions.upperBound) is out of range for axis \(axis) of size \(size) (shape \(Shape.describe(shape)))",
                fix: "Use a range within 0...\(size)"))
            return nil
        }
        return (positions.lowerBound, step, positions.isEmpty ? 0 : (positions.count - 1) / step + 1, true)
    }
}

extension Tensor {
    /// The strided box that starts at `starts` and takes `counts[d]` positions `steps[d]` apart
    /// along each axis d, as a new contiguous tensor of shape `counts` (steps may be negative).
    /// The gradient is the box written back into zeros of this tensor's shape.
    func sliced(starts: [Int], steps: [Int], counts: [Int]) -> Tensor {
        if counts == shape && starts.allSatisfy({ $0 == 0 }) && steps.allSatisfy({ $0 == 1 }) { return self }
        let value = Tensor.computed(shape: counts) {
            IndexingKernels.readBox(storage.base, shape: shape, starts: starts, steps: steps, counts: counts, $0)
        }
        let inputShape = shape
        return Tensor.record(
            .slice, value, inputs: [self],
            batching: .rules([{ g, _, _ in
                g.embedded(inShape: [g.shape[0]] + inputShape, starts: [0] + starts, steps: [1] + steps, filling: 0, recordedAs: .sliceScatter)
            }]),
            { g, _, _ in g.embedded(inShape: inputShape, starts: starts, steps: steps, filling: 0, recordedAs: .sliceScatter) })
    }

    /// A tensor of `target` shape filled with `fill`, with this tensor written into the strided
    /// box at `starts` with `steps` (the inverse of ``sliced(starts:steps:counts:)``), recorded as
    /// `operation`. The gradient is the box sliced out again.
    func embedded(inShape target: [Int], starts: [Int], steps: [Int], filling fill: Element, recordedAs operation: TensorOperation) -> Tensor {
        let boxShape = shape
        let value = Tensor.computed(shape: target) { out in
            ElementwiseKernels.fill(out, with: fill, count: Shape.count(target))
            IndexingKernels.writeBox(storage.base, into: out, shape: target, starts: starts, steps: steps, counts: boxShape)
        }
        return Tensor.record(
            operation, value, inputs: [self],
            batching: .rules([{ g, _, _ in g.sliced(starts: [0] + starts, steps: [1] + steps, counts: [g.shape[0]] + boxShape) }]),
            { g, _, _ in g.sliced(starts: starts, steps: steps, counts: boxShape) })
    }
}
