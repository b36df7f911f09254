import Backprop

/// Linear algebra on matrices it cannot handle: singular, not square, not positive-definite, or
/// with right-hand sides of the wrong size.
let linalgMisuseCases: [MisuseCase] = [
    MisuseCase("solve with a singular matrix", operation: "solve") {
        _ = solve(Tensor<Double>([1, 2, 2, 4], shape: [2, 2]), Tensor<Double>([1, 1]))
    },
    MisuseCase("solve with a non-square matrix", operation: "solve") { _ = solve(Tensor<Double>.zeros([2, 3]), .zeros([2])) },
    MisuseCase("solve with a right-hand side of the wrong length", operation: "solve") {
        _ = solve(Tensor<Double>.eye(3), .zeros([2]))
    },
    MisuseCase("inverse of a singular matrix", operation: "inverse") {
        _ = inverse(Tensor<Float>([1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [3, 3]))
    },
    MisuseCase("determinant of a vector", operation: "determinant") { _ = determinant(Tensor<Double>.zeros([3])) },
    MisuseCase("gradient of the determinant at a singular matrix", operation: "determinant") {
        let a = Tensor<Double>([1, 2, 2, 4], shape: [2, 2], requiresGrad: true)
        determinant(a).backward()
    },
    MisuseCase("cholesky of an indefinite matrix", operation: "cholesky") {
        _ = cholesky(Tensor<Double>([1, 2, 2, 1], shape: [2, 2]))
    },
    MisuseCase("cholesky of a non-square matrix", operation: "cholesky") { _ = cholesky(Tensor<Double>.zeros([2, 3])) },
    MisuseCase("triangular solve with a zero on the diagonal", operation: "triangularSolve") {
        _ = triangularSolve(Tensor<Double>([1, 0, 1, 0], shape: [2, 2]), .ones([2, 1]), upper: false)
    },
    MisuseCase("triangular solve with a vector right-hand side", operation: "triangularSolve") {
        _ = triangularSolve(Tensor<Double>.eye(2), .ones([2]), upper: true)
    },
    MisuseCase("symmetric eigen-decomposition of a non-square matrix", operation: "symmetricEigen") {
        _ = symmetricEigen(Tensor<Double>.zeros([2, 3]))
    },
    MisuseCase("singular value decomposition of a vector", operation: "singularValueDecomposition") {
        _ = singularValueDecomposition(Tensor<Float>.zeros([3]))
    },
    MisuseCase("QR factorisation of a vector", operation: "qr") { _ = qr(Tensor<Double>.ones([3])) },
    MisuseCase("matrix norm of a vector", operation: "matrixNorm") { _ = matrixNorm(Tensor<Double>.ones([3])) },
]
