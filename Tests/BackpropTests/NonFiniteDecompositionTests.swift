import Testing
@testable import Backprop

/// The iterative decompositions skip what their convergence tests cannot compare, so NaN or
/// infinity in the input would come out as plausible numbers (singular values of 0, an identity
/// Q); they are errors naming the operation and the matrix instead.
@Suite("Decompositions of a matrix with NaN or infinity are errors")
struct NonFiniteDecompositionTests {
    static let nanMatrix = Tensor<Double>([.nan, 0, 0, 1], shape: [2, 2])
    static let infiniteStack = Tensor<Double>([1, 0, 0, 1, .infinity, 0, 0, 1], shape: [2, 2, 2])

    @Test("singular value decomposition of a NaN matrix is an error, not singular values of 0")
    func singularValueDecompositionRejectsNaN() {
        let error = raisedError { _ = singularValueDecomposition(Self.nanMatrix) }
        #expect(error?.kind == .nonFiniteValue && error?.operation == "singularValueDecomposition", "\(String(describing: error))")
    }

    @Test("the spectral norm of a NaN matrix is an error")
    func spectralNormRejectsNaN() {
        let error = raisedError { _ = matrixNorm(Self.nanMatrix, .spectral) }
        #expect(error?.kind == .nonFiniteValue, "\(String(describing: error))")
    }

    @Test("QR of a matrix with infinity is an error naming the matrix of the stack")
    func qrRejectsInfinity() {
        let error = raisedError { _ = qr(Self.infiniteStack) }
        #expect(error?.operation == "qr" && error?.problem.contains("matrix 1 of the stack") == true, "\(String(describing: error))")
    }

    @Test("symmetricEigen of a matrix with NaN in its lower triangle is an error")
    func symmetricEigenRejectsNaNInLowerTriangle() {
        let error = raisedError { _ = symmetricEigen(Tensor<Double>([1, 0, .nan, 1], shape: [2, 2])) }
        #expect(error?.kind == .nonFiniteValue && error?.operation == "symmetricEigen", "\(String(describing: error))")
    }

    @Test("symmetricEigen ignores NaN in the unread upper triangle, as PyTorch reads the lower one")
    func symmetricEigenIgnoresUpperTriangle() throws {
        var values: Tensor<Double>?
        try withErrorChecking { values = symmetricEigen(Tensor<Double>([2, .nan, 1, 2], shape: [2, 2])).values }
        #expect(close(values?.scalars ?? [], [1, 3]))
    }
}
