import Testing
@testable import Backprop

/// Convolution by its definition: six nested loops over output and window positions.
private func directConvolution(
    _ input: Tensor<Double>, _ filter: Tensor<Double>, bias: [Double]?, stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
) -> (values: [Double], shape: [Int]) {
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (f, kh, kw) = (filter.shape[0], filter.shape[2], filter.shape[3])
    let oh = (h + 2 * padding.0 - dilation.0 * (kh - 1) - 1) / stride.0 + 1
    let ow = (w + 2 * padding.1 - dilation.1 * (kw - 1) - 1) / stride.1 + 1
    let x = input.scalars, k = filter.scalars
    var out = [Double](repeating: 0, count: n * f * oh * ow)
    for image in 0..<n {
        for output in 0..<f {
            for y in 0..<oh {
                for xPosition in 0..<ow {
                    var sum = bias?[output] ?? 0
                    for channel in 0..<c {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let row = y * stride.0 + i * dilation.0 - padding.0
                                let column = xPosition * stride.1 + j * dilation.1 - padding.1
                                guard row >= 0, row < h, column >= 0, column < w else { continue }
                                sum += x[((image * c + channel) * h + row) * w + column] * k[((output * c + channel) * kh + i) * kw + j]
                            }
                        }
                    }
                    out[((image * f + output) * oh + y) * ow + xPosition] = sum
                }
            }
        }
    }
    return (out, [n, f, oh, ow])
}

@Suite("Convolution as im2col + matmul, and pooling")
struct ConvolutionTests {
    @Test("conv2d equals the direct six-loop convolution for a grid of strides, paddings and dilations")
    func matchesDirectConvolution() {
        let input = Tensor<Double>.randomNormal(shape: [2, 3, 9, 8], seed: 1)
        let bias = Tensor<Double>.randomNormal(shape: [4], seed: 3)
        // 3×3 and 5×3 kernels with stride 1 and padding (dilation) keep the width: the shifted-copy im2col.
        for (kernel, seed) in [((3, 2), 2), ((3, 3), 13), ((5, 3), 14)] as [((Int, Int), UInt64)] {
            let filter = Tensor<Double>.randomNormal(shape: [4, 3, kernel.0, kernel.1], seed: seed)
            for stride in [(1, 1), (2, 1), (3, 2)] {
                for padding in [(0, 0), (1, 1), (2, 1), (2, 2)] {
                    for dilation in [(1, 1), (2, 1), (2, 2)] where (9 + 2 * padding.0 - dilation.0 * (kernel.0 - 1)) > 0 {
                        let result = conv2d(input, filter, bias: bias, stride: stride, padding: padding, dilation: dilation)
                        let expected = directConvolution(input, filter, bias: bias.scalars, stride: stride, padding: padding, dilation: dilation)
                        #expect(result.shape == expected.shape)
                        let error = zip(result.scalars, expected.values).map { Swift.abs($0 - $1) }.max() ?? 0
                        #expect(error < 1e-10, "kernel \(kernel) stride \(stride) padding \(padding) dilation \(dilation): error \(error)")
                    }
                }
            }
        }
    }

    @Test("a convolution with more than 256 column-matrix rows (products in several blocks of depth) equals the direct one, in values and all gradients")
    func deepPatches() {
        // 33 channels of 3×3 windows: 297 rows, read in place from the padded image in two blocks;
        // 11 filters: a whole tile of filters and a partial one.
        let input = Tensor<Double>.randomNormal(shape: [2, 33, 5, 6], seed: 23)
        let filter = Tensor<Double>.randomNormal(shape: [11, 33, 3, 3], seed: 24)
        let result = conv2d(input, filter, padding: 1)
        let expected = directConvolution(input, filter, bias: nil, stride: (1, 1), padding: (1, 1), dilation: (1, 1))
        #expect(result.shape == expected.shape)
        #expect(zip(result.scalars, expected.values).allSatisfy { Swift.abs($0 - $1) < 1e-10 })
        let weights = Tensor<Double>.randomNormal(shape: result.shape, seed: 25)
        let direct = gradient(at: input, filter) { x, w in (conv2d(x, w, padding: 1) * weights).sum() }
        let unfolded = gradient(at: input, filter) { x, w in
            let product = matmul(w.reshaped(to: [11, 297]), x.unfolded(kernel: (3, 3), padding: (1, 1)))
            return (product.reshaped(to: result.shape) * weights).sum()
        }
        #expect(zip(direct.0.scalars, unfolded.0.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-10 })
        #expect(zip(direct.1.scalars, unfolded.1.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-10 })
    }

