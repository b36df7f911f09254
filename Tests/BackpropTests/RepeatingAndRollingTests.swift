import Testing
@testable import Backprop

@Suite("Rolling, repeating (tiling) and repeating in place")
struct RepeatingAndRollingTests {
    let matrix = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3])

    @Test("rolling moves positions toward the end and wraps them around, as torch.roll")
    func rolling() {
        #expect(Tensor<Double>([1, 2, 3, 4]).rolled(by: 1, alongAxis: 0).scalars == [4, 1, 2, 3])
        #expect(Tensor<Double>([1, 2, 3, 4]).rolled(by: -1, alongAxis: 0).scalars == [2, 3, 4, 1])
        #expect(Tensor<Double>([1, 2, 3, 4]).rolled(by: 9, alongAxis: 0).scalars == [4, 1, 2, 3])
        #expect(matrix.rolled(by: 1, alongAxis: 1).scalars == [3, 1, 2, 6, 4, 5])
        #expect(matrix.rolled(by: [1, 2], alongAxes: [0, 1]).scalars == [5, 6, 4, 2, 3, 1])
        #expect(matrix.rolled(by: 3, alongAxis: 1).scalars == matrix.scalars)
    }

    @Test("repeated tiles the whole tensor; tiled pads the counts; repeatedInterleave repeats each element in place")
    func repeating() {
        let pair = Tensor<Double>([1, 2])
        let tiled = pair.repeated([2, 2])
        #expect(tiled.shape == [2, 4])
        #expect(tiled.scalars == [1, 2, 1, 2, 1, 2, 1, 2])
        #expect(matrix.repeated([2, 1]).scalars == [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
        #expect(matrix.tiled([2]).shape == [2, 6])
        #expect(matrix.tiled([2]).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(matrix.repeated([1, 0]).shape == [2, 0])
        #expect(pair.repeatedInterleave(2).scalars == [1, 1, 2, 2])
        #expect(matrix.repeatedInterleave(2, alongAxis: 0).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(matrix.repeatedInterleave([2, 0, 1], alongAxis: 1).scalars == [1, 1, 3, 4, 4, 6])
        #expect(matrix.repeatedInterleave(1).shape == [6])
    }

    @Test("each element's gradient is the sum over its copies")
    func gradients() {
        let leaf = Tensor<Double>([1, 2], requiresGrad: true)
        (leaf.repeated([3, 2]) * Tensor<Double>.arange(12).reshaped(to: [3, 4])).sum().backward()
        // Element 0 sits in the even columns of the weights 0…11, element 1 in the odd ones.
        #expect(leaf.grad!.scalars == [30, 36])
        let x = sample([2, 3], seed: 41)
        let checks = [
            checkGradient(of: { $0.rolled(by: [1, -2], alongAxes: [0, 1]) }, at: x),
            checkGradient(of: { $0.repeated([2, 1, 2]) }, at: x),
            checkGradient(of: { $0.tiled([3]) }, at: x),
            checkGradient(of: { $0.repeatedInterleave(2, alongAxis: 1) }, at: x),
            checkGradient(of: { $0.repeatedInterleave([1, 3], alongAxis: 0) }, at: x),
            checkSecondOrderGradient(of: { pow($0.rolled(by: 1, alongAxis: 1) * $0, 2).sum() }, at: x),
            checkSecondOrderGradient(of: { pow($0.repeated([2, 2]), 3).sum() }, at: x),
            checkSecondOrderGradient(of: { exp($0.repeatedInterleave([2, 1, 0], alongAxis: 1)).sum() }, at: x),
        ]
        for report in checks { #expect(report.passed, "\(report)") }
    }

    @Test("counts that do not fit are reported")
    func misuse() {
        #expect(raisedError { _ = matrix.repeated([2]) }?.description.contains("1 repeat counts for a tensor of shape [2, 3]") == true)
        #expect(raisedError { _ = matrix.repeated([2, -1]) }?.kind == .invalidArgument)
        #expect(raisedError { _ = matrix.repeated([Int.max, 2]) }?.kind == .tooLarge)
        #expect(raisedError { _ = matrix.repeatedInterleave([1, 2], alongAxis: 1) }?.kind == .invalidArgument)
        #expect(raisedError { _ = matrix.repeatedInterleave(-1) }?.kind == .invalidArgument)
        #expect(raisedError { _ = matrix.rolled(by: [1], alongAxes: [0, 1]) }?.kind == .invalidArgument)
        #expect(raisedError { _ = matrix.rolled(by: 1, alongAxis: 2) }?.kind == .invalidAxis)
    }
}
