/// The reduced QR factorisation A = Q·R of a matrix or of each matrix of a stack, as
/// `torch.linalg.qr(A, mode="reduced")`: for [..., m, n] and k = min(m, n), Q is [..., m, k]
/// with orthonormal columns and R is [..., k, n], upper triangular. Computed by Householder
/// reflections (pure Swift); as in LAPACK, R's diagonal may be negative.
///
/// The gradient is PyTorch's for m ≥ n: ∂L/∂A = (gQ + Q·copyltu(M))·R⁻ᵀ with
/// M = triu(gR·Rᵀ − Qᵀ·gQ) and copyltu(M) = M + triu(M, 1)ᵀ, written with ``triangularSolve``
/// so that higher orders follow; it needs A of full column rank (R invertible). For a wide
/// matrix (m < n) the gradient is not implemented: it is a ``BackpropError``.
///
/// ```swift
/// let (q, r) = qr(Tensor<Double>([3, 0, 4, 5], shape: [2, 2]))
/// matmul(q, r)   // the input again
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func qr<Element>(_ a: Tensor<Element>) -> (q: Tensor<Element>, r: Tensor<Element>) {
    guard a.rank >= 2 else {
        raise(BackpropError(
            .invalidArgument, operation: "qr", problem: "a tensor of shape \(Shape.describe(a.shape)) is not a matrix",
            fix: "Pass a matrix or a stack of matrices, of rank 2 or more"))
        return (.placeholder(shape: [0, 0]), .placeholder(shape: [0, 0]))
    }
    let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
    let total = m * k + k * n
    // One recorded output holds both factors, flattened one after the other.
    let packed = Tensor<Element>.computed(shape: a.batchShape + [total], operation: "qr") { out in
        for item in 0..<Shape.count(a.batchShape) {
            let target = out + item * total
            QRKernels.factor(a.storage.base + item * m * n, m: m, n: n, q: target, r: target + m * k)
        }
    }
    func unpack(_ packed: Tensor<Element>) -> (q: Tensor<Element>, r: Tensor<Element>) {
        let batch = Array(packed.shape.dropLast())
        let parts = packed.split(sizes: [m * k, k * n], alongAxis: -1)
        return (parts[0].reshaped(to: batch + [m, k]), parts[1].reshaped(to: batch + [k, n]))
    }
    // The rule broadcasts over a leading axis of stacked cotangents.
    let rule: OperationRecord<Element>.Pullback = { g, x, output in
        guard m >= n else {
            raise(BackpropError(
                .invalidArgument, operation: "qr",
                problem: "the gradient of the QR factorisation of a wide matrix (\(m)×\(n), fewer rows than columns) is not implemented",
                fix: "Differentiate the QR factorisation of the transpose, or of a matrix with at least as many rows as columns"))
            return .zeros(x[0].shape)
        }
        let (q, r) = unpack(output)
        let (gQ, gR) = unpack(g)
        let upper = triu(matmul(gR, r, transposeA: false, transposeB: true) - matmul(q, gQ, transposeA: true, transposeB: false))
        let inner = gQ + matmul(q, upper + triu(upper, diagonal: 1).matrixTransposed())
        // (inner)·R⁻ᵀ: R·Xᵀ = innerᵀ.
        return triangularSolveLeft(r, inner.matrixTransposed(), upper: true, transpose: false, unitDiagonal: false).matrixTransposed()
    }
    return unpack(Tensor.record(.qr, packed, inputs: [a], batching: .sameRules, rule))
}
