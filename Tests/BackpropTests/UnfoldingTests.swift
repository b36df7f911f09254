import Testing
@testable import Backprop

@Suite("Unfolding and folding images: im2col and col2im as operations")
struct UnfoldingTests {
    @Test("a convolution is a product with the unfolded images, for strides, padding and dilation")
    func convolutionIsAProductWithUnfoldedImages() {
        for (stride, padding, dilation) in [((1, 1), (0, 0), (1, 1)), ((2, 1), (1, 2), (1, 1)), ((1, 2), (1, 1), (2, 1))] {
            let x = sample([2, 3, 7, 6], seed: 1), w = sample([4, 3, 3, 2], seed: 2)
            let y = conv2d(x, w, stride: stride, padding: padding, dilation: dilation)
            let columns = x.unfolded(kernel: (3, 2), stride: stride, padding: padding, dilation: dilation)
            let positions = y.shape[2] * y.shape[3]
            #expect(columns.shape == [2, 3 * 3 * 2, positions])
            let product = matmul(w.reshaped(to: [4, -1]), columns)
            #expect(close(product.scalars, y.reshaped(to: [2, 4, positions]).scalars))
        }
    }

    @Test("the first column is the top-left window, channel by channel, kernel row by kernel row; padding reads 0")
    func layoutMatchesPyTorch() {
        let x = Tensor<Double>((1...18).map(Double.init), shape: [1, 2, 3, 3])
        let columns = x.unfolded(kernel: (2, 2))
        #expect(columns.shape == [1, 8, 4])
        #expect(columns[0, .all, 0].scalars == [1, 2, 4, 5, 10, 11, 13, 14])
        #expect(columns[0, 0, .all].scalars == [1, 2, 4, 5])
        let padded = Tensor<Double>([1, 2, 3, 4], shape: [1, 1, 2, 2]).unfolded(kernel: (2, 2), padding: (1, 1))
        #expect(padded[0, .all, 0].scalars == [0, 0, 0, 1])
    }

    @Test("fold is the adjoint of unfold: ⟨unfold(x), y⟩ = ⟨x, fold(y)⟩, and fold(unfold(x)) counts the windows")
    func foldIsTheAdjoint() {
        let x = sample([2, 2, 5, 4], seed: 3)
        let unfolded = x.unfolded(kernel: (2, 3), stride: (2, 1), padding: (1, 0))
        let y = sample(unfolded.shape, seed: 4)
        let folded = y.folded(imageSize: (5, 4), kernel: (2, 3), stride: (2, 1), padding: (1, 0))
        #expect(folded.shape == x.shape)
        #expect(Swift.abs((unfolded * y).sum().scalar! - (x * folded).sum().scalar!) < 1e-12)
        let ones = Tensor<Double>.ones([1, 1, 3, 3])
        let counts = ones.unfolded(kernel: (2, 2)).folded(imageSize: (3, 3), kernel: (2, 2))
        #expect(counts.scalars == [1, 2, 1, 2, 4, 2, 1, 2, 1])
    }

    @Test("unfolded and folded match finite differences")
    func gradients() {
        #expect(checkGradient(of: { tanh($0.unfolded(kernel: (2, 2), stride: (1, 2), padding: (1, 1)) * 1.5).sum() },
                              at: sample([1, 2, 3, 4], seed: 5)).passed)
        #expect(checkGradient(of: { $0.folded(imageSize: (3, 3), kernel: (2, 2)).sigmoid().sum() },
                              at: sample([2, 4, 4], seed: 6)).passed)
    }

    @Test("misuse names the operation, the shapes and the fix")
    func misuse() {
        let wrongRank = raisedError { _ = Tensor<Double>.zeros([3, 4]).unfolded(kernel: (2, 2)) }
        #expect(wrongRank?.operation == "unfolded(kernel:stride:padding:dilation:)" && wrongRank?.kind == .shapeMismatch)
        let wrongColumns = raisedError { _ = Tensor<Double>.zeros([1, 5, 4]).folded(imageSize: (3, 3), kernel: (2, 2)) }
        #expect(wrongColumns?.description.contains("[N, C·2·2, L]") == true)
        let wrongPositions = raisedError { _ = Tensor<Double>.zeros([1, 4, 5]).folded(imageSize: (3, 3), kernel: (2, 2)) }
        #expect(wrongPositions?.description.contains("5 columns per image, but a 2×2 window") == true)
    }
}
