import Testing
@testable import Backprop

/// `triangularSolve` reads one triangle of A, as `torch.linalg.solve_triangular` does: what the
/// other triangle holds (often the other factor of a packed LU, or garbage) must not change the
/// result or raise an error.
@Suite("Triangular solve ignores the unread triangle")
struct TriangularSolveUnreadTriangleTests {
    @Test("huge values in the unread triangle do not make a well-conditioned triangle singular")
    func hugeUnreadValuesAreIgnored() throws {
        // The upper triangle [[2, 1], [·, 4]] is well-conditioned; 1e20 lies below it.
        let a = Tensor<Double>([2, 1, 1e20, 4], shape: [2, 2])
        var x: Tensor<Double>?
        try withErrorChecking { x = triangularSolve(a, Tensor<Double>([4, 8], shape: [2, 1]), upper: true) }
        // 4·x₁ = 8, 2·x₀ + x₁ = 4.
        #expect(x?.scalars == [1, 2])
    }

    @Test("NaN in the unread triangle is not reported as a non-finite matrix")
    func nanInUnreadTriangleIsIgnored() throws {
        let a = Tensor<Double>([2, .nan, 1, 4], shape: [2, 2])
        var x: Tensor<Double>?
        try withErrorChecking { x = triangularSolve(a, Tensor<Double>([2, 9], shape: [2, 1]), upper: false) }
        #expect(x?.scalars == [1, 2])
    }

    @Test("a negligible pivot relative to the read triangle is still an error")
    func negligiblePivotInReadTriangleIsAnError() {
        let a = Tensor<Double>([1e-30, 0, 1, 1], shape: [2, 2])
        let error = raisedError { _ = triangularSolve(a, Tensor<Double>.ones([2, 1]), upper: false) }
        #expect(error?.problem.contains("pivot 1") == true, "\(String(describing: error))")
    }
}
