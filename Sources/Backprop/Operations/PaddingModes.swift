/// How ``Tensor/padded(_:mode:)`` fills the positions it adds, as the `mode` of PyTorch's
/// `torch.nn.functional.pad`.
public enum PaddingMode<Element: TensorElement>: Equatable, Sendable {
    /// Every added position holds `value` (PyTorch's `"constant"`).
    case constant(Element)
    /// The tensor mirrored about its edge element, which is not repeated: [1, 2, 3] padded by 2
    /// on each side is [3, 2, 1, 2, 3, 2, 1] (PyTorch's `"reflect"`, NumPy's `"reflect"`). The
    /// padding must be smaller than the axis.
    case reflect
    /// The edge element repeated: [1, 2, 3] padded by 2 is [1, 1, 1, 2, 3, 3, 3] (PyTorch's
    /// `"replicate"`, NumPy's `"edge"`).
    case replicate
    /// The tensor wrapped around: [1, 2, 3] padded by 2 is [2, 3, 1, 2, 3, 1, 2] (PyTorch's
    /// `"circular"`, NumPy's `"wrap"`). The padding may be at most the axis size.
    case circular
}

extension Tensor {
    /// The tensor padded along each axis by `padding[d]` (`before` positions at the start of
    /// axis d, `after` at its end; one pair per axis) in `mode`, as `torch.nn.functional.pad`.
    /// Unlike PyTorch, which pads only the last one to three axes in the non-constant modes, any
    /// axis may be padded; axes are padded one after another, so corners are filled as PyTorch
    /// fills them.
    ///
    /// Each added position reads an element of the tensor (except in constant mode), so the
    /// gradient of every output position goes back to the element it read: positions read
    /// several times accumulate. The padding is a gather along each axis, differentiable again.
    ///
    /// ```swift
    /// Tensor<Double>([1, 2, 3]).padded([(before: 2, after: 1)], mode: .reflect)   // [3, 2, 1, 2, 3, 2]
    /// images.padded([(0, 0), (0, 0), (1, 1), (1, 1)], mode: .replicate)         // NCHW, one pixel of border
    /// ```
    public func padded(_ padding: [(before: Int, after: Int)], mode: PaddingMode<Element>) -> Tensor {
        let operation = "padded(_:mode:)"
        if case .constant(let value) = mode { return padded(padding, with: value, operation: operation) }
        guard let paddedShape = paddedShape(padding, operation: operation) else { return self }
        for (axis, (before, after)) in padding.enumerated() where before > 0 || after > 0 {
            let size = shape[axis]
            let (limit, rule): (Int, String) = switch mode {
            case .reflect: (size - 1, "reflect padding must be smaller than the axis (the edge element is not repeated)")
            case .replicate: (size == 0 ? 0 : Int.max, "replicate padding needs an element to repeat")
            case .circular: (size, "circular padding may be at most the axis size (it wraps around once)")
            case .constant: (Int.max, "")
            }
            guard before <= limit, after <= limit else {
                raise(BackpropError(
                    .invalidArgument, operation: operation,
                    problem: "padding (before: \(before), after: \(after)) of axis \(axis) of size \(size) in shape \(Shape.describe(shape)): \(rule)",
                    fix: size == 0 ? "Pad an axis with elements, or use .constant" : "Pad axis \(axis) by at most \(limit), or use .constant or .replicate"))
                return .placeholder(shape: paddedShape)
            }
        }
        guard Shape.allocatableCount(paddedShape, of: Element.self, operation: operation) != nil else {
            return .placeholder(shape: paddedShape)
        }
        var result = self
        for (axis, (before, after)) in padding.enumerated() where before > 0 || after > 0 {
            let size = shape[axis]
            let sources = (-before..<(size + after)).map { position in
                switch mode {
                case .reflect: position < 0 ? -position : position >= size ? 2 * (size - 1) - position : position
                case .replicate: Swift.min(Swift.max(position, 0), size - 1)
                case .circular, .constant: (position % size + size) % size
                }
            }
            result = result.gathering(indices: sources, alongAxis: axis)
        }
        return result
    }

    /// The shape of this tensor padded by `padding`, or nil after raising an error naming
    /// `operation` when there is not one non-negative pair per axis or a size overflows.
    func paddedShape(_ padding: [(before: Int, after: Int)], operation: String) -> [Int]? {
        guard padding.count == rank else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "\(padding.count) padding pairs for a tensor of shape \(Shape.describe(shape)) (rank \(rank))",
                fix: "Give one (before, after) pair per axis, \(rank) in all, using (0, 0) for axes left as they are"))
            return nil
        }
        if let axis = padding.firstIndex(where: { $0.before < 0 || $0.after < 0 }) {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "the padding (before: \(padding[axis].before), after: \(padding[axis].after)) of axis \(axis) is negative",
                fix: "Pad by zero or more; to cut positions off, use a subscript such as x[.range(1..<n)]"))
            return nil
        }
        let sizes = shape.indices.map { Shape.checkedSum(padding[$0].before, shape[$0], padding[$0].after) }
        guard let paddedShape = sizes as? [Int] else {
            let axis = sizes.firstIndex { $0 == nil }!
            raise(BackpropError(
                .tooLarge, operation: operation,
                problem: "padding axis \(axis) of shape \(Shape.describe(shape)) by (before: \(padding[axis].before), after: \(padding[axis].after)) gives a size beyond Int.max",
                fix: "Pad by amounts that fit in memory"))
            return nil
        }
        return paddedShape
    }
}