    @Test("conv2d gradients for input, filter and bias match finite differences")
    func convolutionGradients() {
        for (stride, padding, dilation) in [(1, 1, 1), (2, 0, 1), (1, 2, 2)] {
            let report = checkGradient(
                of: { conv2d($0[0], $0[1], bias: $0[2], stride: stride, padding: padding, dilation: dilation) },
                at: [.randomNormal(shape: [2, 2, 6, 5], seed: 4), .randomNormal(shape: [3, 2, 3, 3], seed: 5), .randomNormal(shape: [3], seed: 6)])
            #expect(report.passed, "stride \(stride) padding \(padding) dilation \(dilation): \(report)")
        }
    }

    @Test("a stride-1 input gradient, computed as a convolution with flipped filters, equals col2im(Wᵀ·δ) for a grid of kernels, paddings and dilations")
    func stride1InputGradientIsFlippedConvolution() {
        let input = Tensor<Double>.randomNormal(shape: [2, 3, 9, 8], seed: 18)
        for (kernel, seed) in [((3, 2), 19), ((3, 3), 20), ((5, 3), 21)] as [((Int, Int), UInt64)] {
            let filter = Tensor<Double>.randomNormal(shape: [4, 3, kernel.0, kernel.1], seed: seed)
            for padding in [(0, 0), (1, 1), (2, 1), (2, 2), (4, 3)] {
                for dilation in [(1, 1), (2, 1), (2, 2)] where (9 + 2 * padding.0 - dilation.0 * (kernel.0 - 1)) > 0 {
                    let outputShape = conv2d(input, filter, stride: (1, 1), padding: padding, dilation: dilation).shape
                    let weights = Tensor<Double>.randomNormal(shape: outputShape, seed: 22)
                    let direct = gradient(at: input) { x in (conv2d(x, filter, stride: (1, 1), padding: padding, dilation: dilation) * weights).sum() }
                    let unfolded = gradient(at: input) { x in
                        let columns = x.unfolded(kernel: kernel, padding: padding, dilation: dilation)
                        return (matmul(filter.reshaped(to: [4, -1]), columns).reshaped(to: outputShape) * weights).sum()
                    }
                    let error = zip(direct.scalars, unfolded.scalars).map { Swift.abs($0 - $1) }.max() ?? .infinity
                    #expect(error < 1e-10, "kernel \(kernel) padding \(padding) dilation \(dilation): error \(error)")
                }
            }
        }
    }

    @Test("the gradients of conv2d are differentiable again: second derivatives in images, filters and bias jointly")
    func secondOrderGradients() {
        // One vector holds the images, the filters and the bias, so the mixed second derivatives are checked too.
        for (stride, padding, dilation) in [(1, 1, 1), (2, 1, 1), (1, 0, 2)] {
            let report = checkSecondOrderGradient(of: { p in
                let x = p[0..<100].reshaped(to: [2, 2, 5, 5]), w = p[100..<154].reshaped(to: [3, 2, 3, 3]), b = p[154..<157]
                return tanh(conv2d(x, w, bias: b, stride: stride, padding: padding, dilation: dilation)).sum()
            }, at: .randomNormal(shape: [157], seed: 9))
            #expect(report.passed, "stride \(stride) padding \(padding) dilation \(dilation): \(report)")
        }
    }

