import Testing
@testable import Backprop

/// A solve with one matrix for a stack of right-hand sides factors that matrix once; the
/// result and the gradients must be those of solving each item on its own.
@Suite("solve with one matrix shared by a stack of right-hand sides")
struct SharedMatrixSolveTests {
    @Test("a shared matrix gives each item the solution it has alone, for [n, n] and [1, n, n]")
    func sharedMatrixSolvesEachItem() {
        let b = sample([4, 5, 2], seed: 7)
        for a in [wellConditioned([], 5, seed: 8), wellConditioned([1], 5, seed: 8)] {
            let x = solve(a, b)
            #expect(x.shape == [4, 5, 2])
            let matrix = a.reshaped(to: [5, 5])
            let itemByItem = (0..<4).flatMap { solve(matrix, b.split(count: 4, alongAxis: 0)[$0].squeezed(axes: [0])).scalars }
            #expect(close(x.scalars, itemByItem, tolerance: 1e-14), "\(a.shape)")
        }
    }

    @Test("the gradient of a shared matrix (a transposed solve) is the sum of the items' gradients")
    func sharedMatrixGradientSumsTheItems() throws {
        let a = wellConditioned([], 4, seed: 9).requiringGrad(), b = sample([3, 4, 2], seed: 10)
        solve(a, b).sum().backward()
        var expected = [Double](repeating: 0, count: 16)
        for item in b.split(count: 3, alongAxis: 0) {
            let single = a.detached().requiringGrad()
            solve(single, item.squeezed(axes: [0])).sum().backward()
            expected = zip(expected, try #require(single.grad).scalars).map { $0 + $1 }
        }
        #expect(close(try #require(a.grad).scalars, expected, tolerance: 1e-12))
    }

    @Test("a singular shared matrix is reported once, as matrix 0")
    func singularSharedMatrixIsAnError() {
        let error = raisedError { _ = solve(Tensor<Double>([1, 2, 2, 4], shape: [1, 2, 2]), Tensor<Double>.ones([3, 2, 1])) }
        #expect(error?.problem.contains("matrix 0 of the stack") == true && error?.problem.contains("singular") == true, "\(String(describing: error))")
    }
}
