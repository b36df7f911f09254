import Testing
@testable import Backprop

/// The symmetric part ½(A + Aᵀ): the input through which an eigen-decomposition gradient is
/// checked along symmetric perturbations.
private func symmetrised(_ a: Tensor<Double>) -> Tensor<Double> { 0.5 * (a + a.matrixTransposed()) }

@Suite("symmetricEigen and singularValueDecomposition reconstruct their inputs and differentiate where the spectrum is distinct")
struct SpectralDecompositionTests {
    @Test("A·V = V·diag(w) with orthonormal V and ascending w, batched")
    func eigenDecomposes() {
        let (values, vectors) = symmetricEigen(Tensor<Double>([2, 1, 1, 2], shape: [2, 2]))
        #expect(close(values.scalars, [1, 3]))
        #expect(close(abs(vectors).scalars, [Double](repeating: 0.5.squareRoot(), count: 4)))
        for (batch, n) in [([], 1), ([3], 4), ([2], 30)] {
            let a = symmetrised(sample(batch + [n, n], seed: 1))
            let (w, v) = symmetricEigen(a)
            #expect(w.shape == batch + [n] && v.shape == a.shape)
            #expect(close(matmul(a, v).scalars, (v * w.unsqueezed(at: w.rank - 1)).scalars, tolerance: 1e-11), "\(a.shape)")
            #expect(close(matmul(v, v, transposeA: true, transposeB: false).scalars, Tensor<Double>.eye(n).broadcasted(to: a.shape).scalars, tolerance: 1e-12))
            let ascending = w.reshaped(to: [-1, n]).scalars
            for row in 0..<(ascending.count / n) { #expect(ascending[(row * n)..<(row * n + n)].elementsEqual(ascending[(row * n)..<(row * n + n)].sorted())) }
        }
        // Only the lower triangle is read.
        let a = symmetrised(sample([4, 4], seed: 2))
        #expect(symmetricEigen(tril(a)).values.scalars == symmetricEigen(a).values.scalars)
        #expect(close(symmetricEigen(Tensor<Float>([2, 1, 1, 2], shape: [2, 2])).values.scalars.map(Double.init), [1, 3], tolerance: 1e-6))
    }

    @Test("∂wᵢ/∂A = vᵢvᵢᵀ, and finite differences agree with the gradients of values and (sign-free) vectors, batched")
    func eigenGradients() {
        let a = symmetrised(sample([4, 4], seed: 3))
        let (_, v) = symmetricEigen(a)
        let g = gradient(at: a) { symmetricEigen($0).values[2] }
        let column = v[.all, 2].reshaped(to: [4, 1])
        #expect(close(g.scalars, matmul(column, column, transposeA: false, transposeB: true).scalars, tolerance: 1e-10))
        let stack = sample([2, 4, 4], seed: 4)
        let values = checkGradient(of: { symmetricEigen(symmetrised($0)).values }, at: stack)
        #expect(values.passed, "\(values)")
        // Squared components do not depend on each eigenvector's arbitrary sign.
        let vectors = checkGradient(of: { let v = symmetricEigen(symmetrised($0)).vectors; return v * v }, at: stack)
        #expect(vectors.passed, "\(vectors)")
        let second = checkSecondOrderGradient(of: { let v = symmetricEigen(symmetrised($0)).vectors; return (v * v * v * v).sum() }, at: stack, tolerance: 1e-5)
        #expect(second.passed, "\(second)")
        #expect(checkJacobian(of: { symmetricEigen(symmetrised($0)).values }, at: sample([3, 3], seed: 5)).passed)
    }

    @Test("U·diag(S)·Vᵀ = A with orthonormal factors and descending S, for tall, wide, square, rank-deficient and batched A")
    func singularValuesDecompose() {
        for shape in [[5, 3], [3, 5], [4, 4], [2, 6, 2], [1, 1], [40, 30]] {
            let a = sample(shape, seed: 6) - 1
            let (u, s, vt) = singularValueDecomposition(a)
            let k = Swift.min(shape[shape.count - 2], shape[shape.count - 1])
            #expect(s.shape == Array(shape.dropLast(2)) + [k])
            #expect(close(matmul(u * s.unsqueezed(at: s.rank - 1), vt).scalars, a.scalars, tolerance: 1e-11), "\(shape)")
            #expect(close(matmul(u, u, transposeA: true, transposeB: false).scalars, Tensor<Double>.eye(k).broadcasted(to: Array(shape.dropLast(2)) + [k, k]).scalars, tolerance: 1e-12))
            #expect(close(matmul(vt, vt, transposeA: false, transposeB: true).scalars, Tensor<Double>.eye(k).broadcasted(to: Array(shape.dropLast(2)) + [k, k]).scalars, tolerance: 1e-12))
        }
        // S² are the eigenvalues of AᵀA; rank 1 gives one nonzero value and still orthonormal U.
        let a = sample([5, 3], seed: 7)
        let squares = singularValueDecomposition(a).singularValues.scalars.map { $0 * $0 }
        #expect(close(squares, symmetricEigen(matmul(a, a, transposeA: true, transposeB: false)).values.scalars.reversed(), tolerance: 1e-10))
        let rankOne = matmul(Tensor<Double>([1, 2, 3], shape: [3, 1]), Tensor<Double>([1, 1, 1], shape: [1, 3]))
        let (u, s, _) = singularValueDecomposition(rankOne)
        #expect(close(s.scalars, [Double(42).squareRoot(), 0, 0], tolerance: 1e-12))
        #expect(close(matmul(u, u, transposeA: true, transposeB: false).scalars, Tensor<Double>.eye(3).scalars, tolerance: 1e-12))
        #expect(singularValueDecomposition(Tensor<Double>([3, 0, 0, -2], shape: [2, 2])).singularValues.scalars == [3, 2])
    }

    @Test("∂σᵢ/∂A = uᵢvᵢᵀ, and finite differences agree with the SVD's gradients (tall, wide, batched) and the spectral norms'")
    func singularValueGradients() {
        let a = sample([4, 3], seed: 8)
        let (u, _, vt) = singularValueDecomposition(a)
        let g = gradient(at: a) { singularValueDecomposition($0).singularValues[0] }
        #expect(close(g.scalars, matmul(u[.all, 0].reshaped(to: [4, 1]), vt[0].reshaped(to: [1, 3])).scalars, tolerance: 1e-10))
        for shape in [[4, 3], [3, 4], [2, 3, 3]] {
            let x = sample(shape, seed: 9) - 1
            let values = checkGradient(of: { singularValueDecomposition($0).singularValues }, at: x)
            #expect(values.passed, "\(shape) values: \(values)")
            // Squared components do not depend on the pairs' arbitrary signs.
            let left = checkGradient(of: { let u = singularValueDecomposition($0).u; return u * u }, at: x)
            #expect(left.passed, "\(shape) U: \(left)")
            let right = checkGradient(of: { let vt = singularValueDecomposition($0).vTransposed; return vt * vt }, at: x)
            #expect(right.passed, "\(shape) Vᵀ: \(right)")
        }
        let x = sample([3, 2], seed: 10) - 1
        let second = checkSecondOrderGradient(of: { let s = singularValueDecomposition($0).singularValues; return (s * s * s).sum() }, at: x, tolerance: 1e-5)
        #expect(second.passed, "\(second)")
        let secondVectors = checkSecondOrderGradient(of: { let u = singularValueDecomposition($0).u; return (u * u * u * u).sum() }, at: x, tolerance: 1e-5)
        #expect(secondVectors.passed, "\(secondVectors)")
        #expect(checkJacobian(of: { singularValueDecomposition($0).singularValues }, at: x).passed)
        for kind in [MatrixNormKind.nuclear, .spectral] {
            let report = checkGradient(of: { matrixNorm($0, kind) }, at: sample([2, 3, 4], seed: 11))
            #expect(report.passed, "\(kind): \(report)")
        }
        #expect(matrixNorm(Tensor<Double>([3, 0, 0, -4], shape: [2, 2]), .nuclear).scalar == 7)
        #expect(matrixNorm(Tensor<Double>([3, 0, 0, -4], shape: [2, 2]), .spectral).scalar == 4)
    }

    @Test("non-square or non-matrix input is an error naming the operation")
    func misuse() {
        #expect(raisedError { _ = symmetricEigen(Tensor<Double>.zeros([2, 3])) }?.operation == "symmetricEigen")
        #expect(raisedError { _ = singularValueDecomposition(Tensor<Double>.zeros([3])) }?.operation == "singularValueDecomposition")
    }
}
