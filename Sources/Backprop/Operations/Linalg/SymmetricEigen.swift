/// The eigenvalues, in ascending order, and orthonormal eigenvectors (the columns of
/// `vectors`) of a symmetric matrix or of each matrix of a stack, A = V·diag(w)·Vᵀ, as
/// `torch.linalg.eigh`: only the lower triangle of A is read. [..., n, n] gives values
/// [..., n] and vectors [..., n, n]. Each eigenvector's sign is arbitrary, as in LAPACK.
/// Computed by the cyclic Jacobi method (pure Swift). NaN or infinity in the lower triangle is
/// a ``BackpropError``.
///
/// The gradient is PyTorch's and JAX's: with M = Vᵀ·∂L/∂V,
/// ∂L/∂A = V·(diag(∂L/∂w) + ½(M − Mᵀ) ⊘ E)·Vᵀ, Eᵢⱼ = wⱼ − wᵢ, written with differentiable
/// operations so that higher orders follow. It is symmetric (the derivative along symmetric
/// perturbations). **Degenerate eigenvalues**: where two eigenvalues are equal the eigenvectors
/// are not unique and the gradient through them divides by zero (infinite or NaN), as in
/// PyTorch and JAX; a loss that depends on the vectors only through their span, or on the
/// values alone, is unaffected in theory, but compute such losses from the values where you can.
///
/// ```swift
/// let (values, vectors) = symmetricEigen(Tensor<Double>([2, 1, 1, 2], shape: [2, 2]))
/// values.scalars   // [1, 3]
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func symmetricEigen<Element>(_ a: Tensor<Element>) -> (values: Tensor<Element>, vectors: Tensor<Element>) {
    guard let n = a.squareMatrixSize(operation: "symmetricEigen") else { return (.placeholder(shape: [0]), .placeholder(shape: a.shape)) }
    var nonFinite: BackpropError?
    // One recorded output holds both: each matrix's vectors with the values as a last column.
    let packed = Tensor<Element>.computed(shape: a.batchShape + [n, n + 1], operation: "symmetricEigen") { out in
        let values = UnsafeMutablePointer<Element>.allocate(capacity: n), vectors = UnsafeMutablePointer<Element>.allocate(capacity: n * n)
        defer {
            values.deallocate()
            vectors.deallocate()
        }
        for item in 0..<Shape.count(a.batchShape) {
            // NaN stops the sweeps at once (the convergence test is false) and would be returned
            // as eigenvalues in no order; only the lower triangle is read, so only it is checked.
            guard largestMagnitude(inTriangleOf: a.storage.base + item * n * n, order: n, lower: true).isFinite else {
                nonFinite = nonFiniteMatrixError(operation: "symmetricEigen", shape: a.shape, item: item)
                return
            }
            SymmetricEigenKernels.decompose(a.storage.base + item * n * n, n: n, values: values, vectors: vectors)
            let target = out + item * n * (n + 1)
            for row in 0..<n {
                (target + row * (n + 1)).update(from: vectors + row * n, count: n)
                target[row * (n + 1) + n] = values[row]
            }
        }
    }
    if let nonFinite {
        raise(nonFinite)
        return (.placeholder(shape: a.batchShape + [n]), .placeholder(shape: a.shape))
    }
    // The rule broadcasts over a leading axis of stacked cotangents.
    let rule: OperationRecord<Element>.Pullback = { g, _, output in
        let (values, vectors) = unpackEigen(output, n: n)
        let (gValues, gVectors) = unpackEigen(g, n: n)
        let m = matmul(vectors, gVectors, transposeA: true, transposeB: false)
        // Eᵢⱼ = wⱼ − wᵢ off the diagonal and 1 on it, where the division is replaced by ∂L/∂w.
        let gaps = values.unsqueezed(at: values.rank - 1) - values.unsqueezed(at: values.rank) + Tensor<Element>.eye(n)
        let offDiagonal = 0.5 * (m - m.matrixTransposed()) / gaps
        let inner = offDiagonal + diagonalMatrix(gValues)
        return matmul(matmul(vectors, inner), vectors, transposeA: false, transposeB: true)
    }
    let recorded = Tensor.record(.symmetricEigen, packed, inputs: [a], batching: .sameRules, rule)
    return unpackEigen(recorded, n: n)
}

/// The values [..., n] and vectors [..., n, n] of a packed [..., n, n + 1] result.
private func unpackEigen<Element>(_ packed: Tensor<Element>, n: Int) -> (values: Tensor<Element>, vectors: Tensor<Element>) {
    let parts = packed.split(sizes: [n, 1], alongAxis: -1)
    return (parts[1].squeezed(axes: [packed.rank - 1]), parts[0])
}
