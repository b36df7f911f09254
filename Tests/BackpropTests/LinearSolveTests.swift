import Foundation
import Testing
@testable import Backprop

/// A well-conditioned (diagonally dominant) stack of n×n matrices.
func wellConditioned(_ batch: [Int], _ n: Int, seed: UInt64) -> Tensor<Double> {
    sample(batch + [n, n], seed: seed) + Double(n) * Tensor<Double>.eye(n)
}

@Suite("solve, inverse and the determinants agree with their definitions and differentiate to any order")
struct LinearSolveTests {
    @Test("A·solve(A, B) = B for stacks, broadcast batches, vectors and matrices large enough to block")
    func solveSatisfiesTheSystem() {
        let cases: [(aBatch: [Int], n: Int, b: [Int])] = [
            ([], 4, [4, 2]), ([3], 3, [2, 3, 3, 4]), ([], 1, [1, 1]), ([], 200, [200, 3]), ([2], 70, [2, 70, 5]),
        ]
        for (aBatch, n, bShape) in cases {
            let a = wellConditioned(aBatch, n, seed: 1), b = sample(bShape, seed: 2)
            let x = solve(a, b)
            #expect(x.shape == Shape.broadcast(a.batchShape, b.batchShape)! + Array(bShape.suffix(2)))
            #expect(close(matmul(a, x).scalars, b.broadcasted(to: x.shape).scalars, tolerance: 1e-10), "\(a.shape) \(b.shape)")
        }
        // Vectors: [n] against one matrix, and [batch, n] against a stack (PyTorch's rule).
        let a = wellConditioned([3], 4, seed: 3), vectors = sample([3, 4], seed: 4)
        let x = solve(a, vectors)
        #expect(x.shape == [3, 4])
        #expect(close(matmul(a, x.unsqueezed(at: 2)).scalars, vectors.scalars, tolerance: 1e-12))
        #expect(solve(wellConditioned([], 4, seed: 5), sample([4], seed: 6)).shape == [4])
    }

    @Test("pivoting handles a zero in the leading position, and Float solves too")
    func pivotingAndFloat() {
        let a = Tensor<Double>([0, 1, 1, 0], shape: [2, 2])
        #expect(solve(a, Tensor<Double>([2, 3])).scalars == [3, 2])
        let af = Tensor<Float>([4, 1, 2, 3], shape: [2, 2])
        let xf = solve(af, Tensor<Float>([1, 2]))
        #expect(Swift.abs(xf.scalars[0] - 0.1) < 1e-6 && Swift.abs(xf.scalars[1] - 0.6) < 1e-6)
    }

    @Test("Float solves, inverts and factors matrices large enough to block")
    func floatAtBlockedSizes() {
        let a = Tensor<Float>(wellConditioned([], 100, seed: 21).scalars.map(Float.init), shape: [100, 100])
        let b = Tensor<Float>(sample([100, 3], seed: 22).scalars.map(Float.init), shape: [100, 3])
        let residual = matmul(a, solve(a, b)) - b
        #expect(residual.scalars.allSatisfy { Swift.abs($0) < 1e-4 })
        let identity = matmul(inverse(a), a) - Tensor<Float>.eye(100)
        #expect(identity.scalars.allSatisfy { Swift.abs($0) < 1e-4 })
        let spd = matmul(a, a, transposeA: false, transposeB: true)
        let l = cholesky(spd)
        let reconstructed = matmul(l, l, transposeA: false, transposeB: true) - spd
        // Relative to the largest entry, as rounding errors in Float are.
        let scale = spd.scalars.map { Swift.abs($0) }.max()!
        #expect(reconstructed.scalars.allSatisfy { Swift.abs($0) < 1e-5 * scale })
    }

    @Test("inverse·A = I and inverse(inverse(A)) = A, batched and at a blocked size")
    func inverseIsTheInverse() {
        for (batch, n) in [([], 1), ([3], 4), ([2, 2], 5), ([], 130)] {
            let a = wellConditioned(batch, n, seed: 7)
            let product = matmul(inverse(a), a)
            #expect(close(product.scalars, Tensor<Double>.eye(n).broadcasted(to: a.shape).scalars, tolerance: 1e-10))
            #expect(close(inverse(inverse(a)).scalars, a.scalars, tolerance: 1e-10))
        }
    }

    @Test("the determinant and its logarithm match closed forms, with the sign of the permutation")
    func determinantsMatchClosedForms() {
        let a = Tensor<Double>([3, 8, 4, 6], shape: [2, 2])
        #expect(Swift.abs(determinant(a).scalar! - (-14)) < 1e-12)
        // A permutation matrix of one interchange, and a product: det(AB) = det A · det B.
        #expect(determinant(Tensor<Double>([0, 1, 1, 0], shape: [2, 2])).scalar == -1)
        let p = wellConditioned([2], 5, seed: 8), q = wellConditioned([2], 5, seed: 9)
        #expect(close(determinant(matmul(p, q)).scalars, (determinant(p) * determinant(q)).scalars, tolerance: 1e-10))
        // Triangular: the product of the diagonal.
        let upper = triu(sample([4, 4], seed: 10))
        #expect(close([determinant(upper).scalar!], [diagonal(upper).scalars.reduce(1, *)]))
        #expect(determinant(Tensor<Double>([1, 2, 2, 4], shape: [2, 2])).scalar == 0)
        #expect(determinant(Tensor<Double>.zeros([0, 0])).scalar == 1)

        let (sign, logAbs) = logDeterminant(Tensor<Double>([3, 8, 4, 6, 2, 0, 0, 5], shape: [2, 2, 2]))
        #expect(sign.scalars == [-1, 1])
        #expect(close(logAbs.scalars, [Foundation.log(14), Foundation.log(10)]))
        let (singularSign, singularLog) = logDeterminant(Tensor<Double>([1, 2, 2, 4], shape: [2, 2]))
        #expect(singularSign.scalar == 0 && singularLog.scalar == -.infinity)
    }

