extension Tensor {
    /// A tensor of `shape` filled with `value`.
    public static func filled(with value: Element, shape: [Int], requiresGrad: Bool = false) -> Tensor {
        filled(with: value, shape: shape, requiresGrad: requiresGrad, operation: "filled(with:shape:)")
    }

    /// A tensor of `shape` filled with zeros.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        filled(with: 0, shape: shape, requiresGrad: requiresGrad, operation: "zeros(_:)")
    }

    /// A tensor of `shape` filled with ones.
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        filled(with: 1, shape: shape, requiresGrad: requiresGrad, operation: "ones(_:)")
    }

    private static func filled(with value: Element, shape: [Int], requiresGrad: Bool, operation: String) -> Tensor {
        guard let count = Shape.allocatableCount(shape, of: Element.self, operation: operation) else { return .placeholder(shape: shape) }
        return Tensor(storage: TensorStorage(repeating: value, count: count), shape: shape,
                      tracking: requiresGrad ? .leaf(LeafGradient()) : .constant(name: nil))
    }

    /// The 1-d tensor start, start + step, ... up to but excluding `end`, as NumPy's `arange`.
    /// A range with more elements than fit in memory is reported (as PyTorch does), not attempted.
    public static func arange(_ start: Element, _ end: Element, step: Element = 1, requiresGrad: Bool = false) -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            raise(BackpropError(
                .invalidArgument, operation: "arange", problem: "start \(start), end \(end) and step \(step) do not describe a finite range",
                fix: "Use finite bounds and a non-zero step"))
            return .placeholder(shape: [0])
        }
        let steps = Swift.max(0, Double((end - start) / step).rounded(.up))
        guard steps < 0x1p62, let count = Shape.allocatableCount([Int(steps)], of: Element.self, operation: "arange") else {
            if steps >= 0x1p62 {
                raise(BackpropError(
                    .tooLarge, operation: "arange", problem: "from \(start) to \(end) by \(step) is \(steps) elements, more than a tensor can hold",
                    fix: "Use a larger step or a shorter range"))
            }
            return .placeholder(shape: [0])
        }
        return Tensor((0..<count).map { start + Element($0) * step }, shape: [count], requiresGrad: requiresGrad)
    }

    /// The 1-d tensor 0, 1, ..., end − 1.
    public static func arange(_ end: Element, requiresGrad: Bool = false) -> Tensor {
        arange(0, end, requiresGrad: requiresGrad)
    }

    /// `count` evenly spaced values from `start` through `end` inclusive, as NumPy's `linspace`.
    public static func linspace(from start: Element, through end: Element, count: Int, requiresGrad: Bool = false) -> Tensor {
        guard count >= 0 else {
            raise(BackpropError(.invalidArgument, operation: "linspace", problem: "count \(count) is negative", fix: "Ask for zero or more values"))
            return .placeholder(shape: [0])
        }
        guard Shape.allocatableCount([count], of: Element.self, operation: "linspace") != nil else { return .placeholder(shape: [0]) }
        let step = count > 1 ? (end - start) / Element(count - 1) : 0
        let values = (0..<count).map { $0 == count - 1 && count > 1 ? end : start + Element($0) * step }
        return Tensor(values, shape: [count], requiresGrad: requiresGrad)
    }

    /// A tensor of `shape` drawn from a normal distribution; the same `seed` gives the same
    /// numbers on every machine.
    public static func randomNormal(
        shape: [Int], mean: Element = 0, standardDeviation: Element = 1, seed: UInt64, requiresGrad: Bool = false
    ) -> Tensor {
        guard let count = Shape.allocatableCount(shape, of: Element.self, operation: "randomNormal(shape:)") else {
            return .placeholder(shape: shape)
        }
        var generator = SeededRandomNumberGenerator(seed: seed)
        let values = (0..<count).map { _ in mean + standardDeviation * Element(generator.nextNormal()) }
        return Tensor(values, shape: shape, requiresGrad: requiresGrad)
    }

    /// A tensor of `shape` drawn uniformly from `range`; the same `seed` gives the same numbers
    /// on every machine.
    public static func randomUniform(
        shape: [Int], in range: ClosedRange<Element> = 0...1, seed: UInt64, requiresGrad: Bool = false
    ) -> Tensor {
        guard let count = Shape.allocatableCount(shape, of: Element.self, operation: "randomUniform(shape:)") else {
            return .placeholder(shape: shape)
        }
        var generator = SeededRandomNumberGenerator(seed: seed)
        let width = range.upperBound - range.lowerBound
        let values = (0..<count).map { _ in range.lowerBound + width * Element(generator.nextUniform()) }
        return Tensor(values, shape: shape, requiresGrad: requiresGrad)
    }
}
