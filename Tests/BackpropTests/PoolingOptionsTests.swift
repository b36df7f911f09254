import Testing
@testable import Backprop

/// PyTorch's pooling, as its C++ kernels compute it, window by window on one plane.
private enum PoolingReference {
    /// `pooling_output_shape`: the floor (or ceiling) of the window count, less a last window
    /// starting past the image and its left padding in ceil mode.
    static func outputSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool) -> Int {
        let numerator = size + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)
        var output = numerator / stride + 1
        if ceilMode && (output - 1) * stride >= size + padding { output -= 1 }
        return output
    }

    /// `max_pool2d`: −∞ where a window reads no element.
    static func maxPool(_ plane: [Double], size: (Int, Int), kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool) -> [Double] {
        let oh = outputSize(size.0, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
        let ow = outputSize(size.1, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
        return (0..<oh).flatMap { y in
            (0..<ow).map { x in
                var best = -Double.infinity
                for i in 0..<kernel {
                    for j in 0..<kernel {
                        let row = y * stride - padding + i * dilation, column = x * stride - padding + j * dilation
                        if row >= 0, row < size.0, column >= 0, column < size.1 { best = Swift.max(best, plane[row * size.1 + column]) }
                    }
                }
                return best
            }
        }
    }

    /// `avg_pool2d`: the window clipped to the padded image gives the divisor with padding
    /// counted, clipped to the image without.
    static func avgPool(_ plane: [Double], size: (Int, Int), kernel: Int, stride: Int, padding: Int, ceilMode: Bool, countIncludePad: Bool) -> [Double] {
        let oh = outputSize(size.0, kernel: kernel, stride: stride, padding: padding, dilation: 1, ceilMode: ceilMode)
        let ow = outputSize(size.1, kernel: kernel, stride: stride, padding: padding, dilation: 1, ceilMode: ceilMode)
        return (0..<oh).flatMap { y in
            (0..<ow).map { x in
                var hstart = y * stride - padding, wstart = x * stride - padding
                var hend = Swift.min(hstart + kernel, size.0 + padding), wend = Swift.min(wstart + kernel, size.1 + padding)
                let poolSize = (hend - hstart) * (wend - wstart)
                hstart = Swift.max(hstart, 0); wstart = Swift.max(wstart, 0)
                hend = Swift.min(hend, size.0); wend = Swift.min(wend, size.1)
                var sum = 0.0
                for row in hstart..<hend { for column in wstart..<wend { sum += plane[row * size.1 + column] } }
                return sum / Double(countIncludePad ? poolSize : (hend - hstart) * (wend - wstart))
            }
        }
    }
}

@Suite("Pooling with dilation, ceilMode and countIncludePad, as PyTorch")
struct PoolingOptionsTests {
    @Test("the output size follows PyTorch's pooling formula, ceil mode included, in one place for every pooling")
    func outputSizeTable() {
        // (size, kernel, stride, padding, dilation) → (floor, ceil), worked by PyTorch's formula.
        let table: [(Int, Int, Int, Int, Int, Int, Int)] = [
            (5, 2, 2, 0, 1, 2, 3), (6, 3, 2, 1, 1, 3, 4), (4, 2, 2, 1, 1, 3, 3),
            (5, 3, 3, 1, 1, 2, 2),   // ceil mode would start a window in the right padding: dropped
            (7, 3, 2, 0, 2, 2, 2), (10, 3, 4, 1, 2, 2, 3), (1, 1, 5, 0, 1, 1, 1),
        ]
        for (size, kernel, stride, padding, dilation, floor, ceil) in table {
            for (ceilMode, expected) in [(false, floor), (true, ceil)] {
                #expect(PoolingReference.outputSize(size, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode) == expected)
                let x = Tensor<Double>.zeros([1, 1, size, size])
                let max = x.maxPool2d(kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
                #expect(max.shape == [1, 1, expected, expected], "\(size) \(kernel) \(stride) \(padding) \(dilation) \(ceilMode)")
                if dilation == 1 {
                    #expect(x.avgPool2d(kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode).shape == [1, 1, expected, expected])
                }
            }
        }
        // A grid against the formula.
        for size in 1...9 {
            for kernel in 1...4 {
                for stride in 1...4 {
                    for padding in 0...(kernel / 2) {
                        for dilation in 1...3 where dilation * (kernel - 1) + 1 <= size + 2 * padding {
                            for ceilMode in [false, true] {
                                let expected = PoolingReference.outputSize(
                                    size, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
                                let geometry = WindowGeometry(
                                    batch: 1, channels: 1, height: size, width: size, kernelHeight: kernel, kernelWidth: kernel,
                                    strideHeight: stride, strideWidth: stride, paddingHeight: padding, paddingWidth: padding,
                                    dilationHeight: dilation, dilationWidth: dilation, ceilMode: ceilMode)
                                #expect(geometry.outputHeight == expected, "\(size) \(kernel) \(stride) \(padding) \(dilation) \(ceilMode)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("ceil-mode pooling keeps the last partial windows: known values")
    func ceilModeKnownValues() {
        let x = Tensor<Double>.arange(1, 26).reshaped(to: [1, 1, 5, 5])
        #expect(x.maxPool2d(kernel: 2, ceilMode: true).scalars == [7, 9, 10, 17, 19, 20, 22, 24, 25])
        // torch.nn.functional.avg_pool2d(x, 2, ceil_mode=True): the part past the image is not counted.
        #expect(x.avgPool2d(kernel: 2, ceilMode: true).scalars == [4, 6, 7.5, 14, 16, 17.5, 21.5, 23.5, 25])
        let ones = Tensor<Double>.ones([1, 1, 3, 3])
        #expect(ones.avgPool2d(kernel: 2, stride: 2, padding: 1).scalars == [0.25, 0.5, 0.5, 1])
        #expect(ones.avgPool2d(kernel: 2, stride: 2, padding: 1, countIncludePad: false).scalars == [1, 1, 1, 1])
    }

    @Test("max and average pooling equal PyTorch's window-by-window definition over a grid of settings")
    func matchesDefinition() {
        let x = Tensor<Double>.randomNormal(shape: [2, 3, 7, 6], seed: 1)
        let planes = x.reshaped(to: [6, 42]).scalars
        for kernel in 1...3 {
            for stride in 1...3 {
                for padding in 0...(kernel / 2) {
                    for ceilMode in [false, true] {
                        for dilation in 1...2 {
                            let pooled = x.maxPool2d(kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
                            let expected = (0..<6).flatMap { plane in
                                PoolingReference.maxPool(
                                    Array(planes[(plane * 42)..<((plane + 1) * 42)]), size: (7, 6), kernel: kernel, stride: stride,
                                    padding: padding, dilation: dilation, ceilMode: ceilMode)
                            }
                            #expect(pooled.scalars == expected, "max \(kernel) \(stride) \(padding) \(dilation) \(ceilMode)")
                        }
                        for countIncludePad in [false, true] {
                            let pooled = x.avgPool2d(
                                kernel: kernel, stride: stride, padding: padding, ceilMode: ceilMode, countIncludePad: countIncludePad)
                            let expected = (0..<6).flatMap { plane in
                                PoolingReference.avgPool(
                                    Array(planes[(plane * 42)..<((plane + 1) * 42)]), size: (7, 6), kernel: kernel, stride: stride,
                                    padding: padding, ceilMode: ceilMode, countIncludePad: countIncludePad)
                            }
                            #expect(close(pooled.scalars, expected), "avg \(kernel) \(stride) \(padding) \(ceilMode) \(countIncludePad)")
                        }
                    }
                }
            }
        }
    }

    @Test("gradients of dilated, ceil-mode max pooling and of average pooling without padding counts match finite differences")
    func gradients() {
        let x = Tensor<Double>.randomNormal(shape: [2, 2, 7, 6], seed: 2)
        let max = checkGradient(of: { $0.maxPool2d(kernel: (3, 2), stride: (2, 2), padding: (1, 1), dilation: (2, 1), ceilMode: true) }, at: x)
        #expect(max.passed, "\(max)")
        let average = checkGradient(of: { $0.avgPool2d(kernel: (3, 2), stride: (2, 2), padding: (1, 1), ceilMode: true, countIncludePad: false) }, at: x)
        #expect(average.passed, "\(average)")
        let secondMax = checkSecondOrderGradient(of: { tanh($0.maxPool2d(kernel: 3, stride: 2, padding: 1, dilation: 2, ceilMode: true)).sum() }, at: x)
        #expect(secondMax.passed, "\(secondMax)")
        let secondAverage = checkSecondOrderGradient(of: { tanh($0.avgPool2d(kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false)).sum() }, at: x)
        #expect(secondAverage.passed, "\(secondAverage)")
    }

    @Test("a dilated window that holds no image element is −∞ and passes no gradient, as PyTorch's -inf")
    func windowOfOnlyPadding() {
        // Taps at −1 and 2 of a 2-row image padded by 1: both outside.
        let x = Tensor<Double>([1, 2, 3, 4], shape: [1, 1, 2, 2], requiresGrad: true)
        let pooled = x.maxPool2d(kernel: (2, 1), stride: (1, 1), padding: (1, 0), dilation: (3, 1))
        #expect(pooled.scalars == [-.infinity, -.infinity])
        pooled.sum().backward()
        #expect(x.grad?.scalars == [0, 0, 0, 0])
    }

    @Test("average pooling, like max pooling, allows padding of at most half the kernel")
    func paddingLimit() {
        let error = raisedError { _ = Tensor<Double>.ones([1, 1, 5, 5]).avgPool2d(kernel: 2, padding: 2) }
        #expect(error?.description.contains("avgPool2d: padding (2, 2) is more than half of the kernel (2, 2)") == true)
    }
}
