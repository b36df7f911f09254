/// Convolution as im2col + matrix product, one image at a time: the columns of one image
/// ([C·KH·KW, OH·OW], tens of kilobytes) are built, used and dropped while they are still in
/// the cache, and each product writes its image's result straight into NCHW order, so no
/// column matrix of the whole batch and no transposed copy is ever made. With stride 1 the
/// columns are not even copied: the products read them as shifted views of the zero-padded
/// image (`PaddedImageColumns`). Images are split between two threads. Nothing here knows
/// about tapes or gradients.
enum ConvolutionKernels {
    /// y[n] = W[F, K]·im2col(x[n]) (+ bias[f] on row f): the forward convolution.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func forward<Element: TensorElement>(
        _ x: UnsafePointer<Element>, _ filter: UnsafePointer<Element>, bias: UnsafePointer<Element>?,
        _ geometry: WindowGeometry, filters: Int, _ y: UnsafeMutablePointer<Element>
    ) {
        let image = geometry.oneImage, patch = geometry.patchSize, positions = image.positions
        let inputSize = geometry.channels * geometry.height * geometry.width
        if let columns = PaddedImageColumns<Element>(image) {
            // Stride 1: the product reads the padded image in place, into rows of WP columns.
            let wide = filters * columns.columnCount
            let scratch = columns.bufferCount + wide + PaddedImageColumns<Element>.scratchCount
            forEachImage(geometry, filters: filters, scratch: scratch) { (n: Int, buffer: UnsafeMutablePointer<Element>) in
                let padded = buffer, product = buffer + columns.bufferCount
                columns.pad(x + n * inputSize, into: padded)
                columns.multiply(filter: filter, filters: filters, padded: padded, scratch: product + wide, into: product)
                let output = y + n * filters * positions
                for f in 0..<filters {
                    for row in 0..<geometry.outputHeight {
                        let source = product + f * columns.columnCount + row * columns.paddedWidth
                        let target = output + f * positions + row * geometry.outputWidth
                        if let bias {
                            let value = bias[f]
                            for x in 0..<geometry.outputWidth { target[x] = source[x] + value }
                        } else {
                            target.update(from: source, count: geometry.outputWidth)
                        }
                    }
                }
            }
            return
        }
        forEachImage(geometry, filters: filters, scratch: patch * positions) { n, columns in
            Im2colKernels.im2col(x + n * inputSize, image, padValue: 0, columns)
            let output = y + n * filters * positions
            MatmulKernels.multiply(filter, transposeA: false, columns, transposeB: false, output, m: filters, n: positions, k: patch)
            guard let bias else { return }
            for f in 0..<filters {
                let row = output + f * positions, value = bias[f]
                for p in 0..<positions { row[p] += value }
            }
        }
    }

    /// dx[n] = col2im(Wᵀ·g[n]): the gradient of the convolution with respect to its input
    /// (a transposed convolution of `g` [N, F, OH, OW] with the filters).
    ///
    /// With stride 1 the transposed convolution is an ordinary one, of `g` with the filters
    /// flipped in space and with their two channel axes swapped, padded by
    /// dilation·(kernel − 1) − padding: its product (channels × filters·KH·KW × positions) has a
    /// deep inner dimension and writes dx in place, where Wᵀ·g[n] has only `filters` steps to
    /// share the cost of its stores and leaves a column matrix for col2im to scatter.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func inputGradient<Element: TensorElement>(
        _ g: UnsafePointer<Element>, _ filter: UnsafePointer<Element>,
        _ geometry: WindowGeometry, filters: Int, _ dx: UnsafeMutablePointer<Element>
    ) {
        if let transposed = geometry.transposedAsConvolution(filters: filters) {
            let kernelSize = geometry.kernelHeight * geometry.kernelWidth
            let flipped = UnsafeMutablePointer<Element>.allocate(capacity: filters * geometry.channels * kernelSize)
            defer { flipped.deallocate() }
            for f in 0..<filters {
                for c in 0..<geometry.channels {
                    let source = filter + (f * geometry.channels + c) * kernelSize
                    let target = flipped + (c * filters + f) * kernelSize
                    for tap in 0..<kernelSize { target[tap] = source[kernelSize - 1 - tap] }
                }
            }
            return forward(g, flipped, bias: nil, transposed, filters: geometry.channels, dx)
        }
        let image = geometry.oneImage, patch = geometry.patchSize, positions = image.positions
        let inputSize = geometry.channels * geometry.height * geometry.width
        forEachImage(geometry, filters: filters, scratch: patch * positions) { n, columns in
            MatmulKernels.multiply(
                filter, transposeA: true, g + n * filters * positions, transposeB: false, columns, m: patch, n: positions, k: filters)
            Im2colKernels.col2im(columns, image, dx + n * inputSize)
        }
    }

    /// dW = Σₙ g[n]·im2col(x[n])ᵀ: the gradient of the convolution with respect to its filters,
    /// [F, C·KH·KW]. Each thread sums its images into its own part; the parts are added at the end.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    static func filterGradient<Element: TensorElement>(
        _ x: UnsafePointer<Element>, _ g: UnsafePointer<Element>,
        _ geometry: WindowGeometry, filters: Int, _ dw: UnsafeMutablePointer<Element>
    ) {
        let image = geometry.oneImage, patch = geometry.patchSize, positions = image.positions
        let inputSize = geometry.channels * geometry.height * geometry.width
        let size = filters * patch
        let parts: [UnsafeMutablePointer<Element>]
        if let columns = PaddedImageColumns<Element>(image) {
            // Stride 1: dot products of g's rows, spread over rows of WP columns with zeros in the
            // dropped ones, with the rows of the column matrix read in place from the padded image.
            // Per part: the running sum, then the padded image and the spread gradient.
            let wide = filters * columns.columnCount, sumCount = (size + 15) / 16 * 16
            parts = forEachImage(geometry, filters: filters, scratch: sumCount + columns.bufferCount + wide, keepingScratch: true) {
                (n: Int, buffer: UnsafeMutablePointer<Element>) in
                let padded = buffer + sumCount, spread = padded + columns.bufferCount
                columns.pad(x + n * inputSize, into: padded)
                columns.spread(g + n * filters * positions, filters: filters, into: spread)
                columns.rowOffsets.withUnsafeBufferPointer { offsets in
                    guard let offsets = offsets.baseAddress else { return }   // images of no channels
                    Tiling<Element>.dotProducts(
                        columns.columnCount, spread, columns.columnCount, padded, offsets, buffer, patch,
                        m: filters, n: patch, accumulate: true)
                }
            }
        } else {
            // Per part: the running sum, one image's product and its columns.
            parts = forEachImage(geometry, filters: filters, scratch: 2 * size + patch * positions, keepingScratch: true) {
                (n: Int, buffer: UnsafeMutablePointer<Element>) in
                let product = buffer + size, columns = product + size
                Im2colKernels.im2col(x + n * inputSize, image, padValue: 0, columns)
                MatmulKernels.multiply(
                    g + n * filters * positions, transposeA: false, columns, transposeB: true, product, m: filters, n: patch, k: positions)
                for i in 0..<size { buffer[i] += product[i] }
            }
        }
        dw.initialize(repeating: 0, count: size)
        for sum in parts {
            for i in 0..<size { dw[i] += sum[i] }
            UnsafeMutableRawPointer(sum).deallocate()
        }
    }

    /// Runs `body(n, scratch)` for every image n, the images split between two threads when the
    /// batch is worth it, each thread with its own scratch of `scratch` elements (zeroed). Returns
    /// the scratch buffers, for the caller to read and free, when `keepingScratch`.
    @discardableResult
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    private static func forEachImage<Element: TensorElement>(
        _ geometry: WindowGeometry, filters: Int, scratch: Int, keepingScratch: Bool = false,
        _ body: (Int, UnsafeMutablePointer<Element>) -> Void
    ) -> [UnsafeMutablePointer<Element>] {
        let batch = geometry.batch
        let work = batch * filters * geometry.patchSize * geometry.oneImage.positions
        let parts = batch >= 2 && work >= 1 << 20 && ProcessInfoCores.count >= 2 ? 2 : 1
        let buffers = (0..<parts).map { _ in
            // On a cache line: the kernels' vector loads of the buffer's start then never split one.
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(scratch, 1) * MemoryLayout<Element>.stride, alignment: 64)
                .bindMemory(to: Element.self, capacity: Swift.max(scratch, 1))
            buffer.initialize(repeating: 0, count: Swift.max(scratch, 1))
            return buffer
        }
        TwoThreads.split(0..<batch, worthIt: parts == 2) { part, images in
            for n in images { body(n, buffers[part]) }
        }
        guard keepingScratch else {
            for buffer in buffers { UnsafeMutableRawPointer(buffer).deallocate() }
            return []
        }
        return buffers
    }
}

extension WindowGeometry {
    /// For stride 1, the windows of the convolution whose result is this one's transposed
    /// convolution: over the [N, filters, OH, OW] gradient, padded by dilation·(kernel − 1) −
    /// padding, giving [N, channels, H, W]. Nil for other strides, or padding beyond the kernel.
    func transposedAsConvolution(filters: Int) -> WindowGeometry? {
        let paddingHeight = dilationHeight * (kernelHeight - 1) - self.paddingHeight
        let paddingWidth = dilationWidth * (kernelWidth - 1) - self.paddingWidth
        guard strideHeight == 1, strideWidth == 1, paddingHeight >= 0, paddingWidth >= 0 else { return nil }
        let transposed = WindowGeometry(
            batch: batch, channels: filters, height: outputHeight, width: outputWidth,
            kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideHeight: 1, strideWidth: 1,
            paddingHeight: paddingHeight, paddingWidth: paddingWidth, dilationHeight: dilationHeight, dilationWidth: dilationWidth)
        return transposed.outputHeight == height && transposed.outputWidth == width ? transposed : nil
    }
}
