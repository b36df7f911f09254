import Testing
@testable import Backprop

@Suite("Grouped and depthwise conv2d, and conv1d, as PyTorch's groups")
struct GroupedConvolutionTests {
    typealias Axis = ConvolutionReference.Axis

    @Test("grouped conv2d equals the loop-by-loop definition for strides, paddings and dilations", arguments: [2, 3, 6])
    func matchesDefinition(groups: Int) {
        let input = Tensor<Double>.randomNormal(shape: [2, 6, 7, 6], seed: 1)
        let filter = Tensor<Double>.randomNormal(shape: [6, 6 / groups, 3, 2], seed: 2)
        for (rows, columns) in [(Axis(), Axis()), (Axis(stride: 2, padding: 1), Axis(stride: 1, padding: 2, dilation: 2)),
                                (Axis(stride: 3, padding: 2, dilation: 2), Axis(stride: 2))] {
            let result = conv2d(
                input, filter, stride: (rows.stride, columns.stride), padding: (rows.padding, columns.padding),
                dilation: (rows.dilation, columns.dilation), groups: groups)
            let expected = ConvolutionReference.convolution(input, filter, groups: groups, rows, columns)
            #expect(largestDifference(result, expected) < 1e-12, "groups \(groups) \(rows) \(columns)")
        }
    }

    @Test("a depthwise convolution (groups = channels) convolves each channel with its own filters")
    func depthwiseIsPerChannel() {
        let input = Tensor<Double>.randomNormal(shape: [3, 4, 6, 6], seed: 3)
        let filter = Tensor<Double>.randomNormal(shape: [8, 1, 3, 3], seed: 4)   // two filters per channel
        let bias = Tensor<Double>.randomNormal(shape: [8], seed: 5)
        let depthwise = conv2d(input, filter, bias: bias, stride: 1, padding: 1, groups: 4)
        let channels = input.split(count: 4, alongAxis: 1), filters = filter.split(count: 4), biases = bias.split(count: 4)
        let perChannel = Tensor.concatenated(
            (0..<4).map { conv2d(channels[$0], filters[$0], bias: biases[$0], stride: 1, padding: 1) }, alongAxis: 1)
        #expect(largestDifference(depthwise, perChannel) < 1e-12)
    }

    @Test("grouped conv2d gradients for input, filter and bias match finite differences, with a batch")
    func gradients() {
        for (groups, stride, padding, dilation) in [(2, 1, 1, 1), (3, 2, 0, 1), (6, 1, 2, 2)] {
            let report = checkGradient(
                of: { conv2d($0[0], $0[1], bias: $0[2], stride: stride, padding: padding, dilation: dilation, groups: groups) },
                at: [.randomNormal(shape: [2, 6, 6, 5], seed: 6), .randomNormal(shape: [6, 6 / groups, 3, 3], seed: 7),
                     .randomNormal(shape: [6], seed: 8)])
            #expect(report.passed, "groups \(groups) stride \(stride) padding \(padding) dilation \(dilation): \(report)")
        }
    }

    @Test("grouped conv2d is differentiable twice, in images, filters and bias jointly")
    func secondOrder() {
        let report = checkSecondOrderGradient(of: { p in
            let x = p[0..<100].reshaped(to: [2, 2, 5, 5]), w = p[100..<136].reshaped(to: [4, 1, 3, 3]), b = p[136..<140]
            return tanh(conv2d(x, w, bias: b, stride: 2, padding: 1, dilation: 1, groups: 2)).sum()
        }, at: .randomNormal(shape: [140], seed: 9))
        #expect(report.passed, "\(report)")
    }

