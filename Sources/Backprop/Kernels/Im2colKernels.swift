/// The geometry of a 2-d sliding window over NCHW images: kernel size, stride, zero padding
/// and dilation, and the output size they give.
struct WindowGeometry: Equatable {
    let batch: Int, channels: Int, height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let strideHeight: Int, strideWidth: Int
    let paddingHeight: Int, paddingWidth: Int
    let dilationHeight: Int, dilationWidth: Int
    /// Whether a last, partial window is kept where the stride leaves rows or columns over
    /// (pooling's `ceil_mode`): such a window may reach past the padding, where it reads nothing.
    var ceilMode = false

    var outputHeight: Int {
        Self.outputSize(height, kernel: kernelHeight, stride: strideHeight, padding: paddingHeight, dilation: dilationHeight, ceilMode: ceilMode)
    }
    var outputWidth: Int {
        Self.outputSize(width, kernel: kernelWidth, stride: strideWidth, padding: paddingWidth, dilation: dilationWidth, ceilMode: ceilMode)
    }

    /// PyTorch's `pooling_output_shape` (and convolution's output size without `ceilMode`):
    /// ⌊(size + 2·padding − dilation·(kernel − 1) − 1)/stride⌋ + 1, rounded up instead in ceil
    /// mode, less the last window when it would start past the image and its left padding.
    /// The dilated window fits in the padded size (the geometry checks that first).
    static func outputSize(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool) -> Int {
        let reach = size + 2 * padding - dilation * (kernel - 1) - 1
        guard ceilMode else { return reach / stride + 1 }
        let count = reach / stride + (reach % stride == 0 ? 0 : 1) + 1
        let (lastStart, overflow) = (count - 1).multipliedReportingOverflow(by: stride)
        return overflow || lastStart >= size + padding ? count - 1 : count
    }
    /// Rows of the column matrix: one per (channel, kernel row, kernel column).
    var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the column matrix: one per (image, output row, output column).
    var positions: Int { batch * outputHeight * outputWidth }

    /// The same window over a single image of the batch.
    var oneImage: WindowGeometry { withBatch(1) }

    /// The same windows over a batch of `images` images.
    func withBatch(_ images: Int) -> WindowGeometry { with(batch: images, channels: channels) }

    /// The same windows over images of `count` channels.
    func withChannels(_ count: Int) -> WindowGeometry { with(batch: batch, channels: count) }

    /// The same windows over `batch` images of `channels` channels.
    func with(batch: Int, channels: Int) -> WindowGeometry {
        WindowGeometry(
            batch: batch, channels: channels, height: height, width: width, kernelHeight: kernelHeight, kernelWidth: kernelWidth,
            strideHeight: strideHeight, strideWidth: strideWidth, paddingHeight: paddingHeight, paddingWidth: paddingWidth,
            dilationHeight: dilationHeight, dilationWidth: dilationWidth, ceilMode: ceilMode)
    }

    /// The output columns x whose window column j reads inside the image: those with
    /// 0 ≤ x·stride + j·dilation − padding < width.
    func validColumns(kernelColumn j: Int) -> Range<Int> {
        let offset = j * dilationWidth - paddingWidth
        // At most outputWidth: with wide padding a kernel column may read padding in every window.
        let start = offset >= 0 ? 0 : Swift.min(outputWidth, (-offset + strideWidth - 1) / strideWidth)
        let end = width - 1 - offset >= 0 ? Swift.min(outputWidth, (width - 1 - offset) / strideWidth + 1) : 0
        return start..<Swift.max(start, end)
    }
}

