/// The sum of products of the operands' elements over the indices the output leaves out, in
/// Einstein's notation, as `numpy.einsum` and `torch.einsum`.
///
/// Each operand's subscripts name its axes with letters (a–z, A–Z), separated by commas; `->`
/// is followed by the output's. An index in several operands multiplies along it, one left out
/// of the output is summed, one repeated in an operand takes a diagonal. `...` stands for
/// leading axes that broadcast as NumPy's. Without `->` the output is, as in NumPy, the axes
/// under `...`, then the indices that appear once, in alphabetical order (capitals first).
///
/// ```swift
/// einsum("bij,bjk->bik", a, b)   // batched matrix product
/// einsum("ii->", m)              // trace;  "ii->i": diagonal
/// einsum("i,ij,j->", x, m, y)    // bilinear form xᵀMy
/// einsum("...ij,...j->...i", m, v)
/// ```
///
/// Axes of one index may have size 1 in some operands, which then broadcast (as in NumPy and
/// PyTorch). An explicit output without `...` sums the axes under `...`, as it sums every
/// index it leaves out; NumPy rejects such an equation instead.
///
/// It is lowered to the library's own differentiable operations — diagonals gathered from the
/// flattened axes, sums, permutations, reshapes and (batched) matrix products, two operands at
/// a time, the pair with the smallest result first — so it differentiates, to any order, with
/// no rule of its own. A malformed equation, or one that does not fit the operands' shapes, is
/// a ``BackpropError`` that shows the equation with a caret under the offending column.
public func einsum<Element>(_ equation: String, _ operands: Tensor<Element>...) -> Tensor<Element> {
    einsum(equation, operands)
}

/// `einsum` of a list of operands, for a number of operands known only at run time.
public func einsum<Element>(_ equation: String, _ operands: [Tensor<Element>]) -> Tensor<Element> {
    guard let parsed = EinsumEquation(equation, shapes: operands.map(\.shape)) else { return .placeholder(shape: []) }
    let outputShape = parsed.outputLabels.map { parsed.sizes[$0]! }
    guard Shape.allocatableCount(outputShape, of: Element.self, operation: "einsum") != nil else {
        return .placeholder(shape: outputShape)
    }
    var terms = zip(operands, parsed.operandLabels).map { operand, labels in
        LabelledTensor(tensor: operand, labels: labels).droppingBroadcastAxes(sizes: parsed.sizes).takingDiagonals()
    }
    let output = Set(parsed.outputLabels)
    /// The labels that terms other than those at `excluded`, or the output, still need.
    func needed(excluding excluded: [Int]) -> Set<Int> {
        terms.indices.filter { !excluded.contains($0) }.reduce(into: output) { $0.formUnion(terms[$1].labels) }
    }
    while true {
        for index in terms.indices { terms[index] = terms[index].summing(allBut: needed(excluding: [index])) }
        guard terms.count > 1 else { break }
        let pairs = terms.indices.flatMap { i in (i + 1..<terms.count).map { (i, $0) } }
        let costs = pairs.map { terms[$0.0].contractionSize(with: terms[$0.1], keeping: needed(excluding: [$0.0, $0.1]), sizes: parsed.sizes) }
        let (first, second) = pairs[costs.indices.min { costs[$0] < costs[$1] }!]
        guard let product = terms[first].contracted(
            with: terms[second], keeping: needed(excluding: [first, second]), sizes: parsed.sizes
        ) else { return .placeholder(shape: outputShape) }
        terms.remove(at: second)
        terms[first] = product
    }
    let result = terms[0]
    return result.tensor.permuted(parsed.outputLabels.map { result.labels.firstIndex(of: $0)! })
}

/// A tensor on its way to an einsum's result, with the label of each of its axes.
private struct LabelledTensor<Element: TensorElement> {
    var tensor: Tensor<Element>
    var labels: [Int]

    /// Without the axes of size 1 whose label is larger elsewhere: they broadcast, so the value
    /// does not depend on that label, and the other operands' axes carry it.
    func droppingBroadcastAxes(sizes: [Int: Int]) -> LabelledTensor {
        let kept = labels.indices.filter { tensor.shape[$0] != 1 || sizes[labels[$0]] == 1 }
        guard kept.count < labels.count else { return self }
        return LabelledTensor(tensor: tensor.reshaped(to: kept.map { tensor.shape[$0] }), labels: kept.map { labels[$0] })
    }

