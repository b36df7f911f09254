import Testing
@testable import Backprop

@Suite("qr factors into orthonormal Q and upper-triangular R and differentiates")
struct QRTests {
    @Test("Q·R = A with QᵀQ = I and R upper triangular, for tall, wide, square and batched A")
    func factors() {
        for shape in [[5, 3], [3, 5], [4, 4], [2, 6, 2], [1, 1], [40, 30]] {
            let a = sample(shape, seed: 1) - 1
            let (q, r) = qr(a)
            let k = Swift.min(shape[shape.count - 2], shape[shape.count - 1]), batch = Array(shape.dropLast(2))
            #expect(q.shape == batch + [shape[shape.count - 2], k] && r.shape == batch + [k, shape[shape.count - 1]])
            #expect(close(matmul(q, r).scalars, a.scalars, tolerance: 1e-12), "\(shape)")
            #expect(close(matmul(q, q, transposeA: true, transposeB: false).scalars, Tensor<Double>.eye(k).broadcasted(to: batch + [k, k]).scalars, tolerance: 1e-12))
            #expect(r.scalars == triu(r).scalars)
        }
        // A zero column is left alone; Float factors too.
        let withZero = Tensor<Double>([0, 1, 0, 2, 0, 3], shape: [3, 2])
        let (q, r) = qr(withZero)
        #expect(close(matmul(q, r).scalars, withZero.scalars))
        let (qf, rf) = qr(Tensor<Float>([3, 0, 4, 5], shape: [2, 2]))
        #expect(zip(matmul(qf, rf).scalars, [3, 0, 4, 5] as [Float]).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
    }

    @Test("finite differences agree with the gradients of Q and R, batched, to second order")
    func gradients() {
        let a = sample([2, 4, 3], seed: 2) - 1
        let ofQ = checkGradient(of: { qr($0).q }, at: a)
        #expect(ofQ.passed, "Q: \(ofQ)")
        let ofR = checkGradient(of: { qr($0).r }, at: a)
        #expect(ofR.passed, "R: \(ofR)")
        let bothFactors = checkGradient(of: { let (q, r) = qr($0); return matmul(q, r, transposeA: true, transposeB: false) }, at: sample([3, 3], seed: 3))
        #expect(bothFactors.passed, "\(bothFactors)")
        let second = checkSecondOrderGradient(of: { let (q, r) = qr($0); return (q * q * q).sum() + (r * r * r).sum() }, at: sample([4, 3], seed: 4), tolerance: 1e-5)
        #expect(second.passed, "\(second)")
        #expect(checkJacobian(of: { qr($0).r }, at: sample([3, 2], seed: 5)).passed)
    }

    @Test("finite differences agree with the gradients of a wide matrix's Q and R")
    func wideGradients() {
        let a = sample([2, 3, 5], seed: 6) - 1
        let ofQ = checkGradient(of: { qr($0).q }, at: a)
        #expect(ofQ.passed, "Q: \(ofQ)")
        let ofR = checkGradient(of: { qr($0).r }, at: a)
        #expect(ofR.passed, "R: \(ofR)")
        let second = checkSecondOrderGradient(of: { let (q, r) = qr($0); return (q * q * q).sum() + (r * r * r).sum() }, at: sample([2, 4], seed: 7), tolerance: 1e-5)
        #expect(second.passed, "\(second)")
        #expect(checkJacobian(of: { qr($0).q }, at: sample([2, 3], seed: 8)).passed)
    }

    @Test("a non-matrix is an error naming qr")
    func misuse() {
        #expect(raisedError { _ = qr(Tensor<Double>.zeros([3])) }?.operation == "qr")
    }
}