    @Test("a batch split between two threads gives what the unfolded product gives, in values and gradients")
    func batchSplitBetweenThreads() {
        // 5 images of 8×14×14 and 16 filters of 8×3×3: enough work for two threads, an odd split.
        let images = Tensor<Double>.randomNormal(shape: [5, 8, 14, 14], seed: 10)
        let filters = Tensor<Double>.randomNormal(shape: [16, 8, 3, 3], seed: 11)
        let weights = Tensor<Double>.randomNormal(shape: [5, 16, 7, 7], seed: 12)
        let direct = gradient(at: images, filters) { x, w in (conv2d(x, w, stride: 2, padding: 1) * weights).sum() }
        let unfolded = gradient(at: images, filters) { x, w in
            let product = matmul(w.reshaped(to: [16, 72]), x.unfolded(kernel: (3, 3), stride: (2, 2), padding: (1, 1)))
            return (product.reshaped(to: [5, 16, 7, 7]) * weights).sum()
        }
        let values = conv2d(images, filters, stride: 2, padding: 1).scalars
        let expected = matmul(filters.reshaped(to: [16, 72]), images.unfolded(kernel: (3, 3), stride: (2, 2), padding: (1, 1))).scalars
        func largestDifference(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { Swift.abs($0 - $1) }.max() ?? .infinity }
        #expect(largestDifference(values, expected) < 1e-10)
        #expect(largestDifference(direct.0.scalars, unfolded.0.scalars) < 1e-10)
        #expect(largestDifference(direct.1.scalars, unfolded.1.scalars) < 1e-10)
    }

    @Test("a non-contiguous input (a transposed tensor) convolves and differentiates")
    func nonContiguousInput() {
        let report = checkGradient(
            of: { conv2d($0[0].permuted(0, 1, 3, 2), $0[1], padding: 1) },
            at: [.randomNormal(shape: [1, 2, 5, 4], seed: 7), .randomNormal(shape: [2, 2, 3, 3], seed: 8)])
        #expect(report.passed, "\(report)")
    }

    @Test("im2col and col2im are adjoint: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩")
    func im2colAdjoint() {
        let x = Tensor<Double>.randomNormal(shape: [2, 3, 7, 6], seed: 9)
        let geometry = x.windowGeometry(operation: "test", kernel: (3, 2), stride: (2, 1), padding: (1, 1), dilation: (1, 2))!
        let columns = x.im2col(geometry)
        let y = Tensor<Double>.randomNormal(shape: columns.shape, seed: 10)
        let left = (columns * y).sum().scalar!, right = (x * y.col2im(geometry)).sum().scalar!
        #expect(Swift.abs(left - right) < 1e-10)
    }

