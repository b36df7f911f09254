/// The reduced singular value decomposition A = U·diag(S)·Vᵀ of a matrix or of each matrix of
/// a stack, as `torch.linalg.svd(A, full_matrices=False)`: for [..., m, n] and k = min(m, n),
/// U is [..., m, k] with orthonormal columns, the singular values [..., k] are in descending
/// order, and `vTransposed` (PyTorch's `Vh`) is [..., k, n] with orthonormal rows. Each pair of
/// singular vectors is determined up to a common sign. Computed by one-sided Jacobi rotations
/// (pure Swift). A matrix with NaN or infinity is a ``BackpropError`` (LAPACK, under PyTorch,
/// fails to converge on it).
///
/// The gradient is PyTorch's: with Sᵢ distinct and nonzero it is exact to any order (written
/// with differentiable operations). **Repeated singular values** make the singular vectors
/// non-unique and their gradient divide by zero (infinite or NaN), and a zero singular value of
/// a non-square matrix does the same through the vectors, as in PyTorch and JAX; a loss that
/// uses only the singular values (such as the nuclear or spectral norm) is safe wherever they
/// are distinct.
///
/// ```swift
/// let (u, s, vt) = singularValueDecomposition(Tensor<Double>([3, 0, 0, -2], shape: [2, 2]))
/// s.scalars   // [3, 2]
/// ```
@_specialize(where Element == Float)
@_specialize(where Element == Double)
public func singularValueDecomposition<Element>(
    _ a: Tensor<Element>
) -> (u: Tensor<Element>, singularValues: Tensor<Element>, vTransposed: Tensor<Element>) {
    guard a.isMatrixStack(operation: "singularValueDecomposition") else {
        return (.placeholder(shape: [0, 0]), .placeholder(shape: [0]), .placeholder(shape: [0, 0]))
    }
    let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
    let layout = SingularValueLayout(m: m, n: n)
    var nonFinite: BackpropError?
    // One recorded output holds the three factors, flattened one after another.
    let packed = Tensor<Element>.computed(shape: a.batchShape + [layout.total], operation: "singularValueDecomposition") { out in
        for item in 0..<Shape.count(a.batchShape) {
            // The rotations skip NaN pairs and would report a NaN matrix's singular values as 0.
            guard largestMagnitude(a.storage.base + item * m * n, count: m * n).isFinite else {
                nonFinite = nonFiniteMatrixError(operation: "singularValueDecomposition", shape: a.shape, item: item)
                return
            }
            let target = out + item * layout.total
            SingularValueKernels.decompose(
                a.storage.base + item * m * n, m: m, n: n, u: target, s: target + m * k, vh: target + m * k + k)
        }
    }
    if let nonFinite {
        raise(nonFinite)
        return (.placeholder(shape: a.batchShape + [m, k]), .placeholder(shape: a.batchShape + [k]), .placeholder(shape: a.batchShape + [k, n]))
    }
    // The rule broadcasts over a leading axis of stacked cotangents.
    let rule: OperationRecord<Element>.Pullback = { g, _, output in
        let (u, s, vh) = layout.unpack(output)
        let (gU, gS, gVh) = layout.unpack(g)
        return singularValueGradient(u: u, s: s, vh: vh, gU: gU, gS: gS, gVh: gVh, m: m, n: n)
    }
    let recorded = Tensor.record(.singularValueDecomposition, packed, inputs: [a], batching: .sameRules, rule)
    let (u, s, vh) = layout.unpack(recorded)
    return (u, s, vh)
}

/// Where U, S and Vᵀ lie in the flattened output of one m×n matrix.
private struct SingularValueLayout {
    let m: Int, n: Int
    var k: Int { Swift.min(m, n) }
    var total: Int { m * k + k + k * n }

    /// U, S and Vᵀ from a packed [..., total] tensor, by differentiable splits and reshapes.
    func unpack<Element>(_ packed: Tensor<Element>) -> (Tensor<Element>, Tensor<Element>, Tensor<Element>) {
        let batch = Array(packed.shape.dropLast())
        let parts = packed.split(sizes: [m * k, k, k * n], alongAxis: -1)
        return (parts[0].reshaped(to: batch + [m, k]), parts[1], parts[2].reshaped(to: batch + [k, n]))
    }
}

/// PyTorch's `svd_backward` for real matrices: with E_jl = S_l² − S_j² (1 on the diagonal),
/// Γ = (skew(Uᵀ·gU)·S_col + S_row·skew(V ᵀ·gV)) ⊘ E + diag(gS), then U·Γ·Vᵀ plus the parts of
/// gU (tall A) or gV (wide A) outside the span of U or V.
private func singularValueGradient<Element>(
    u: Tensor<Element>, s: Tensor<Element>, vh: Tensor<Element>, gU: Tensor<Element>, gS: Tensor<Element>, gVh: Tensor<Element>,
    m: Int, n: Int
) -> Tensor<Element> {
    let k = Swift.min(m, n)
    func skew(_ x: Tensor<Element>) -> Tensor<Element> { x - x.matrixTransposed() }
    // gV = gVhᵀ, so Vᵀ·gV = Vh·gVhᵀ.
    let uTgU = skew(matmul(u, gU, transposeA: true, transposeB: false))
    let vTgV = skew(matmul(vh, gVh, transposeA: false, transposeB: true))
    let squares = s * s
    let rowValues = s.unsqueezed(at: s.rank - 1), columnValues = s.unsqueezed(at: s.rank)
    let gaps = squares.unsqueezed(at: s.rank - 1) - squares.unsqueezed(at: s.rank) + Tensor<Element>.eye(k)
    let inner = (uTgU * rowValues + columnValues * vTgV) / gaps + diagonalMatrix(gS)
    if m > k {
        // gA = [U·Γ + (I − UUᵀ)·gU·S⁻¹]·Vᵀ.
        let scaled = gU / rowValues
        let projected = matmul(u, inner) + scaled - matmul(u, matmul(u, scaled, transposeA: true, transposeB: false))
        return matmul(projected, vh)
    }
    if n > k {
        // gA = U·[Γ·Vᵀ + S⁻¹·gVh·(I − VVᵀ)], with gV·S⁻¹ transposed as S⁻¹·gVh.
        let scaled = gVh / columnValues
        let projected = matmul(inner, vh) + scaled - matmul(matmul(scaled, vh, transposeA: false, transposeB: true), vh)
        return matmul(u, projected)
    }
    return matmul(u, matmul(inner, vh))
}
