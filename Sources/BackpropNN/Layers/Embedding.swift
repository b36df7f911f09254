import Backprop

/// A lookup table of vectors, as PyTorch's `nn.Embedding`: index i gives row i of `weight`
/// [count, dimension], drawn from the standard normal distribution as PyTorch's. The gradient
/// of each row is the sum of the gradients of the positions that looked it up. With a
/// `paddingIndex`, that row starts at zero and gets no gradient, as PyTorch's `padding_idx`.
///
/// ```swift
/// let embedding = Embedding<Float>(count: 1000, dimension: 64, seed: 1)
/// embedding([5, 17, 5])                          // [3, 64]
/// embedding(indices: tokens, shape: [8, 32])     // [8, 32, 64]
/// ```
public final class Embedding<Element: TensorElement>: Layer {
    /// The vectors, one row per index, [count, dimension].
    public var weight: Tensor<Element>
    /// The index whose row stays fixed (no gradient), or nil.
    public let paddingIndex: Int?

    /// A table of `count` vectors of size `dimension`, drawn from N(0, 1) with `seed`.
    public init(count: Int, dimension: Int, paddingIndex: Int? = nil, seed: UInt64) {
        var table = Tensor<Element>.randomNormal(shape: [count, dimension], seed: seed).scalars
        // Compared rather than `(0..<count).contains`: a negative count (an error raised by
        // randomNormal) makes no valid range.
        if let paddingIndex, paddingIndex >= 0, paddingIndex < count {
            table.replaceSubrange((paddingIndex * dimension)..<((paddingIndex + 1) * dimension), with: repeatElement(0, count: dimension))
        }
        weight = Tensor(table, shape: [count, dimension], requiresGrad: true)
        self.paddingIndex = paddingIndex
        checkPaddingIndex()
    }

    /// A table with the given vectors [count, dimension], a leaf requiring a gradient.
    public init(weight: Tensor<Element>, paddingIndex: Int? = nil) {
        self.weight = weight
        self.paddingIndex = paddingIndex
        checkPaddingIndex()
    }

    /// The number of vectors.
    public var count: Int { weight.shape.first ?? 0 }
    /// The size of each vector.
    public var dimension: Int { weight.rank == 2 ? weight.shape[1] : 0 }

    /// The rows for `indices` arranged in `shape` (which must hold indices.count elements):
    /// a tensor of shape `shape + [dimension]`. By default the indices form one axis.
    public func callAsFunction(indices: [Int], shape: [Int]? = nil) -> Tensor<Element> {
        let outputShape = shape ?? [indices.count]
        let operation = "Embedding(\(count), \(dimension))"
        if let bad = indices.first(where: { !(0..<count).contains($0) }) {
            BackpropError(.invalidArgument, operation: operation, problem: "index \(bad) is outside the table's rows 0..<\(count)",
                          fix: "Use indices from 0 to \(count - 1), or build a larger table").raise()
            return .zeros(outputShape + [dimension])
        }
        guard outputShape.allSatisfy({ $0 >= 0 }), checkedProduct(outputShape, operation: operation) == indices.count else {
            BackpropError(.shapeMismatch, operation: operation, problem: "\(indices.count) indices do not fill the shape \(outputShape)",
                          fix: "Pass a shape whose sizes multiply to \(indices.count)").raise()
            return .zeros(outputShape + [dimension])
        }
        var rows = weight.gathering(indices: indices, alongAxis: 0)
        if let paddingIndex, indices.contains(paddingIndex) {
            // The padding row's value is used, but its gradient is cut.
            let padding = Tensor<Element>(indices.map { $0 == paddingIndex ? 1 : 0 }, shape: [indices.count, 1])
            rows = .where(padding, rows.detached(), rows)
        }
        return rows.reshaped(to: outputShape + [dimension])
    }

    /// The rows for `indices`, [indices.count, dimension].
    public func callAsFunction(_ indices: [Int]) -> Tensor<Element> { self(indices: indices) }

    /// The rows for a tensor of whole-number indices (PyTorch's LongTensor, here as elements):
    /// a tensor of shape `indices.shape + [dimension]`.
    public func callAsFunction(_ indices: Tensor<Element>) -> Tensor<Element> {
        let values = indices.scalars, limit = Element(Int32.max)
        if let bad = values.first(where: { $0.rounded() != $0 || Swift.abs($0) > limit }) {
            BackpropError(
                .invalidArgument, operation: "Embedding(\(count), \(dimension))",
                problem: "the index tensor holds \(bad), which is not a whole number of a table's size",
                fix: "Pass whole-number indices, or an [Int] array").raise()
            return .zeros(indices.shape + [dimension])
        }
        return self(indices: values.map { Int($0) }, shape: indices.shape)
    }

    /// `weight`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        body("weight", &weight)
    }

    /// `Embedding(1000, 64)`.
    public var description: String { "Embedding(\(count), \(dimension))" }

    private func checkPaddingIndex() {
        if let paddingIndex, !(0..<count).contains(paddingIndex) {
            BackpropError(.invalidArgument, operation: "Embedding(\(count), \(dimension))",
                          problem: "paddingIndex \(paddingIndex) is outside the table's rows 0..<\(count)",
                          fix: "Use a padding index from 0 to \(count - 1), or nil").raise()
        }
    }
}
