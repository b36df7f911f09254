/// Which norm ``matrixNorm(_:_:keepingDimensions:)`` takes, named after PyTorch's `ord`
/// values of `torch.linalg.matrix_norm`.
public enum MatrixNormKind: Sendable, Hashable {
    /// √Σ aᵢⱼ², PyTorch's `'fro'`.
    case frobenius
    /// The largest column sum of magnitudes, maxⱼ Σᵢ |aᵢⱼ|: PyTorch's `ord=1`.
    case maxColumnSum
    /// The largest row sum of magnitudes, maxᵢ Σⱼ |aᵢⱼ|: PyTorch's `ord=inf`.
    case maxRowSum
    /// The sum of the singular values, PyTorch's `'nuc'`.
    case nuclear
    /// The largest singular value, PyTorch's `ord=2`.
    case spectral
}

/// The norm of a matrix, or of each matrix of a stack ([..., m, n] gives [...], or
/// [..., 1, 1] when `keepingDimensions`), as `torch.linalg.matrix_norm`. Built from
/// differentiable operations: the Frobenius norm's gradient at a zero matrix is 0, the max
/// sums split their gradient evenly among tied largest sums, as PyTorch's, and the
/// nuclear and spectral norms differentiate through ``singularValueDecomposition(_:)``, whose
/// caveat on repeated singular values applies.
///
/// ```swift
/// let a = Tensor<Double>([1, -2, 3, 4], shape: [2, 2])
/// matrixNorm(a).scalar                   // √30
/// matrixNorm(a, .maxColumnSum).scalar    // 6
/// matrixNorm(a, .maxRowSum).scalar       // 7
/// matrixNorm(Tensor<Double>([3, 0, 0, -4], shape: [2, 2]), .nuclear).scalar   // 7
/// ```
public func matrixNorm<Element>(
    _ a: Tensor<Element>, _ kind: MatrixNormKind = .frobenius, keepingDimensions: Bool = false
) -> Tensor<Element> {
    guard a.isMatrixStack(operation: "matrixNorm", fix: "Pass a matrix or a stack of matrices, of rank 2 or more; use vectorNorm for vectors") else {
        return .placeholder(shape: [])
    }
    let rows = a.rank - 2, columns = a.rank - 1
    switch kind {
    case .frobenius:
        return a.norm(alongAxes: [rows, columns], keepingDimensions: keepingDimensions)
    case .maxColumnSum:
        return abs(a).sum(alongAxes: [rows], keepingDimensions: true).extremeSplittingTies(alongAxes: [columns], keepingDimensions: true, largest: true)
            .reshaped(to: keepingDimensions ? a.batchShape + [1, 1] : a.batchShape)
    case .maxRowSum:
        return abs(a).sum(alongAxes: [columns], keepingDimensions: true).extremeSplittingTies(alongAxes: [rows], keepingDimensions: true, largest: true)
            .reshaped(to: keepingDimensions ? a.batchShape + [1, 1] : a.batchShape)
    case .nuclear, .spectral:
        let values = singularValueDecomposition(a).singularValues
        let norm = kind == .nuclear ? values.sum(alongAxes: [-1]) : values.max(alongAxes: [-1])
        return keepingDimensions ? norm.reshaped(to: a.batchShape + [1, 1]) : norm
    }
}
