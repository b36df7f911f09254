import Backprop

/// B·Bᵀ + n·I, as `positive_definite` of the reference script.
private func positiveDefinite(_ b: Tensor<Double>) -> Tensor<Double> {
    let n = b.shape[b.rank - 2]
    return matmul(b, b.matrixTransposed()) + Double(n) * Tensor<Double>.eye(n)
}

/// (A + Aᵀ)/2, as `symmetric` of the reference script.
private func symmetric(_ a: Tensor<Double>) -> Tensor<Double> { (a + a.matrixTransposed()) / 2 }

/// Q's columns and R's rows times the signs of R's diagonal, each matrix's flattened and joined,
/// as `qr_unique` of the reference script: the same numbers whichever sign convention the
/// factorisation takes.
private func qrUnique(_ a: Tensor<Double>) -> Tensor<Double> {
    let (q, r) = qr(a)
    let signs = (diagonal(r).detached() .> 0) * 2 - 1
    let normalizedQ = q * signs.unsqueezed(at: signs.rank - 1), normalizedR = r * signs.unsqueezed(at: signs.rank)
    let batch = Array(a.shape.dropLast(2)), matrices = Swift.max(batch.reduce(1, *), 1)
    return Tensor.concatenated(
        [normalizedQ.reshaped(to: batch + [q.count / matrices]), normalizedR.reshaped(to: batch + [r.count / matrices])], alongAxis: -1)
}

