import Testing
import Backprop

@Suite("Python slices: x[.slice(start, end, step: n)] follows Python's and PyTorch's rules")
struct PythonSliceTests {
    /// Slices of [0, 1, 2, 3, 4] and what Python's `list(range(5))[start:end:step]` gives.
    static let pythonResults: [(slice: TensorIndex, python: [Double])] = [
        (.slice(3, 1), []),                   // x[3:1]: reversed bounds give an empty slice
        (.slice(2, 2), []),                   // x[2:2]
        (.slice(-2, nil), [3, 4]),            // x[-2:]
        (.slice(nil, -1, step: 2), [0, 2]),   // x[:-1:2]
        (.slice(-10, 10), [0, 1, 2, 3, 4]),   // x[-10:10]: bounds are clamped to the axis
        (.slice(1, 100, step: 3), [1, 4]),    // x[1:100:3]
        (.slice(7, nil), []),                 // x[7:]
        (.slice(nil, -7), []),                // x[:-7]
        (.slice(Int.min, Int.max, step: Int.max), [0]),
        (.slice(nil, nil), [0, 1, 2, 3, 4]),  // x[:]
    ]

    @Test("each slice of a vector has Python's elements", arguments: pythonResults.indices)
    func sliceMatchesPython(case index: Int) {
        let (slice, python) = Self.pythonResults[index]
        let result = Tensor<Double>.arange(5)[slice]
        #expect(result.shape == [python.count], "\(slice)")
        #expect(result.scalars == python, "\(slice)")
    }

    @Test("an empty slice of a matrix keeps the other axes, as PyTorch's x[3:1] has shape [0, 4]")
    func emptySliceKeepsOtherAxes() {
        let x = Tensor<Double>.arange(12).reshaped(to: [3, 4])
        #expect(x[.slice(3, 1)].shape == [0, 4])
        #expect(x[.all, .slice(3, 1)].shape == [3, 0])
        #expect(x[.slice(1, nil), .slice(nil, nil, step: 2)].scalars == [4, 6, 8, 10])
    }

    @Test("a step that is not positive is an error naming the axis")
    func nonPositiveStep() {
        let error = raisedError { _ = Tensor<Double>.arange(5)[.slice(nil, nil, step: 0)] }
        #expect(error?.description.contains("the step 0 of the slice along axis 0 is not positive") == true)
    }

    @Test("the gradient of a slice scatters back into the sliced positions, empty slices included")
    func sliceGradient() {
        let x = Tensor<Double>.randomNormal(shape: [4, 5], seed: 3)
        let report = checkGradient(of: { x in (x[.slice(-3, nil), .slice(nil, nil, step: 2)] * x[.slice(nil, 3), .slice(0, 5, step: 2)]).sum() }, at: x)
        #expect(report.passed, "\(report)")
        let leaf = Tensor<Double>.ones([3], requiresGrad: true)
        (leaf[.slice(2, 0)].sum() + leaf.sum()).backward()
        #expect(leaf.grad?.scalars == [1, 1, 1])
    }
}
