import Testing
@testable import Backprop

@Suite("convTranspose2d is the adjoint of conv2d, with PyTorch's weight layout and output size")
struct TransposedConvolutionTests {
    typealias Axis = ConvolutionReference.Axis

    @Test("convTranspose2d equals the gradient of conv2d with respect to its input, for the same filters", arguments: [1, 2])
    func adjointOfConvolution(groups: Int) {
        let filter = Tensor<Double>.randomNormal(shape: [4, 4 / groups, 3, 3], seed: 1)   // conv2d: 4 → 4 channels
        for (stride, padding, dilation) in [(1, 0, 1), (2, 1, 1), (3, 2, 2), (2, 0, 2)] {
            let images = Tensor<Double>.randomNormal(shape: [2, 4, 9, 8], seed: 2)
            let outputShape = conv2d(images, filter, stride: stride, padding: padding, dilation: dilation, groups: groups).shape
            let seed = Tensor<Double>.randomNormal(shape: outputShape, seed: 3)
            let adjoint = gradient(at: images) { x in
                (conv2d(x, filter, stride: stride, padding: padding, dilation: dilation, groups: groups) * seed).sum()
            }
            // The output padding that gives back the images' size: the rows a strided window skips.
            let outputPadding = ((9 + 2 * padding - dilation * 2 - 1) % stride, (8 + 2 * padding - dilation * 2 - 1) % stride)
            let transposed = convTranspose2d(
                seed, filter, stride: (stride, stride), padding: (padding, padding), outputPadding: outputPadding,
                dilation: (dilation, dilation), groups: groups)
            #expect(largestDifference(transposed, adjoint) < 1e-12, "stride \(stride) padding \(padding) dilation \(dilation)")
        }
    }

    @Test("each input pixel spreads the filter, weighted by its value, over the output")
    func knownValues() {
        let pixel = Tensor<Double>([2], shape: [1, 1, 1, 1])
        let filter = Tensor<Double>([1, 2, 3, 4], shape: [1, 1, 2, 2])
        #expect(convTranspose2d(pixel, filter).scalars == [2, 4, 6, 8])
        // Stride 2 with a 2×2 kernel of ones: each pixel becomes a 2×2 block.
        let image = Tensor<Double>([1, 2, 3, 4], shape: [1, 1, 2, 2])
        let blocks = convTranspose2d(image, .ones([1, 1, 2, 2]), stride: 2)
        #expect(blocks.shape == [1, 1, 4, 4])
        #expect(blocks.scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        // Stride 1: overlapping windows add up.
        #expect(convTranspose2d(image, .ones([1, 1, 2, 2])).scalars == [1, 3, 2, 4, 10, 6, 3, 7, 4])
    }

    @Test("the output size is PyTorch's (H − 1)·stride − 2·padding + dilation·(K − 1) + outputPadding + 1, and the values match the definition")
    func outputSizeTable() {
        // (H, K, stride, padding, outputPadding, dilation) → output size, from PyTorch's ConvTranspose2d formula.
        let table: [(Int, Int, Int, Int, Int, Int, Int)] = [
            (7, 4, 2, 1, 0, 1, 14), (5, 3, 2, 1, 1, 1, 10), (5, 3, 2, 1, 0, 1, 9), (4, 3, 1, 0, 0, 2, 8),
            (4, 3, 1, 1, 1, 2, 7),   // output padding 1 ≥ stride 1, allowed by dilation 2
            (3, 1, 3, 0, 2, 1, 9), (6, 5, 1, 4, 0, 1, 2),
        ]
        for (size, kernel, stride, padding, outputPadding, dilation, expected) in table {
            let input = Tensor<Double>.randomNormal(shape: [2, 2, size, 3], seed: UInt64(size))
            let filter = Tensor<Double>.randomNormal(shape: [2, 3, kernel, 2], seed: UInt64(kernel))
            let result = convTranspose2d(
                input, filter, stride: (stride, 1), padding: (padding, 0), outputPadding: (outputPadding, 0), dilation: (dilation, 1))
            #expect(result.shape == [2, 3, expected, 4], "\(size) \(kernel) \(stride) \(padding) \(outputPadding) \(dilation)")
            let reference = ConvolutionReference.transposedConvolution(
                input, filter, groups: 1, size: (expected, 4), Axis(stride: stride, padding: padding, dilation: dilation), Axis())
            #expect(largestDifference(result, reference) < 1e-12, "\(size) \(kernel) \(stride) \(padding) \(outputPadding) \(dilation)")
        }
    }