/// The counterparts of the reference script's "linalg" family (`torch.linalg`).
func linalgCounterparts() -> [String: Counterpart] {
    [
        "linalg_solve_vector": .tensors { x in solve(x[0], x[1]) },
        "linalg_solve_matrix": .tensors { x in solve(x[0], x[1]) },
        "linalg_solve_batched_vectors": .tensors { x in solve(x[0], x[1]) },
        "linalg_solve_broadcast_rhs": .tensors { x in solve(x[0], x[1]) },
        "linalg_inverse": .tensors { x in inverse(x[0]) },
        "linalg_inverse_batched": .tensors { x in inverse(x[0]) },
        "linalg_det": .tensors { x in determinant(x[0]) },
        "linalg_det_batched": .tensors { x in determinant(x[0]) },
        "linalg_slogdet": .tensors { x in
            let (sign, logAbsDeterminant) = logDeterminant(x[0])
            return sign * logAbsDeterminant
        },
        "linalg_cholesky": .tensors { x in cholesky(positiveDefinite(x[0])) },
        "linalg_cholesky_batched": .tensors { x in cholesky(positiveDefinite(x[0])) },
        "linalg_solve_triangular_upper": .tensors { x in triangularSolve(x[0], x[1], upper: true) },
        "linalg_solve_triangular_lower": .tensors { x in triangularSolve(x[0], x[1], upper: false) },
        "linalg_solve_triangular_lower_unit": .tensors { x in triangularSolve(x[0], x[1], upper: false, unitDiagonal: true) },
        "linalg_qr_square": .tensors { x in qrUnique(x[0]) },
        "linalg_qr_tall": .tensors { x in qrUnique(x[0]) },
        "linalg_qr_wide": .tensors { x in qrUnique(x[0]) },
        "linalg_qr_product": .tensors { x in
            let (q, r) = qr(x[0])
            return matmul(q, r)
        },
        "linalg_eigh_values": .tensors { x in symmetricEigen(symmetric(x[0])).values },
        "linalg_eigh_vectors_squared": .tensors { x in pow(symmetricEigen(symmetric(x[0])).vectors, 2) },
        "linalg_eigh_matrix_function": .tensors { x in
            let (values, vectors) = symmetricEigen(symmetric(x[0]))
            return matmul(matmul(vectors, diagonalMatrix(exp(values))), vectors.matrixTransposed())
        },
        "linalg_svd_values": .tensors { x in singularValueDecomposition(x[0]).singularValues },
        "linalg_svd_values_batched": .tensors { x in singularValueDecomposition(x[0]).singularValues },
        "linalg_svd_reconstruction": .tensors { x in
            let (u, s, vTransposed) = singularValueDecomposition(x[0])
            return matmul(matmul(u, diagonalMatrix(pow(s, 2))), vTransposed)
        },
        "linalg_svd_vectors_squared": .tensors { x in
            let (u, _, vTransposed) = singularValueDecomposition(x[0])
            return Tensor.concatenated([pow(u, 2).reshaped(to: [u.count]), pow(vTransposed, 2).reshaped(to: [vTransposed.count])], alongAxis: 0)
        },
        "linalg_trace": .tensors { x in pow(trace(x[0]), 2) },
        "linalg_diagonal": .tensors { x in pow(diagonal(x[0]), 2) },
        "linalg_diagonal_offset": .tensors { x in pow(diagonal(x[0], offset: 1), 2) },
        "linalg_diag_embed": .tensors { x in matmul(diagonalMatrix(x[0]), diagonalMatrix(x[0] + 1)) },
        "linalg_tril": .tensors { x in pow(tril(x[0]), 2) },
        "linalg_triu_offset": .tensors { x in pow(triu(x[0], diagonal: 1), 2) + tril(x[0], diagonal: -1) },
        "linalg_vector_norm_1": .tensors { x in vectorNorm(x[0], order: 1) },
        "linalg_vector_norm_3_axis": .tensors { x in vectorNorm(x[0], order: 3, alongAxes: [1]) },
        "linalg_vector_norm_inf": .tensors { x in vectorNorm(x[0], order: .infinity, alongAxes: [0], keepingDimensions: true) },
        "linalg_matrix_norm_fro": .tensors { x in matrixNorm(x[0]) },
        "linalg_matrix_norm_nuclear": .tensors { x in matrixNorm(x[0], .nuclear) },
        "linalg_matrix_norm_spectral": .tensors { x in matrixNorm(x[0], .spectral) },
        "linalg_matrix_norm_1": .tensors { x in matrixNorm(x[0], .maxColumnSum) },
        "linalg_matrix_norm_inf": .tensors { x in matrixNorm(x[0], .maxRowSum) },
        "linalg_solve_batched_both": .tensors { x in solve(x[0], x[1]) },
        "linalg_inverse_4x4": .tensors { x in pow(inverse(x[0]), 2) },
        "linalg_solve_triangular_right": .tensors { x in triangularSolve(x[0], x[1], upper: true, left: false) },
        "linalg_solve_triangular_transposed": .tensors { x in triangularSolve(x[0].matrixTransposed(), x[1], upper: false) },
        "linalg_eigh_batched": .tensors { x in pow(symmetricEigen(symmetric(x[0])).values, 2) },
        "linalg_svd_batched_wide": .tensors { x in
            let (u, s, vTransposed) = singularValueDecomposition(x[0])
            return matmul(matmul(u, diagonalMatrix(log(s))), vTransposed)
        },
        "linalg_matrix_norm_keepdim": .tensors { x in matrixNorm(x[0], keepingDimensions: true) * x[0] },
        "linalg_vector_norm_negative_inf": .tensors { x in vectorNorm(x[0], order: -.infinity, alongAxes: [1]) },
        "linalg_vector_norm_half": .tensors { x in vectorNorm(x[0], order: 0.5, alongAxes: [0, 1]) },
        "linalg_solve_broadcast_matrix": .tensors { x in solve(x[0], x[1]) },
        "linalg_solve_triangular_batched_broadcast": .tensors { x in triangularSolve(x[0], x[1], upper: true) },
        "linalg_det_2x2_and_1x1": .tensors { x in determinant(x[0]) * determinant(x[1]) + inverse(x[1]).sum() },
        "linalg_qr_batched_tall": .tensors { x in qrUnique(x[0]) },
        "linalg_eigh_2x2": .tensors { x in
            let (values, vectors) = symmetricEigen(symmetric(x[0]))
            return Tensor.concatenated([values, pow(vectors, 2).reshaped(to: [4])], alongAxis: 0)
        },
        "linalg_svd_row": .tensors { x in singularValueDecomposition(x[0]).singularValues },
        "linalg_matrix_norm_nuclear_batched": .tensors { x in matrixNorm(x[0], .nuclear) },
        "linalg_vector_norm_keepdim_dims": .tensors { x in vectorNorm(x[0], alongAxes: [0, 2], keepingDimensions: true) * x[0] },
        "linalg_vector_norm_0": .tensors { x in vectorNorm(x[0], order: 0, alongAxes: [1]) * x[0].sum() },
    ]
}
