/// The lower triangle of a matrix or stack of matrices, as `torch.tril`: the elements (i, j) of
/// the last two axes with j − i ≤ `diagonal` kept, the rest zero. `diagonal` 0 keeps the main
/// diagonal, −1 starts below it, 1 above it. The gradient is the same triangle of the upstream
/// gradient.
///
/// ```swift
/// tril(Tensor<Double>([1, 2, 3, 4], shape: [2, 2])).scalars   // [1, 0, 3, 4]
/// ```
public func tril<Element>(_ a: Tensor<Element>, diagonal: Int = 0) -> Tensor<Element> {
    triangularPart(a, operation: "tril") { row, column in column - row <= diagonal }
}

/// The upper triangle of a matrix or stack of matrices, as `torch.triu`: the elements (i, j) of
/// the last two axes with j − i ≥ `diagonal` kept, the rest zero. `diagonal` 0 keeps the main
/// diagonal, 1 starts above it, −1 below it. The gradient is the same triangle of the upstream
/// gradient.
///
/// ```swift
/// triu(Tensor<Double>([1, 2, 3, 4], shape: [2, 2])).scalars   // [1, 2, 0, 4]
/// ```
public func triu<Element>(_ a: Tensor<Element>, diagonal: Int = 0) -> Tensor<Element> {
    triangularPart(a, operation: "triu") { row, column in column - row >= diagonal }
}

/// `a` times the constant 0/1 mask of the positions (row, column) that `keeps`: the product
/// differentiates itself.
private func triangularPart<Element>(
    _ a: Tensor<Element>, operation: String, keeps: (_ row: Int, _ column: Int) -> Bool
) -> Tensor<Element> {
    guard a.isMatrixStack(operation: operation) else { return a }
    let rows = a.shape[a.rank - 2], columns = a.shape[a.rank - 1]
    let mask = Tensor<Element>.computed(shape: [rows, columns], operation: operation) { out in
        for i in 0..<rows {
            for j in 0..<columns { out[i &* columns &+ j] = keeps(i, j) ? 1 : 0 }
        }
    }
    return a * mask
}