    @Test("conv1d equals the definition on one-row images, with groups, stride and dilation, and its gradients check")
    func conv1dMatchesDefinition() {
        let input = Tensor<Double>.randomNormal(shape: [2, 4, 11], seed: 10)
        let filter = Tensor<Double>.randomNormal(shape: [6, 2, 3], seed: 11)
        let bias = Tensor<Double>.randomNormal(shape: [6], seed: 12)
        let result = conv1d(input, filter, bias: bias, stride: 2, padding: 2, dilation: 2, groups: 2)
        let expected = ConvolutionReference.convolution(
            input.reshaped(to: [2, 4, 1, 11]), filter.reshaped(to: [6, 2, 1, 3]), groups: 2,
            Axis(), Axis(stride: 2, padding: 2, dilation: 2)) + bias.reshaped(to: [1, 6, 1, 1])
        #expect(result.shape == [2, 6, 6])   // ⌊(11 + 4 − 4 − 1)/2⌋ + 1
        #expect(largestDifference(result, expected.reshaped(to: [2, 6, 6])) < 1e-12)
        let report = checkGradient(of: { conv1d($0[0], $0[1], bias: $0[2], stride: 2, padding: 2, dilation: 2, groups: 2) },
                                   at: [input, filter, bias])
        #expect(report.passed, "\(report)")
        let second = checkSecondOrderGradient(of: { p in
            tanh(conv1d(p[0..<24].reshaped(to: [2, 2, 6]), p[24..<30].reshaped(to: [2, 1, 3]), padding: 1, groups: 2)).sum()
        }, at: .randomNormal(shape: [30], seed: 13))
        #expect(second.passed, "\(second)")
    }

    @Test("jacobian of grouped, transposed and 1-d convolutions, padding modes and ceil-mode pooling matches finite differences")
    func jacobians() {
        // Small, so that the row-by-row finite differences stay quick.
        let x = Tensor<Double>.randomNormal(shape: [1, 4, 3, 2], seed: 14)
        let filter = Tensor<Double>.randomNormal(shape: [4, 2, 2, 2], seed: 15)
        let functions: [(String, (Tensor<Double>) -> Tensor<Double>)] = [
            ("grouped conv2d", { conv2d($0, filter, stride: 2, padding: 1, groups: 2) }),
            ("convTranspose2d", { convTranspose2d($0, filter, stride: 2, padding: 1, outputPadding: 1, groups: 2) }),
            ("conv1d", { conv1d($0.reshaped(to: [1, 4, 6]), filter.reshaped(to: [4, 2, 4]), padding: 1, groups: 2) }),
            ("reflect padding", { $0.padded([(0, 0), (0, 0), (2, 1), (1, 0)], mode: .reflect) }),
            ("ceil-mode pooling", { $0.avgPool2d(kernel: 2, stride: 1, ceilMode: true, countIncludePad: false) + $0.maxPool2d(kernel: 2, ceilMode: true) }),
        ]
        for (name, function) in functions {
            let report = checkJacobian(of: function, at: x)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("channels that do not divide by the groups, and filters of the wrong depth, are errors naming both")
    func misuse() {
        let images = Tensor<Double>.zeros([1, 6, 5, 5])
        let indivisible = raisedError { _ = conv2d(images, .zeros([4, 2, 3, 3]), groups: 4) }
        #expect(indivisible?.kind == .invalidArgument)
        #expect(indivisible?.description.contains("6 input channels and 4 output channels must both divide by groups 4") == true)
        let depth = raisedError { _ = conv2d(images, .zeros([4, 6, 3, 3]), groups: 2) }
        #expect(depth?.description.contains("here [F, 3, KH, KW] (2 groups of 3 channels)") == true)
        #expect(raisedError { _ = conv2d(images, .zeros([4, 6, 3, 3]), groups: 0) }?.description.contains("groups 0 is not positive") == true)
        let sequence = raisedError { _ = conv1d(images, .zeros([4, 6, 3])) }
        #expect(sequence?.description.hasPrefix("conv1d") == true)
        let window = raisedError { _ = conv1d(Tensor<Double>.zeros([1, 2, 3]), .zeros([4, 2, 5])) }
        #expect(window?.description.hasPrefix("conv1d") == true)
        #expect(window?.description.contains("output size is too small") == true)
    }
}
