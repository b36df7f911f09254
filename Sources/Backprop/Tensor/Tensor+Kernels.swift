extension Tensor {
    /// A constant tensor of `shape` whose elements `fill` writes. A shape that cannot be
    /// allocated (its sizes overflow, or it needs more than the machine's memory) raises an error
    /// naming `operation` (by default the calling function) and gives a placeholder instead,
    /// without calling `fill`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func computed(shape: [Int], operation: String = #function, _ fill: (UnsafeMutablePointer<Element>) -> Void) -> Tensor {
        guard let count = Shape.allocatableCount(shape, of: Element.self, operation: operation) else { return .placeholder(shape: shape) }
        let storage = TensorStorage<Element>(uninitializedCount: count)
        fill(storage.base)
        return Tensor(storage: storage, shape: shape)
    }

    /// A constant of `shape` standing in for the result of a misused operation, so that code
    /// inside `withErrorChecking` can run on to the end of its body. Negative sizes become 0, and a
    /// shape that cannot be allocated keeps its rank with every size 0, so a placeholder never
    /// allocates the impossible size whose misuse it stands in for.
    static func placeholder(shape: [Int]) -> Tensor {
        var sizes = shape.map { Swift.max($0, 0) }
        let counts = Shape.checkedCounts(sizes, elementSize: MemoryLayout<Element>.stride)
        if counts == nil || counts!.bytes > Shape.memoryLimitBytes { sizes = sizes.map { _ in 0 } }
        return Tensor(storage: TensorStorage(repeating: 0, count: Shape.count(sizes)), shape: sizes)
    }

    /// op applied to every element (not recorded).
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    func mapped(_ operation: UnaryKernel) -> Tensor {
        Tensor.computed(shape: shape) { ElementwiseKernels.unary(operation, storage.base, $0, count) }
    }

    /// op applied elementwise with broadcasting (not recorded), or nil after raising an error
    /// naming `name` when the shapes do not broadcast.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func combined(_ operation: BinaryKernel, _ lhs: Tensor, _ rhs: Tensor, name: String) -> Tensor? {
        guard let shape = Shape.broadcast(lhs.shape, rhs.shape) else {
            raise(BackpropError(
                .shapeMismatch, operation: name,
                problem: "cannot broadcast shapes \(Shape.describe(lhs.shape)) and \(Shape.describe(rhs.shape)): aligned from the right, each pair of sizes must be equal or contain a 1",
                fix: "Reshape one operand (for example x.reshaped(to: [\(lhs.shape.first ?? 1), 1]) or x.unsqueezed(at: 0)) so that the sizes line up"))
            return nil
        }
        return computed(shape: shape, operation: name) {
            ElementwiseKernels.binary(operation, lhs.storage.base, lhs.shape, rhs.storage.base, rhs.shape, $0, shape)
        }
    }
}
