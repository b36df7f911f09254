/// The reduced QR factorisation A = Q·R of a matrix or of each matrix of a stack, as
/// `torch.linalg.qr(A, mode="reduced")`: for [..., m, n] and k = min(m, n), Q is [..., m, k]
/// with orthonormal columns and R is [..., k, n], upper triangular. Computed by Householder
/// reflections (pure Swift); as in LAPACK, R's diagonal may be negative. A matrix with NaN or
/// infinity is a ``BackpropError``.
///
/// The gradient is PyTorch's: for m ≥ n, ∂L/∂A = (gQ + Q·copyltu(M))·R⁻ᵀ with
/// M = triu(gR·Rᵀ − Qᵀ·gQ) and copyltu(M) = M + triu(M, 1)ᵀ; a wide A = [X | Y] takes the
/// square case for X (with gQ + Y·gVᵀ) and Q·gV for Y. Written with ``triangularSolve`` so that
/// higher orders follow; it needs the leading k columns of A to be independent (R's first k
/// columns invertible), as PyTorch does.
///
/// ```swift
/// let (q, r) = qr(Tensor<Double>([3, 0, 4, 5], shape: [2, 2]))
/// matmul(q, r)   // the input again
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func qr<Element>(_ a: Tensor<Element>) -> (q: Tensor<Element>, r: Tensor<Element>) {
    guard a.isMatrixStack(operation: "qr") else { return (.placeholder(shape: [0, 0]), .placeholder(shape: [0, 0])) }
    let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
    let total = m * k + k * n
    var nonFinite: BackpropError?
    // One recorded output holds both factors, flattened one after the other.
    let packed = Tensor<Element>.computed(shape: a.batchShape + [total], operation: "qr") { out in
        for item in 0..<Shape.count(a.batchShape) {
            // A NaN column fails the reflections' `norm > 0` test and would leave Q an identity.
            guard largestMagnitude(a.storage.base + item * m * n, count: m * n).isFinite else {
                nonFinite = nonFiniteMatrixError(operation: "qr", shape: a.shape, item: item)
                return
            }
            let target = out + item * total
            QRKernels.factor(a.storage.base + item * m * n, m: m, n: n, q: target, r: target + m * k)
        }
    }
    if let nonFinite {
        raise(nonFinite)
        return (.placeholder(shape: a.batchShape + [m, k]), .placeholder(shape: a.batchShape + [k, n]))
    }
    func unpack(_ packed: Tensor<Element>) -> (q: Tensor<Element>, r: Tensor<Element>) {
        let batch = Array(packed.shape.dropLast())
        let parts = packed.split(sizes: [m * k, k * n], alongAxis: -1)
        return (parts[0].reshaped(to: batch + [m, k]), parts[1].reshaped(to: batch + [k, n]))
    }
    // The rule broadcasts over a leading axis of stacked cotangents.
    let rule: OperationRecord<Element>.Pullback = { g, x, output in
        let (q, r) = unpack(output)
        let (gQ, gR) = unpack(g)
        guard m < n else { return tallQRGradient(q: q, r: r, gQ: gQ, gR: gR) }
        // A = [X | Y] with X square: R = [U | V], X = Q·U and Y = Q·V, so
        // ∂L/∂Y = Q·gV and ∂L/∂X is the square case with gQ + Y·gVᵀ in place of gQ.
        let rParts = r.split(sizes: [m, n - m], alongAxis: -1), gRParts = gR.split(sizes: [m, n - m], alongAxis: -1)
        let y = x[0].split(sizes: [m, n - m], alongAxis: -1)[1]
        let gX = tallQRGradient(
            q: q, r: rParts[0], gQ: gQ + matmul(y, gRParts[1], transposeA: false, transposeB: true), gR: gRParts[0])
        let gY = matmul(q, gRParts[1])
        return Tensor.concatenated([gX, gY], alongAxis: -1)
    }
    return unpack(Tensor.record(.qr, packed, inputs: [a], batching: .sameRules, rule))
}

/// PyTorch's QR gradient for m ≥ n: (gQ + Q·copyltu(M))·R⁻ᵀ, M = triu(gR·Rᵀ − Qᵀ·gQ),
/// copyltu(M) = M + triu(M, 1)ᵀ.
private func tallQRGradient<Element>(q: Tensor<Element>, r: Tensor<Element>, gQ: Tensor<Element>, gR: Tensor<Element>) -> Tensor<Element> {
    let upper = triu(matmul(gR, r, transposeA: false, transposeB: true) - matmul(q, gQ, transposeA: true, transposeB: false))
    let inner = gQ + matmul(q, upper + triu(upper, diagonal: 1).matrixTransposed())
    // inner·R⁻ᵀ = (R⁻¹·innerᵀ)ᵀ.
    return triangularSolveLeft(r, inner.matrixTransposed(), upper: true, transpose: false, unitDiagonal: false).matrixTransposed()
}
