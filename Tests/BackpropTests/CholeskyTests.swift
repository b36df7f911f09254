import Testing
@testable import Backprop

/// A symmetric positive-definite stack B·Bᵀ + n·I.
private func positiveDefinite(_ batch: [Int], _ n: Int, seed: UInt64) -> Tensor<Double> {
    let b = sample(batch + [n, n], seed: seed)
    return matmul(b, b.matrixTransposed()) + Double(n) * Tensor<Double>.eye(n)
}

/// The symmetric part ½(A + Aᵀ): the input through which a Cholesky gradient is checked.
private func symmetrised(_ a: Tensor<Double>) -> Tensor<Double> { 0.5 * (a + a.matrixTransposed()) }

@Suite("cholesky and triangularSolve reconstruct their inputs and differentiate to any order")
struct CholeskyTests {
    @Test("L·Lᵀ = A with L lower triangular and a positive diagonal, batched and at blocked sizes")
    func choleskyReconstructs() {
        for (batch, n) in [([], 1), ([3], 4), ([2, 2], 5), ([], 150)] {
            let a = positiveDefinite(batch, n, seed: 1)
            let l = cholesky(a)
            #expect(close(matmul(l, l.matrixTransposed()).scalars, a.scalars, tolerance: 1e-10), "\(a.shape)")
            #expect(close(l.scalars, tril(l).scalars, tolerance: 0))
            #expect(diagonal(l).scalars.allSatisfy { $0 > 0 })
        }
        // Only the lower triangle is read, as in LAPACK and PyTorch.
        let a = positiveDefinite([], 4, seed: 2)
        #expect(cholesky(a).scalars == cholesky(tril(a) + triu(Tensor<Double>.ones([4, 4]), diagonal: 1)).scalars)
        #expect(cholesky(Tensor<Double>([4, 2, 2, 5], shape: [2, 2])).scalars == [2, 0, 1, 2])
        let float = cholesky(Tensor<Float>([4, 2, 2, 5], shape: [2, 2]))
        #expect(float.scalars == [2, 0, 1, 2])
    }

    @Test("triangularSolve solves lower, upper, transposed, unit-diagonal and right-sided systems")
    func triangularSolveSolves() {
        let t = sample([2, 70, 70], seed: 3) + 70 * Tensor<Double>.eye(70)
        let b = sample([70, 3], seed: 4)
        for upper in [false, true] {
            let triangle = upper ? triu(t) : tril(t)
            for transpose in [false, true] {
                let op = transpose ? triangle.matrixTransposed() : triangle
                let x = triangularSolve(t, b, upper: upper, transpose: transpose)
                #expect(close(matmul(op, x).scalars, b.broadcasted(to: x.shape).scalars, tolerance: 1e-10), "upper \(upper) transpose \(transpose)")
                let unit = (upper ? triu(t, diagonal: 1) : tril(t, diagonal: -1)) + Tensor<Double>.eye(70)
                let y = triangularSolve(t, b, upper: upper, transpose: transpose, unitDiagonal: true)
                let unitOp = transpose ? unit.matrixTransposed() : unit
                #expect(close(matmul(unitOp, y).scalars, b.broadcasted(to: y.shape).scalars, tolerance: 1e-9))
            }
            let right = sample([3, 70], seed: 5)
            let z = triangularSolve(t, right, upper: upper, left: false)
            #expect(close(matmul(z, triangle).scalars, right.broadcasted(to: z.shape).scalars, tolerance: 1e-10))
        }
    }

    @Test("the Cholesky gradient matches finite differences along symmetric perturbations, batched")
    func choleskyGradient() {
        let a = positiveDefinite([2], 4, seed: 6)
        let report = checkGradient(of: { cholesky(symmetrised($0)) }, at: a)
        #expect(report.passed, "\(report)")
        // The log-determinant through the factor, 2·Σ log Lᵢᵢ, has gradient A⁻¹ (a symmetric A).
        let single = positiveDefinite([], 5, seed: 7)
        let g = gradient(at: single) { 2 * log(diagonal(cholesky(symmetrised($0)))).sum() }
        #expect(close(g.scalars, inverse(single).scalars, tolerance: 1e-10))
    }

    @Test("the triangularSolve gradients match finite differences in every mode, with broadcast batches")
    func triangularSolveGradient() {
        let t = sample([2, 3, 3], seed: 8) + 3 * Tensor<Double>.eye(3), b = sample([3, 2], seed: 9)
        for upper in [false, true] {
            for transpose in [false, true] {
                for unit in [false, true] {
                    let report = checkGradient(of: { triangularSolve($0, $1, upper: upper, transpose: transpose, unitDiagonal: unit) }, at: t, b)
                    #expect(report.passed, "upper \(upper) transpose \(transpose) unit \(unit): \(report)")
                }
            }
            let right = checkGradient(of: { triangularSolve($0, $1, upper: upper, left: false) }, at: t, sample([2, 3], seed: 10))
            #expect(right.passed, "right-sided: \(right)")
        }
    }

    @Test("second derivatives of cholesky and triangularSolve match finite differences, and the batched rules give Jacobians")
    func secondOrderAndJacobians() {
        let a = positiveDefinite([2], 3, seed: 11)
        let throughCholesky = checkSecondOrderGradient(of: { (cholesky(symmetrised($0)) * cholesky(symmetrised($0))).sum() }, at: a, tolerance: 1e-5)
        #expect(throughCholesky.passed, "\(throughCholesky)")
        let logLikelihood = checkSecondOrderGradient(of: { log(diagonal(cholesky(symmetrised($0)))).sum() }, at: a, tolerance: 1e-5)
        #expect(logLikelihood.passed, "\(logLikelihood)")
        let t = sample([3, 3], seed: 12) + 3 * Tensor<Double>.eye(3), b = sample([3, 2], seed: 13)
        let solved = checkSecondOrderGradient(of: { (triangularSolve($0, b, upper: true) * triangularSolve($0, b, upper: true)).sum() }, at: t, tolerance: 1e-5)
        #expect(solved.passed, "\(solved)")
        #expect(checkJacobian(of: { cholesky(symmetrised($0)) }, at: positiveDefinite([], 3, seed: 14)).passed)
        #expect(checkJacobian(of: { triangularSolve($0, b, upper: false, transpose: true) }, at: t).passed)
    }

    @Test("an indefinite matrix or a zero on a triangle's diagonal is an error naming the operation and where it failed")
    func misuse() {
        let indefinite = raisedError { _ = cholesky(Tensor<Double>([1, 2, 0, 2, 1, 0, 0, 0, 1], shape: [3, 3])) }
        #expect(indefinite?.operation == "cholesky")
        #expect(indefinite?.problem.contains("leading minor of order 2") == true, "\(String(describing: indefinite))")
        let stacked = raisedError { _ = cholesky(Tensor<Double>([1, 0, 0, 1, -1, 0, 0, 1], shape: [2, 2, 2])) }
        #expect(stacked?.problem.contains("matrix 1 of the stack") == true)
        let zeroPivot = raisedError { _ = triangularSolve(Tensor<Double>([1, 0, 1, 0], shape: [2, 2]), .ones([2, 1]), upper: false) }
        #expect(zeroPivot?.problem.contains("pivot 2") == true, "\(String(describing: zeroPivot))")
        #expect(raisedError { _ = triangularSolve(Tensor<Double>.eye(2), .ones([3, 1]), upper: true) }?.kind == .shapeMismatch)
        #expect(raisedError { _ = cholesky(Tensor<Double>.zeros([2, 3])) }?.kind == .shapeMismatch)
    }
}