    /// With each label that repeats replaced by one axis, the diagonal: the two axes moved last,
    /// flattened, and every (n + 1)-th element gathered.
    func takingDiagonals() -> LabelledTensor {
        var result = self
        while let repeated = result.labels.indices.first(where: { result.labels[..<$0].contains(result.labels[$0]) }) {
            let label = result.labels[repeated], earlier = result.labels.firstIndex(of: label)!
            let others = result.labels.indices.filter { $0 != earlier && $0 != repeated }
            let size = result.tensor.shape[repeated]
            let flattened = result.tensor.permuted(others + [earlier, repeated])
                .reshaped(to: others.map { result.tensor.shape[$0] } + [size * size])
            result = LabelledTensor(
                tensor: flattened.gathering(indices: Array(stride(from: 0, to: size * size, by: size + 1)), alongAxis: others.count),
                labels: others.map { result.labels[$0] } + [label])
        }
        return result
    }

    /// Summed over the axes whose labels are not in `needed`.
    func summing(allBut needed: Set<Int>) -> LabelledTensor {
        let summed = labels.indices.filter { !needed.contains(labels[$0]) }
        guard !summed.isEmpty else { return self }
        return LabelledTensor(tensor: tensor.sum(alongAxes: summed), labels: labels.filter { needed.contains($0) })
    }

    /// The element count of the contraction with `other` keeping the labels of `keeping`
    /// (`Int.max` when it overflows): the greedy order contracts the smallest first.
    func contractionSize(with other: LabelledTensor, keeping: Set<Int>, sizes: [Int: Int]) -> Int {
        let summed = Set(labels).intersection(other.labels).subtracting(keeping)
        return Set(labels).union(other.labels).subtracting(summed).reduce(1) { product, label in
            let (next, overflow) = product.multipliedReportingOverflow(by: sizes[label]!)
            return overflow ? Int.max : next
        }
    }

    /// The product with `other`, summed over the labels both have that `keeping` does not
    /// contain: one batched matrix product [batch, free here, summed]·[batch, summed, free
    /// there] (with transposed operands rather than copies where the axes allow), or a
    /// broadcast product when nothing is summed. Nil after raising an error when
    /// the result would be too large.
    func contracted(with other: LabelledTensor, keeping: Set<Int>, sizes: [Int: Int]) -> LabelledTensor? {
        let shared = labels.filter(other.labels.contains)
        let batch = shared.filter(keeping.contains), summed = shared.filter { !keeping.contains($0) }
        let free = labels.filter { !other.labels.contains($0) }, otherFree = other.labels.filter { !labels.contains($0) }
        let resultLabels = batch + free + otherFree
        let resultShape = resultLabels.map { sizes[$0]! }
        guard Shape.allocatableCount(resultShape, of: Element.self, operation: "einsum") != nil else { return nil }
        let batchShape = batch.isEmpty ? [] : [Shape.count(batch.map { sizes[$0]! })]
        let left = matrices(batch: batch, batchShape: batchShape, rows: free, columns: summed, sizes: sizes)
        let right = other.matrices(batch: batch, batchShape: batchShape, rows: summed, columns: otherFree, sizes: sizes)
        let product = summed.isEmpty
            ? left.tensor * right.tensor
            : matmul(left.tensor, right.tensor, transposeA: left.transposed, transposeB: right.transposed)
        return LabelledTensor(tensor: product.reshaped(to: resultShape), labels: resultLabels)
    }

    /// The tensor as a stack of matrices, the axes of `rows` flattened into rows and those of
    /// `columns` into columns: stored transposed (for the product to read as such) when its
    /// axes are in the order batch, columns, rows, permuted only when in neither order.
    private func matrices(
        batch: [Int], batchShape: [Int], rows: [Int], columns: [Int], sizes: [Int: Int]
    ) -> (tensor: Tensor<Element>, transposed: Bool) {
        let rowCount = Shape.count(rows.map { sizes[$0]! }), columnCount = Shape.count(columns.map { sizes[$0]! })
        if labels == batch + columns + rows && labels != batch + rows + columns {
            return (tensor.reshaped(to: batchShape + [columnCount, rowCount]), true)
        }
        let order = batch + rows + columns
        return (tensor.permuted(order.map { labels.firstIndex(of: $0)! }).reshaped(to: batchShape + [rowCount, columnCount]), false)
    }
}
