import Testing
@testable import Backprop

@Suite("Boolean-mask selection, masked fill and integer-array indexing")
struct MaskAndAdvancedIndexingTests {
    let x = Tensor<Double>.arange(12).reshaped(to: [3, 4])

    @Test("a mask of the tensor's shape selects elements in row-major order; one of leading axes selects sub-tensors")
    func maskSelection() {
        let v = Tensor<Double>([1, -2, 3, -4])
        #expect(v[mask: v .> 0].scalars == [1, 3])
        let evens = x[mask: x .< 5]
        #expect(evens.shape == [5])
        #expect(evens.scalars == [0, 1, 2, 3, 4])
        let rows = x.selected(where: Tensor([1, 0, 1]))
        #expect(rows.shape == [2, 4])
        #expect(rows.scalars == [0, 1, 2, 3, 8, 9, 10, 11])
        #expect(x.selected(where: .zeros([3, 4])).shape == [0])
    }

    @Test("the gradient of a selection reaches the selected elements only")
    func maskGradient() {
        let leaf = Tensor<Double>([1, -2, 3, -4], requiresGrad: true)
        (leaf[mask: leaf .> 0] * Tensor([10, 20])).sum().backward()
        #expect(leaf.grad!.scalars == [10, 0, 20, 0])
        let mask = Tensor<Double>([1, 0, 1, 1, 0, 0], shape: [2, 3])
        let report = checkGradient(of: { $0.selected(where: mask) }, at: sample([2, 3], seed: 31))
        #expect(report.passed, "\(report)")
        let rows = checkGradient(of: { $0.selected(where: Tensor([0, 1, 1])) * $0[0] }, at: sample([3, 2], seed: 32))
        #expect(rows.passed, "\(rows)")
        let second = checkSecondOrderGradient(of: { pow($0.selected(where: mask), 3).sum() }, at: sample([2, 3], seed: 33))
        #expect(second.passed, "\(second)")
    }

    @Test("masked fill broadcasts the mask and passes the gradient where it is zero")
    func maskedFill() {
        let scores = Tensor<Double>([1, 2, 3, 4], shape: [2, 2])
        let filled = scores.maskedFilled(where: Tensor([0, 1]), with: -.infinity)
        #expect(filled.scalars == [1, -.infinity, 3, -.infinity])
        let causal = Tensor<Double>([0, 1, 0, 0], shape: [2, 2])
        let report = checkGradient(of: { $0.maskedFilled(where: causal, with: -1e9).softmax(alongAxis: 1) }, at: sample([3, 2, 2], seed: 34))
        #expect(report.passed, "\(report)")
        let second = checkSecondOrderGradient(of: { exp($0.maskedFilled(where: causal, with: 0)).sum() }, at: sample([2, 2], seed: 35))
        #expect(second.passed, "\(second)")
    }

    @Test("integer-array indices broadcast together over the leading axes, as NumPy's advanced indexing")
    func advancedIndexing() {
        #expect(x[indices: [Tensor([0, 2]), Tensor([1, 3])]].scalars == [1, 11])
        let rows = x[indices: [Tensor([2, 0])]]
        #expect(rows.shape == [2, 4])
        #expect(rows.scalars == [8, 9, 10, 11, 0, 1, 2, 3])
        let grid = x[indices: [Tensor([0, 2], shape: [2, 1]), Tensor([1, -1])]]
        #expect(grid.shape == [2, 2])
        #expect(grid.scalars == [1, 3, 9, 11])
        let cube = Tensor<Double>.arange(24).reshaped(to: [2, 3, 4])
        let picked = cube[indices: [Tensor([1, 0]), Tensor([2, 2])]]
        #expect(picked.shape == [2, 4])
        #expect(picked.scalars == [20, 21, 22, 23, 8, 9, 10, 11])
    }

    @Test("the gradient of advanced indexing accumulates at repeated positions, as index_put with accumulate")
    func advancedIndexingGradient() {
        let leaf = Tensor<Double>.zeros([2, 3], requiresGrad: true)
        leaf[indices: [Tensor([1, 1, 0]), Tensor([2, 2, 0])]].sum().backward()
        #expect(leaf.grad!.scalars == [1, 0, 0, 0, 0, 2])
        let report = checkGradient(
            of: { $0[indices: [Tensor([0, 2, 2], shape: [3, 1]), Tensor([1, 0])]] }, at: sample([3, 2, 2], seed: 36))
        #expect(report.passed, "\(report)")
        let second = checkSecondOrderGradient(
            of: { pow($0[indices: [Tensor([1, 1, 0]), Tensor([0, 0, 1])]], 3).sum() }, at: sample([2, 2], seed: 37))
        #expect(second.passed, "\(second)")
    }

    @Test("bad masks and indices are reported with the shapes and values")
    func misuse() {
        let mask = raisedError { _ = x[mask: .ones([4, 3])] }
        #expect(mask?.kind == .shapeMismatch)
        #expect(mask?.description.contains("the mask's shape [4, 3] is not this tensor's shape [3, 4]") == true)
        #expect(raisedError { _ = x.maskedFilled(where: .ones([3]), with: 0) }?.kind == .shapeMismatch)
        let range = raisedError { _ = x[indices: [Tensor([0, 3])]] }
        #expect(range?.description.contains("index 3.0 in index tensor 0 is out of range for axis 0 of size 3") == true)
        #expect(raisedError { _ = x[indices: [Tensor([0.5])]] }?.description.contains("not a whole number") == true)
        #expect(raisedError { _ = x[indices: [Tensor([0, 1]), Tensor([0, 1, 2])]] }?.kind == .shapeMismatch)
        #expect(raisedError { _ = x[indices: []] }?.kind == .invalidArgument)
    }
}