    @Test("max and average pooling values, and their gradients")
    func pooling() {
        let x = Tensor<Double>(Array(stride(from: 1.0, through: 16, by: 1)), shape: [1, 1, 4, 4])
        #expect(x.maxPool2d(kernel: 2).scalars == [6, 8, 14, 16])
        #expect(x.avgPool2d(kernel: 2).scalars == [3.5, 5.5, 11.5, 13.5])
        #expect(x.maxPool2d(kernel: 3, stride: 1, padding: 1).shape == [1, 1, 4, 4])
        let sample = Tensor<Double>.randomNormal(shape: [2, 3, 6, 5], seed: 11)
        for (name, f) in [
            ("max 2", { (t: Tensor<Double>) in t.maxPool2d(kernel: 2) }),
            ("max 3 stride 2 padding 1", { $0.maxPool2d(kernel: 3, stride: 2, padding: 1) }),
            ("avg 2", { $0.avgPool2d(kernel: 2) }),
            ("avg (2, 3) padding (1, 0)", { $0.avgPool2d(kernel: (2, 3), stride: (1, 2), padding: (1, 0)) }),
        ] as [(String, (Tensor<Double>) -> Tensor<Double>)] {
            let report = checkGradient(of: f, at: sample)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("the fused max pool equals im2col followed by max, in values and gradients")
    func fusedMaxPoolMatchesComposite() {
        // 2×2 windows over 14 or 22 columns: rows of 7 or 11 windows, pooled four at a time with
        // an overlapping last group.
        for (height, width, kernel, stride, padding) in [
            (7, 6, (2, 2), (2, 2), (0, 0)), (7, 6, (3, 2), (2, 1), (1, 1)), (7, 6, (3, 3), (1, 1), (1, 0)),
            (9, 14, (2, 2), (2, 2), (0, 0)), (4, 22, (2, 2), (2, 2), (0, 0)),
        ] {
            let x = Tensor<Double>.randomNormal(shape: [2, 3, height, width], seed: 12)
            let geometry = x.windowGeometry(operation: "test", kernel: kernel, stride: stride, padding: padding, dilation: (1, 1))!
            func composite(_ input: Tensor<Double>) -> Tensor<Double> {
                let planes = WindowGeometry(
                    batch: 6, channels: 1, height: height, width: width, kernelHeight: kernel.0, kernelWidth: kernel.1,
                    strideHeight: stride.0, strideWidth: stride.1, paddingHeight: padding.0, paddingWidth: padding.1,
                    dilationHeight: 1, dilationWidth: 1)
                let windows = input.reshaped(to: [6, 1, height, width]).im2col(planes, padValue: -.infinity)
                return windows.max(alongAxes: [0]).reshaped(to: [2, 3, geometry.outputHeight, geometry.outputWidth])
            }
            let fusedInput = x.requiringGrad(), compositeInput = x.requiringGrad()
            let fused = fusedInput.maxPool2d(kernel: kernel, stride: stride, padding: padding)
            let reference = composite(compositeInput)
            #expect(fused.scalars == reference.scalars)
            let seed = Tensor<Double>.randomNormal(shape: fused.shape, seed: 13)
            fused.backward(seed: seed)
            reference.backward(seed: seed)
            #expect(close(fusedInput.grad!.scalars, compositeInput.grad!.scalars))
        }
    }

    @Test("max pooling's gradient (a scatter to the switches) and its gradient (a gather) are each other's derivatives")
    func maxPoolSwitches() {
        for (shape, kernel, stride, padding) in [([2, 3, 6, 8], 2, 2, 0), ([2, 3, 7, 5], 2, 2, 0), ([1, 2, 7, 6], 3, 2, 1)] {
            let x = Tensor<Double>.randomNormal(shape: shape, seed: 14)
            let geometry = x.windowGeometry(operation: "test", kernel: (kernel, kernel), stride: (stride, stride),
                                            padding: (padding, padding), dilation: (1, 1))!
            let switches = PoolSwitches(geometry)
            let pooled = withoutRecording { x.maxPool2d(kernel: kernel, stride: stride, padding: padding) }
            switches.positions = withoutRecording {
                (0..<pooled.count).map { window in
                    let plane = window / (geometry.outputHeight * geometry.outputWidth)
                    let image = Array(x.scalars[(plane * geometry.height * geometry.width)...])
                    return Int32(image.firstIndex(of: pooled.scalars[window])!)
                }
            }
            #expect(x.gatheredAtSwitches(switches).scalars == pooled.scalars)
            let unpool = checkGradient(of: { $0.maxUnpooled(switches) }, at: .randomNormal(shape: pooled.shape, seed: 15))
            let gather = checkGradient(of: { $0.gatheredAtSwitches(switches) }, at: .randomNormal(shape: shape, seed: 16))
            #expect(unpool.passed && gather.passed, "\(shape): \(unpool) \(gather)")
            let weights = Tensor<Double>.randomNormal(shape: pooled.shape, seed: 17)
            let second = checkSecondOrderGradient(
                of: { x in
                    let pooled = x.maxPool2d(kernel: kernel, stride: stride, padding: padding)
                    return (pooled * pooled * weights).sum()
                }, at: x)
            #expect(second.passed, "\(shape): \(second)")
        }
    }

    @Test("in a max pool a NaN wins, as in NumPy, an infinity is the maximum, and a tie goes to the first element")
    func maxPoolSpecialValues() {
        // 3 windows a row take the scalar path; 4, 8 and 9 the four-at-a-time one (9 with an overlap).
        for width in [6, 8, 16, 18] {
            var values = [Float](repeating: 1, count: 2 * width)
            values[2] = .nan                  // window 1, upper left
            values[width - 1] = 3             // the last window, upper right
            values[2 * width - 1] = 3         // the last window, lower right: a tie
            if width >= 8 { values[width + 5] = .infinity }   // window 2, lower right
            let x = Tensor<Float>(values, shape: [1, 1, 2, width]).requiringGrad()
            let pooled = x.maxPool2d(kernel: 2)
            #expect(pooled.scalars[1].isNaN && pooled.scalars[width / 2 - 1] == 3, "width \(width)")
            #expect(width < 8 || pooled.scalars[2] == .infinity, "width \(width)")
            pooled.sum().backward()
            let hits = x.grad!.scalars.indices.filter { x.grad!.scalars[$0] == 1 }
            #expect(hits.contains(2) && hits.contains(width - 1) && !hits.contains(2 * width - 1), "width \(width): gradient at \(hits)")
            #expect(width < 8 || hits.contains(width + 5), "width \(width): gradient at \(hits)")
            #expect(hits.count == width / 2, "width \(width): one element per window")
        }
    }

    @Test("an empty batch, and images of no channels, pool and convolve to empty or zero results with gradients")
    func emptyInputs() {
        let noImages = Tensor<Double>.zeros([0, 2, 4, 4]).requiringGrad()
        let pooled = noImages.maxPool2d(kernel: 2)
        #expect(pooled.shape == [0, 2, 2, 2])
        pooled.sum().backward()
        #expect(noImages.grad?.shape == [0, 2, 4, 4])
        let noChannels = Tensor<Double>.zeros([2, 0, 4, 4]).requiringGrad()
        let filter = Tensor<Double>.zeros([3, 0, 3, 3]).requiringGrad()
        let convolved = conv2d(noChannels, filter, padding: 1)
        #expect(convolved.shape == [2, 3, 4, 4] && convolved.scalars.allSatisfy { $0 == 0 })
        convolved.sum().backward()
        #expect(noChannels.grad?.shape == [2, 0, 4, 4] && filter.grad?.shape == [3, 0, 3, 3])
    }

    @Test("mismatched channels, bad settings and windows that do not fit are errors")
    func misuse() {
        let images = Tensor<Double>.zeros([1, 3, 5, 5])
        #expect(raisedError { _ = conv2d(images, .zeros([2, 4, 3, 3])) }?.description.contains("the same C") == true)
        #expect(raisedError { _ = conv2d(images, .zeros([2, 3, 3, 3]), stride: 0) }?.kind == .invalidArgument)
        #expect(raisedError { _ = conv2d(images, .zeros([2, 3, 7, 7])) }?.description.contains("does not fit images of 5×5") == true)
        #expect(raisedError { _ = conv2d(images, .zeros([2, 3, 3, 3]), bias: .zeros([3])) }?.description.contains("there are 2 filters") == true)
        #expect(raisedError { _ = Tensor<Double>.zeros([3, 5, 5]).maxPool2d(kernel: 2) }?.description.contains("[N, C, H, W]") == true)
        #expect(raisedError { _ = images.maxPool2d(kernel: 2, padding: 2) }?.description.contains("at most half") == true)
    }
}
