/// The lower-triangular Cholesky factor L of a symmetric positive-definite matrix, A = L·Lᵀ, for
/// a matrix or each matrix of a stack [..., n, n], as `torch.linalg.cholesky`: only the lower
/// triangle of A is read. A matrix that is not positive-definite is a ``BackpropError`` naming
/// the order of the first leading minor that is not, as PyTorch's message does.
///
/// Computed by a blocked factorisation on the GEMM micro-kernels. The gradient is PyTorch's
/// (Murray, 2016): ∂L/∂A = L⁻ᵀ·Φ(Lᵀ·∂L/∂L)·L⁻¹, Φ taking the lower triangle with half its
/// diagonal and symmetrising, written with ``triangularSolve`` and `matmul` so that higher
/// orders follow. The gradient is symmetric: it is the derivative along symmetric perturbations
/// of A, so check it through a symmetrised input (such as ½(A + Aᵀ)).
///
/// ```swift
/// cholesky(Tensor<Double>([4, 2, 2, 5], shape: [2, 2])).scalars   // [2, 0, 1, 2]
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func cholesky<Element>(_ a: Tensor<Element>) -> Tensor<Element> {
    let operation = "cholesky"
    guard let n = a.squareMatrixSize(operation: operation) else { return .placeholder(shape: a.shape) }
    var failure: BackpropError?
    let value = Tensor<Element>.computed(shape: a.shape, operation: operation) { out in
        for item in 0..<Shape.count(a.batchShape) {
            guard let order = CholeskyKernels.factor(a.storage.base + item * n * n, n: n, into: out + item * n * n) else { continue }
            failure = BackpropError(
                .invalidArgument, operation: operation,
                problem: "the matrix of shape \(Shape.describe(a.shape))\(stackPosition(a.shape, item)) is not positive-definite: its leading minor of order \(order + 1) is not positive",
                fix: "Pass a symmetric positive-definite matrix, such as B·Bᵀ + λ·Tensor.eye(n) with λ > 0; add a small multiple of the identity to a covariance matrix that is only semi-definite")
            return
        }
    }
    if let failure {
        raise(failure)
        return .placeholder(shape: a.shape)
    }
    // The rule broadcasts over a leading axis of stacked cotangents.
    let rule: OperationRecord<Element>.Pullback = { g, _, l in
        // tril(Lᵀ·G): the lower triangle of G alone contributes, as Lᵀ·triu(G, 1) is upper.
        let lower = tril(matmul(l, g, transposeA: true, transposeB: false))
        let phi = 0.5 * (lower + tril(lower, diagonal: -1).matrixTransposed())
        // L⁻ᵀ·Φ, then (L⁻ᵀ·Φ)·L⁻¹ = (L⁻ᵀ·(L⁻ᵀ·Φ)ᵀ)ᵀ.
        let left = triangularSolveLeft(l, phi, upper: false, transpose: true, unitDiagonal: false)
        return triangularSolveLeft(l, left.matrixTransposed(), upper: false, transpose: true, unitDiagonal: false).matrixTransposed()
    }
    return Tensor.record(.cholesky, value, inputs: [a], batching: .sameRules, rule)
}
