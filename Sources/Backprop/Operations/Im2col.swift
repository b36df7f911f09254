extension Tensor {
    /// The column matrix of a batch of NCHW images: shape [C·KH·KW, N·OH·OW], one column per
    /// window position (image, output row, output column) holding the window's values, channel
    /// by channel, kernel row by kernel row. Positions outside the image read `padValue`.
    /// Its gradient is col2im, which adds each column back where it was read.
    func im2col(_ geometry: WindowGeometry, padValue: Element = 0) -> Tensor {
        let value = Tensor.computed(shape: [geometry.patchSize, geometry.positions]) {
            Im2colKernels.im2col(storage.base, geometry, padValue: padValue, $0)
        }
        return Tensor.record(.im2col, value, inputs: [self], batching: .rules([{ g, _, _ in g.stackedCol2im(geometry) }]), { g, _, _ in
            g.col2im(geometry)
        })
    }

    /// The adjoint of `im2col`: the images [N, C, H, W] whose every window position receives the
    /// sum of the column entries read from it. Its gradient is im2col.
    func col2im(_ geometry: WindowGeometry) -> Tensor {
        let value = Tensor.computed(shape: [geometry.batch, geometry.channels, geometry.height, geometry.width]) {
            Im2colKernels.col2im(storage.base, geometry, $0)
        }
        return Tensor.record(.col2im, value, inputs: [self], batching: .rules([{ g, _, _ in g.stackedIm2col(geometry) }]), { g, _, _ in
            g.im2col(geometry)
        })
    }

    /// col2im of each item of a stack [K, C·KH·KW, N·OH·OW] of column matrices: one col2im of
    /// K·N images, the stack's items becoming the outer part of the batch. The batched rule of im2col.
    func stackedCol2im(_ geometry: WindowGeometry) -> Tensor {
        let items = shape[0], images = geometry.batch * items
        return reshaped(to: [items, geometry.patchSize, geometry.batch, geometry.outputHeight * geometry.outputWidth])
            .permuted(1, 0, 2, 3)
            .reshaped(to: [geometry.patchSize, images * geometry.outputHeight * geometry.outputWidth])
            .col2im(geometry.withBatch(images))
            .reshaped(to: [items] + geometry.imageShape)
    }

    /// im2col of each item of a stack [K, N, C, H, W] of images: the batched rule of col2im.
    func stackedIm2col(_ geometry: WindowGeometry) -> Tensor {
        let items = shape[0], images = geometry.batch * items
        return reshaped(to: [images, geometry.channels, geometry.height, geometry.width])
            .im2col(geometry.withBatch(images))
            .reshaped(to: [geometry.patchSize, items, geometry.positions])
            .permuted(1, 0, 2)
    }

    /// The window geometry of this NCHW tensor for a kernel, or nil after raising an error
    /// naming `operation` when the shapes or settings do not fit.
    func windowGeometry(
        operation: String, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), ceilMode: Bool = false
    ) -> WindowGeometry? {
        Self.windowGeometry(
            ofImages: shape, operation: operation, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    /// The window geometry of NCHW images of shape `shape` for a kernel, or nil after raising an
    /// error naming `operation` when the shapes or settings do not fit. This one function decides
    /// for convolution, pooling, `unfolded` and `folded`: the settings must be positive (padding
    /// non-negative), the sizes must not overflow, and the dilated window must fit in the padded
    /// image, as PyTorch requires ("Output size is too small") — a window larger than the image
    /// is an error whatever the stride. `ceilMode` counts windows as pooling's `ceil_mode` does.
    static func windowGeometry(
        ofImages shape: [Int], operation: String, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int),
        ceilMode: Bool = false
    ) -> WindowGeometry? {
        guard shape.count == 4, shape.allSatisfy({ $0 >= 0 }) else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "the input has shape \(Shape.describe(shape)); it must be a batch of images [N, C, H, W]",
                fix: "Reshape a single image [C, H, W] to [1, C, H, W] with unsqueezed(at: 0)"))
            return nil
        }
        let settings = [kernel.0, kernel.1, stride.0, stride.1, dilation.0, dilation.1]
        guard settings.allSatisfy({ $0 > 0 }), padding.0 >= 0, padding.1 >= 0 else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "kernel \(kernel), stride \(stride) and dilation \(dilation) must be positive and padding \(padding) non-negative",
                fix: "Use sizes of at least 1 and padding of at least 0"))
            return nil
        }
        let padded = (Shape.checkedSum(shape[2], padding.0, padding.0), Shape.checkedSum(shape[3], padding.1, padding.1))
        let spans = (Shape.checkedProduct(dilation.0, kernel.0 - 1).flatMap { Shape.checkedSum($0, 1) },
                     Shape.checkedProduct(dilation.1, kernel.1 - 1).flatMap { Shape.checkedSum($0, 1) })
        guard let paddedHeight = padded.0, let paddedWidth = padded.1, let spanHeight = spans.0, let spanWidth = spans.1 else {
            raise(BackpropError(
                .tooLarge, operation: operation,
                problem: "kernel \(kernel), padding \(padding) and dilation \(dilation) give window or image sizes beyond Int.max",
                fix: "Use settings that fit the images: the padded image and the dilated window must be at most Int.max"))
            return nil
        }
        guard spanHeight <= paddedHeight, spanWidth <= paddedWidth else {
            let dilated = dilation == (1, 1) ? "" : " (\(spanHeight)×\(spanWidth) dilated by \(dilation))"
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "output size is too small: a \(kernel.0)×\(kernel.1) window\(dilated) does not fit images of \(shape[2])×\(shape[3]) with padding \(padding) (\(paddedHeight)×\(paddedWidth) padded)",
                fix: "Use a smaller kernel or dilation, or more padding"))
            return nil
        }
        let geometry = WindowGeometry(
            batch: shape[0], channels: shape[1], height: shape[2], width: shape[3],
            kernelHeight: kernel.0, kernelWidth: kernel.1, strideHeight: stride.0, strideWidth: stride.1,
            paddingHeight: padding.0, paddingWidth: padding.1, dilationHeight: dilation.0, dilationWidth: dilation.1, ceilMode: ceilMode)
        // The products the kernels and the window operations form, in the order they form them.
        let (outputHeight, outputWidth) = (geometry.outputHeight, geometry.outputWidth)
        let products = [
            Shape.checkedProduct(kernel.0, kernel.1), Shape.checkedProduct(shape[1], kernel.0, kernel.1),
            Shape.checkedProduct(outputHeight, outputWidth), Shape.checkedProduct(shape[0], outputHeight, outputWidth),
            Shape.checkedProduct(shape[0], shape[1], outputHeight, outputWidth),
        ]
        guard !products.contains(nil) else {
            raise(BackpropError(
                .tooLarge, operation: operation,
                problem: "images \(Shape.describe(shape)) with a \(kernel.0)×\(kernel.1) window and padding \(padding) give \(geometry.outputHeight)×\(geometry.outputWidth) windows of \(shape[1]) channels, more than Int.max values",
                fix: "Use a smaller kernel or padding, or a larger stride"))
            return nil
        }
        return geometry
    }
}