    @Test("grouped transposed convolution with bias equals the definition")
    func groupedMatchesDefinition() {
        let input = Tensor<Double>.randomNormal(shape: [2, 6, 4, 5], seed: 4)
        let filter = Tensor<Double>.randomNormal(shape: [6, 2, 3, 2], seed: 5)   // 3 groups: 6 → 6 channels
        let bias = Tensor<Double>.randomNormal(shape: [6], seed: 6)
        let result = convTranspose2d(input, filter, bias: bias, stride: (2, 3), padding: (1, 0), outputPadding: (1, 2), dilation: (1, 2), groups: 3)
        let reference = ConvolutionReference.transposedConvolution(
            input, filter, groups: 3, size: (8, 17), Axis(stride: 2, padding: 1), Axis(stride: 3, dilation: 2)) + bias.reshaped(to: [1, 6, 1, 1])
        #expect(largestDifference(result, reference) < 1e-12)
    }

    @Test("gradients for input, filter and bias match finite differences, first and second order", arguments: [1, 2])
    func gradients(groups: Int) {
        let report = checkGradient(
            of: { convTranspose2d($0[0], $0[1], bias: $0[2], stride: (2, 1), padding: (1, 0), outputPadding: (1, 0), dilation: (1, 2), groups: groups) },
            at: [.randomNormal(shape: [2, 4, 3, 4], seed: 7), .randomNormal(shape: [4, 4 / groups, 3, 2], seed: 8), .randomNormal(shape: [4], seed: 9)])
        #expect(report.passed, "\(report)")
        let second = checkSecondOrderGradient(of: { p in
            let x = p[0..<24].reshaped(to: [2, 2, 2, 3]), w = p[24..<(24 + 36 / groups)].reshaped(to: [2, 2 / groups, 3, 3])
            return tanh(convTranspose2d(x, w, stride: 2, padding: 1, outputPadding: 1, groups: groups)).sum()
        }, at: .randomNormal(shape: [24 + 36 / groups], seed: 10))
        #expect(second.passed, "\(second)")
    }

    @Test("an output padding not below the stride or dilation, mismatched filters and an empty output are errors")
    func misuse() {
        let input = Tensor<Double>.zeros([1, 2, 3, 3])
        let padding = raisedError { _ = convTranspose2d(input, .zeros([2, 1, 3, 3]), stride: 2, outputPadding: 2) }
        #expect(padding?.kind == .invalidArgument)
        #expect(padding?.description.contains("output padding (2, 2) non-negative and smaller than the stride or the dilation") == true)
        let layout = raisedError { _ = convTranspose2d(input, .zeros([1, 2, 3, 3])) }
        #expect(layout?.description.contains("the filter [C, F/groups, KH, KW] with the same C") == true)
        let small = raisedError { _ = convTranspose2d(input, .zeros([2, 1, 1, 1]), padding: 2) }
        #expect(small?.description.contains("output size is too small") == true)
        #expect(raisedError { _ = convTranspose2d(input, .zeros([2, 1, 3, 3]), groups: 2) } == nil)
        #expect(raisedError { _ = convTranspose2d(input, .zeros([2, 1, 3, 3]), groups: 3) }?.kind == .invalidArgument)
    }
}
