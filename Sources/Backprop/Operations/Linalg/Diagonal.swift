/// The diagonal of a matrix or of each matrix of a stack, as `torch.linalg.diagonal`: the
/// elements (i, i + `offset`) of the last two axes, as a last axis replacing them. `offset` 0 is
/// the main diagonal, positive offsets lie above it and negative ones below; a diagonal outside
/// the matrix is empty. The gradient is scattered back onto the diagonal.
///
/// ```swift
/// diagonal(Tensor<Double>([1, 2, 3, 4], shape: [2, 2])).scalars   // [1, 4]
/// ```
public func diagonal<Element>(_ a: Tensor<Element>, offset: Int = 0) -> Tensor<Element> {
    guard a.isMatrixStack(operation: "diagonal") else { return .placeholder(shape: [0]) }
    let rows = a.shape[a.rank - 2], columns = a.shape[a.rank - 1]
    // Element (i, i + offset) lies at i·(columns + 1) + offset of the flattened matrix.
    let first = Swift.max(0, -offset), length = Swift.max(0, Swift.min(rows - first, columns - first - offset))
    let positions = (0..<length).map { (first + $0) * (columns + 1) + offset }
    return a.reshaped(to: a.batchShape + [rows * columns]).gathering(indices: positions, alongAxis: -1)
}

/// The square matrix with `v` on its diagonal and zeros elsewhere, for each vector of the last
/// axis of `v` (as `torch.diag_embed`): [..., n] gives [..., n, n]. The gradient is the
/// diagonal of the upstream gradient.
///
/// ```swift
/// diagonalMatrix(Tensor<Double>([1, 2])).scalars   // [1, 0, 0, 2]
/// ```
public func diagonalMatrix<Element>(_ v: Tensor<Element>) -> Tensor<Element> {
    guard v.rank >= 1 else {
        raise(BackpropError(
            .invalidArgument, operation: "diagonalMatrix", problem: "a 0-d tensor has no vector to put on a diagonal",
            fix: "Pass a vector or a stack of vectors, of rank 1 or more"))
        return .placeholder(shape: [1, 1])
    }
    let n = v.shape[v.rank - 1]
    return v.unsqueezed(at: v.rank) * Tensor<Element>.eye(n)
}