    @Test("∂det/∂A = det(A)·A⁻ᵀ and ∂log|det|/∂A = A⁻ᵀ (Jacobi's formula)")
    func jacobiFormula() {
        let a = wellConditioned([], 4, seed: 11)
        let expected = inverse(a).matrixTransposed()
        let gradientOfDeterminant = gradient(at: a) { determinant($0) }
        #expect(close(gradientOfDeterminant.scalars, (determinant(a) * expected).scalars, tolerance: 1e-10))
        let gradientOfLog = gradient(at: a) { logDeterminant($0).logAbsDeterminant }
        #expect(close(gradientOfLog.scalars, expected.scalars, tolerance: 1e-12))
    }

    @Test("finite differences agree with the gradients of solve, inverse and the determinants, batched and broadcast")
    func gradientsMatchFiniteDifferences() {
        let a = wellConditioned([2], 3, seed: 12), b = sample([3, 2], seed: 13)
        let report = checkGradient(of: { solve($0, $1) }, at: a, b)
        #expect(report.passed, "\(report)")
        let vectors = checkGradient(of: { solve($0, $1) }, at: a, sample([2, 3], seed: 14))
        #expect(vectors.passed, "\(vectors)")
        for (name, f) in [("inverse", { inverse($0) }), ("determinant", { determinant($0) }),
                          ("logDeterminant", { logDeterminant($0).logAbsDeterminant })] as [(String, (Tensor<Double>) -> Tensor<Double>)] {
            let check = checkGradient(of: f, at: a)
            #expect(check.passed, "\(name): \(check)")
            // A negative determinant: log|det| is still smooth.
            let flipped = checkGradient(of: f, at: a * Tensor<Double>([1, -1, 1], shape: [3, 1]))
            #expect(flipped.passed, "\(name), negative determinant: \(flipped)")
        }
    }

    @Test("second derivatives of solve, inverse and the determinants match finite differences of the gradient")
    func secondOrder() {
        let a = wellConditioned([2], 3, seed: 15), b = sample([2, 3, 2], seed: 16)
        let functions: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("solve", { (solve($0, b) * solve($0, b)).sum() }),
            ("solve wrt B", { (solve(a, $0 + b) * solve(a, $0 + b)).sum() }),
            ("inverse", { (inverse($0) * inverse($0)).sum() }),
            ("determinant", { (determinant($0) * determinant($0)).sum() }),
            ("logDeterminant", { logDeterminant($0).logAbsDeterminant.sum() }),
        ]
        for (name, f) in functions {
            let report = checkSecondOrderGradient(of: f, at: name == "solve wrt B" ? sample([2, 3, 2], seed: 17) : a, tolerance: 1e-5)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("the batched rules give the Jacobians of solve and the determinant")
    func jacobians() {
        let a = wellConditioned([], 3, seed: 18), b = sample([3, 2], seed: 19)
        #expect(checkJacobian(of: { solve($0, b) }, at: a).passed)
        #expect(checkJacobian(of: { solve(a, $0) }, at: b).passed)
        #expect(checkJacobian(of: { determinant($0) }, at: wellConditioned([2], 3, seed: 20)).passed)
        #expect(checkJacobian(of: { logDeterminant($0).logAbsDeterminant }, at: a).passed)
    }

    @Test("a singular or non-square matrix is an error naming the operation, the shape and the pivot")
    func misuse() {
        let singular = raisedError { _ = solve(Tensor<Double>([1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [3, 3]), Tensor<Double>.ones([3])) }
        #expect(singular?.operation == "solve")
        #expect(singular?.problem.contains("singular to working precision (pivot 3)") == true, "\(String(describing: singular))")
        let stacked = raisedError { _ = inverse(Tensor<Double>([1, 0, 0, 1, 1, 1, 1, 1], shape: [2, 2, 2])) }
        #expect(stacked?.problem.contains("matrix 1 of the stack") == true, "\(String(describing: stacked))")
        #expect(raisedError { _ = inverse(Tensor<Double>.zeros([2, 3])) }?.kind == .shapeMismatch)
        #expect(raisedError { _ = solve(Tensor<Double>.eye(3), Tensor<Double>.ones([2, 1])) }?.kind == .shapeMismatch)
        #expect(raisedError { _ = logDeterminant(Tensor<Double>.zeros([3])) }?.operation == "logDeterminant")
        let nan = raisedError { _ = solve(Tensor<Double>([1, .nan, 0, 1], shape: [2, 2]), Tensor<Double>.ones([2])) }
        #expect(nan?.kind == .nonFiniteValue && nan?.problem.contains("NaN") == true, "\(String(describing: nan))")
    }
}
