import Testing
@testable import Backprop

@Suite("One geometry decides whether a window fits, for convolution, pooling, unfolding and folding")
struct WindowGeometryTests {
    /// Every operation that slides a window over images, as a function of the kernel side,
    /// stride, padding and dilation over 1×1×3×3 ones.
    static let windowOperations: [(name: String, apply: @Sendable (Int, Int, Int, Int) -> Tensor<Double>)] = [
        ("conv2d", { kernel, stride, padding, dilation in
            conv2d(.ones([1, 1, 3, 3]), .ones([1, 1, kernel, kernel]), stride: stride, padding: padding, dilation: dilation)
        }),
        ("maxPool2d", { kernel, stride, padding, _ in Tensor<Double>.ones([1, 1, 3, 3]).maxPool2d(kernel: kernel, stride: stride, padding: padding) }),
        ("avgPool2d", { kernel, stride, padding, _ in Tensor<Double>.ones([1, 1, 3, 3]).avgPool2d(kernel: kernel, stride: stride, padding: padding) }),
        ("unfolded", { kernel, stride, padding, dilation in
            Tensor<Double>.ones([1, 1, 3, 3]).unfolded(
                kernel: (kernel, kernel), stride: (stride, stride), padding: (padding, padding), dilation: (dilation, dilation))
        }),
    ]

    @Test("a window larger than the padded image is an error at every stride, as PyTorch's 'output size is too small'",
          arguments: 1...5)
    func windowLargerThanImage(stride: Int) {
        for (name, apply) in Self.windowOperations {
            let error = raisedError { _ = apply(4, stride, 0, 1) }
            #expect(error?.kind == .shapeMismatch, "\(name) stride \(stride)")
            #expect(error?.description.hasPrefix("\(name)") == true)
            #expect(error?.description.contains("output size is too small: a 4×4 window does not fit images of 3×3") == true)
        }
        // Dilation spreads a window: 2×2 dilated by 3 spans 4×4.
        #expect(raisedError { _ = conv2d(Tensor<Double>.ones([1, 1, 3, 3]), .ones([1, 1, 2, 2]), stride: stride, dilation: 3) }?
            .description.contains("(4×4 dilated by (3, 3))") == true)
    }

    @Test("a window exactly the size of the padded image fits, giving one output position", arguments: 1...5)
    func windowExactlyFits(stride: Int) {
        for (name, apply) in Self.windowOperations {
            let padding = name.hasSuffix("Pool2d") ? 2 : 1   // pooling allows padding up to half the kernel
            let kernel = 3 + 2 * padding
            var result: Tensor<Double>?
            #expect(raisedError { result = apply(kernel, stride, padding, 1) } == nil, "\(name)")
            #expect(result?.shape.last == 1, "\(name)")
            // The one window covers the nine ones of the image and padding (zeros; −∞ for the max).
            let expected: Double = switch name {
            case "maxPool2d": 1
            case "avgPool2d": 9 / Double(kernel * kernel)
            default: 9
            }
            #expect(result?.sum().scalar == expected, "\(name)")
        }
        #expect(conv2d(Tensor<Double>.ones([1, 1, 3, 3]), .ones([1, 1, 2, 2]), stride: stride, dilation: 2).shape == [1, 1, 1, 1])
    }

    @Test("settings whose padded image or dilated window overflow Int are an error, not a trap")
    func overflowingSettings() {
        let image = Tensor<Float>.ones([1, 1, 3, 3]), filter = Tensor<Float>.ones([1, 1, 3, 3])
        for error in [
            raisedError { _ = conv2d(image, filter, padding: Int.max / 2 + 1) },
            raisedError { _ = conv2d(image, filter, dilation: Int.max) },
            raisedError { _ = image.maxPool2d(kernel: 2, padding: Int.max) },
        ] {
            #expect(error?.kind == .tooLarge)
            #expect(error?.description.contains("beyond Int.max") == true)
        }
        #expect(raisedError { _ = conv2d(image, filter, padding: 1 << 20) }?.description.contains("needs 16.0 TiB") == true)
    }

    @Test("folding into a negative image size or with a kernel whose area overflows is an error")
    func foldingMisuse() {
        let columns = Tensor<Float>.ones([1, 4, 1])
        #expect(raisedError { _ = columns.folded(imageSize: (-3, 3), kernel: (2, 2)) }?.description.contains("the image size (-3, 3) is negative") == true)
        #expect(raisedError { _ = columns.folded(imageSize: (3, 3), kernel: (Int.max, 2)) }?.kind == .shapeMismatch)
    }
}
