import Testing
@testable import Backprop

@Suite("eye, diagonal, diagonalMatrix, trace, tril and triu follow PyTorch and differentiate")
struct MatrixPartsTests {
    @Test("values follow torch.eye, torch.linalg.diagonal, torch.diag_embed, torch.trace, tril and triu")
    func values() {
        #expect(Tensor<Double>.eye(2, columns: 3).scalars == [1, 0, 0, 0, 1, 0])
        #expect(Tensor<Double>.eye(0).shape == [0, 0])
        let a = Tensor<Double>((1...12).map(Double.init), shape: [3, 4])
        #expect(diagonal(a).scalars == [1, 6, 11])
        #expect(diagonal(a, offset: 1).scalars == [2, 7, 12])
        #expect(diagonal(a, offset: 3).scalars == [4])
        #expect(diagonal(a, offset: -1).scalars == [5, 10])
        #expect(diagonal(a, offset: 5).shape == [0])
        #expect(diagonal(a.reshaped(to: [2, 2, 3])).scalars == [1, 5, 7, 11])
        #expect(diagonalMatrix(Tensor<Double>([1, 2, 3, 4], shape: [2, 2])).scalars == [1, 0, 0, 2, 3, 0, 0, 4])
        #expect(trace(a).scalar == 18)
        #expect(trace(a.reshaped(to: [3, 2, 2])).scalars == [5, 13, 21])
        #expect(tril(a).scalars == [1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0])
        #expect(tril(a, diagonal: -1).scalars == [0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0])
        #expect(triu(a, diagonal: 1).scalars == [0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12])
        #expect(Tensor<Double>.zeros([5, 2, 3]).matrixTransposed().shape == [5, 3, 2])
    }

    @Test("gradients match finite differences and closed forms: ∂trace/∂A = I")
    func gradients() {
        let a = sample([2, 3, 4], seed: 1)
        #expect(gradient(at: sample([3, 3], seed: 2)) { trace($0) }.scalars == Tensor<Double>.eye(3).scalars)
        let functions: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("diagonal", { diagonal($0, offset: 1) }), ("trace", { trace($0) }), ("tril", { tril($0, diagonal: 1) }),
            ("triu", { triu($0) }), ("matrixTransposed", { $0.matrixTransposed() }),
            ("diagonalMatrix", { diagonalMatrix($0) }),
        ]
        for (name, f) in functions {
            let report = checkGradient(of: f, at: a)
            #expect(report.passed, "\(name): \(report)")
            let second = checkSecondOrderGradient(of: { (f($0) * f($0)).sum() }, at: a, tolerance: 1e-5)
            #expect(second.passed, "\(name), second order: \(second)")
        }
    }

    @Test("non-matrices and negative sizes are errors naming the operation")
    func misuse() {
        #expect(raisedError { _ = trace(Tensor<Double>.zeros([3])) }?.operation == "trace")
        #expect(raisedError { _ = diagonal(Tensor<Double>.zeros([3])) }?.operation == "diagonal")
        #expect(raisedError { _ = tril(Tensor<Double>.zeros([3])) }?.operation == "tril")
        #expect(raisedError { _ = diagonalMatrix(Tensor<Double>(1)) }?.operation == "diagonalMatrix")
        #expect(raisedError { _ = Tensor<Double>.eye(-1) }?.operation == "eye(_:columns:)")
    }
}
