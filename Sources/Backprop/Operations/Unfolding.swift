extension Tensor {
    /// The sliding windows of a batch of images [N, C, H, W] as columns, as PyTorch's
    /// `torch.nn.functional.unfold` (im2col): shape [N, C·KH·KW, L], one column per window
    /// position (L = OH·OW, row by row) holding the window's values channel by channel, kernel
    /// row by kernel row; positions outside the image read 0. A convolution is then one product:
    ///
    /// ```swift
    /// let columns = x.unfolded(kernel: (3, 3), padding: (1, 1))            // [N, C·9, H·W]
    /// let y = matmul(w.reshaped(to: [filters, -1]), columns)                 // [N, F, H·W]
    /// // equals conv2d(x, w, stride: 1, padding: 1).reshaped(to: [N, F, H·W])
    /// ```
    ///
    /// Its gradient is ``folded(imageSize:kernel:stride:padding:dilation:)``.
    public func unfolded(
        kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1)
    ) -> Tensor {
        guard let geometry = windowGeometry(
            operation: "unfolded(kernel:stride:padding:dilation:)", kernel: kernel, stride: stride, padding: padding, dilation: dilation)
        else { return .placeholder(shape: [shape.first ?? 0, 0, 0]) }
        guard Shape.allocatableCount([geometry.patchSize, geometry.positions], of: Element.self, operation: "unfolded(kernel:stride:padding:dilation:)") != nil else {
            return .placeholder(shape: [geometry.batch, geometry.patchSize, geometry.outputHeight * geometry.outputWidth])
        }
        return im2col(geometry)
            .reshaped(to: [geometry.patchSize, geometry.batch, geometry.outputHeight * geometry.outputWidth])
            .permuted(1, 0, 2)
    }

    /// The adjoint of ``unfolded(kernel:stride:padding:dilation:)``, as PyTorch's `fold`
    /// (col2im): columns [N, C·KH·KW, L] back to images [N, C, H, W] of `imageSize`, each image
    /// position receiving the sum of the column entries read from it (so folding what was
    /// unfolded multiplies each pixel by the number of windows that cover it).
    public func folded(
        imageSize: (Int, Int), kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1)
    ) -> Tensor {
        let operation = "folded(imageSize:kernel:stride:padding:dilation:)"
        let windowSize = Shape.checkedProduct(kernel.0, kernel.1) ?? 0
        guard rank == 3, windowSize > 0, shape[1] % windowSize == 0 else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "the columns have shape \(Shape.describe(shape)); they must be [N, C·\(kernel.0)·\(kernel.1), L]",
                fix: "Fold what unfolded(kernel:) produced, with the same kernel"))
            return .placeholder(shape: [shape.first ?? 0, 0, Swift.max(imageSize.0, 0), Swift.max(imageSize.1, 0)])
        }
        guard imageSize.0 >= 0, imageSize.1 >= 0 else {
            raise(BackpropError(
                .invalidArgument, operation: operation, problem: "the image size \(imageSize) is negative",
                fix: "Pass the height and width of the images that were unfolded"))
            return .placeholder(shape: [shape[0], shape[1] / windowSize, 0, 0])
        }
        let imageShape = [shape[0], shape[1] / windowSize, imageSize.0, imageSize.1]
        guard let geometry = Self.windowGeometry(
            ofImages: imageShape, operation: operation, kernel: kernel, stride: stride, padding: padding, dilation: dilation)
        else { return .placeholder(shape: imageShape) }
        guard shape[2] == geometry.outputHeight * geometry.outputWidth else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "\(shape[2]) columns per image, but a \(kernel.0)×\(kernel.1) window with stride \(stride), padding \(padding) "
                    + "and dilation \(dilation) has \(geometry.outputHeight)×\(geometry.outputWidth) positions in \(imageSize.0)×\(imageSize.1) images",
                fix: "Pass the image size and window settings that unfolded(kernel:) was called with"))
            return .placeholder(shape: imageShape)
        }
        return permuted(1, 0, 2).reshaped(to: [geometry.patchSize, geometry.positions]).col2im(geometry)
    }
}