/// im2col and its adjoint col2im, as seed 004 describes convolution: every window of the input
/// becomes a column of a matrix, so that a convolution is one matrix product. Nothing here
/// knows about tapes or gradients.
enum Im2colKernels {
    /// Writes the column matrix [patchSize, positions]: row (c, i, j), column (n, y, x) holds
    /// input[n, c, y·stride + i·dilation − padding, x·stride + j·dilation − padding], or
    /// `padding` value outside the image.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func im2col<Element: TensorElement>(
        _ input: UnsafePointer<Element>, _ geometry: WindowGeometry, padValue: Element, _ columns: UnsafeMutablePointer<Element>
    ) {
        let g = geometry
        let outputHeight = g.outputHeight, outputWidth = g.outputWidth
        if g.strideHeight == 1 && g.strideWidth == 1 && outputWidth == g.width {
            return im2colShifted(input, geometry, padValue: padValue, columns)
        }
        let imageSize = g.height * g.width, outputSize = outputHeight * outputWidth
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                for j in 0..<g.kernelWidth {
                    let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * g.positions
                    let valid = g.validColumns(kernelColumn: j)
                    for n in 0..<g.batch {
                        let image = input + (n * g.channels + c) * imageSize
                        let target = row + n * outputSize
                        for y in 0..<outputHeight {
                            let sourceY = y * g.strideHeight + i * g.dilationHeight - g.paddingHeight
                            let line = target + y * outputWidth
                            guard sourceY >= 0 && sourceY < g.height else {
                                line.initialize(repeating: padValue, count: outputWidth)
                                continue
                            }
                            let source = image + sourceY * g.width + j * g.dilationWidth - g.paddingWidth
                            for x in 0..<valid.lowerBound { line[x] = padValue }
                            if g.strideWidth == 1 {
                                for x in valid { line[x] = source[x] }
                            } else {
                                for x in valid { line[x] = source[x * g.strideWidth] }
                            }
                            for x in valid.upperBound..<outputWidth { line[x] = padValue }
                        }
                    }
                }
            }
        }
    }

    /// `im2col` for stride 1 and an output as wide as the input (a "same" convolution): each
    /// row of an image's columns is then the image shifted by the window's offset, one
    /// contiguous copy, after which the entries that wrapped around a line's edge are reset to
    /// the padding. Per-line loops of 14 or 28 elements cost more than the copying itself.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func im2colShifted<Element: TensorElement>(
        _ input: UnsafePointer<Element>, _ geometry: WindowGeometry, padValue: Element, _ columns: UnsafeMutablePointer<Element>
    ) {
        let g = geometry
        let width = g.width, imageSize = g.height * width, outputHeight = g.outputHeight, outputSize = outputHeight * width
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                let rowShift = i * g.dilationHeight - g.paddingHeight
                // The output lines whose window row lies inside the image.
                let firstLine = Swift.max(0, -rowShift), endLine = Swift.max(firstLine, Swift.min(outputHeight, g.height - rowShift))
                for j in 0..<g.kernelWidth {
                    let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * g.positions
                    let valid = g.validColumns(kernelColumn: j)
                    let shift = rowShift * width + j * g.dilationWidth - g.paddingWidth
                    // Output t reads image[t + shift]; only the t landing inside the image are copied.
                    let start = Swift.min(Swift.max(firstLine * width, -shift), endLine * width)
                    let end = Swift.max(start, Swift.min(endLine * width, imageSize - shift))
                    for n in 0..<g.batch {
                        let image = input + (n * g.channels + c) * imageSize
                        let target = row + n * outputSize
                        target.update(repeating: padValue, count: start)
                        (target + start).update(from: image + start + shift, count: end - start)
                        (target + end).update(repeating: padValue, count: outputSize - end)
                        guard valid.lowerBound > 0 || valid.upperBound < width else { continue }
                        for y in firstLine..<endLine {
                            let line = target + y * width
                            for x in 0..<valid.lowerBound { line[x] = padValue }
                            for x in valid.upperBound..<width { line[x] = padValue }
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds every entry of the column matrix back into the input
    /// position it was read from (padding positions are dropped). `image` is overwritten.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func col2im<Element: TensorElement>(
        _ columns: UnsafePointer<Element>, _ geometry: WindowGeometry, _ image: UnsafeMutablePointer<Element>
    ) {
        let g = geometry
        let outputHeight = g.outputHeight, outputWidth = g.outputWidth
        let imageSize = g.height * g.width, outputSize = outputHeight * outputWidth
        image.initialize(repeating: 0, count: g.batch * g.channels * imageSize)
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                for j in 0..<g.kernelWidth {
                    let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * g.positions
                    let valid = g.validColumns(kernelColumn: j)
                    for n in 0..<g.batch {
                        let target = image + (n * g.channels + c) * imageSize
                        let source = row + n * outputSize
                        for y in 0..<outputHeight {
                            let targetY = y * g.strideHeight + i * g.dilationHeight - g.paddingHeight
                            guard targetY >= 0 && targetY < g.height else { continue }
                            let line = target + targetY * g.width + j * g.dilationWidth - g.paddingWidth
                            let values = source + y * outputWidth
                            if g.strideWidth == 1 {
                                for x in valid { line[x] += values[x] }
                            } else {
                                for x in valid { line[x * g.strideWidth] += values[x] }
                            }
                        }
                    }
                }
            }
        }
    }
}
