import Testing
@testable import Backprop

@Suite("im2col and col2im pull back a stack of cotangents at once, so window operations get batched Jacobians")
struct WindowBatchingTests {
    /// Functions of a [2, 4, 5, 4] batch built on im2col or col2im and batched operations only.
    static let functions: [(name: String, apply: @Sendable (Tensor<Double>) -> Tensor<Double>)] = [
        ("unfolded", { $0.unfolded(kernel: (3, 2), stride: (2, 1), padding: (1, 0), dilation: (1, 2)) }),
        ("folded", { $0.reshaped(to: [2, 4, 20]).folded(imageSize: (3, 6), kernel: (2, 2), padding: (1, 0)) }),
        ("grouped conv2d", { conv2d($0, .randomNormal(shape: [6, 2, 2, 3], seed: 1), stride: 2, padding: 1, groups: 2) }),
        ("grouped convTranspose2d", { convTranspose2d($0, .randomNormal(shape: [4, 1, 2, 2], seed: 2), stride: 2, groups: 2) }),
        ("average pooling", { $0.avgPool2d(kernel: 2, stride: 1, padding: 1, ceilMode: true, countIncludePad: false) }),
    ]

    @Test("the Jacobian from one batched sweep equals the row-by-row one", arguments: 0..<5)
    func batchedEqualsRows(index: Int) {
        let (name, f) = Self.functions[index]
        let x = Tensor<Double>.randomNormal(shape: [2, 4, 5, 4], seed: 3)
        let point = x.requiringGrad(), rowPoint = x.requiringGrad()
        let batched = batchedJacobianRows(of: f(point), at: point, nested: false)
        let rows = jacobianRows(of: f(rowPoint), at: rowPoint, nested: false)
        #expect(batched != nil, "\(name) has an operation without batching rules")
        #expect(batched.map { largestDifference($0, rows) < 1e-12 } == true, "\(name)")
    }
}
