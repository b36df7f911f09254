extension Tensor {
    /// The largest value of each window of an NCHW batch: [N, C, OH, OW]. Padding reads −∞, as
    /// in PyTorch. Built from im2col and `max(alongAxes:)`, so the gradient goes to the first
    /// largest element of each window (ties are not split).
    ///
    /// ```swift
    /// let pooled = features.maxPool2d(kernel: 2)   // [64, 8, 14, 14] from [64, 8, 28, 28]
    /// ```
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        pool2d(operation: "maxPool2d", kernel: kernel, stride: stride ?? kernel, padding: padding, padValue: -.infinity) {
            $0.max(alongAxes: [1])
        }
    }

    /// `maxPool2d` with a square kernel; the stride defaults to the kernel size.
    public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        maxPool2d(kernel: (kernel, kernel), stride: stride.map { ($0, $0) }, padding: (padding, padding))
    }

    /// The mean of each window of an NCHW batch: [N, C, OH, OW]. Padding counts as zeros in
    /// the mean, as PyTorch's default `count_include_pad`.
    public func avgPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        pool2d(operation: "avgPool2d", kernel: kernel, stride: stride ?? kernel, padding: padding, padValue: 0) {
            $0.mean(alongAxes: [1])
        }
    }

    /// `avgPool2d` with a square kernel; the stride defaults to the kernel size.
    public func avgPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        avgPool2d(kernel: (kernel, kernel), stride: stride.map { ($0, $0) }, padding: (padding, padding))
    }

    /// Windows of each channel as [C, KH·KW, N·OH·OW], reduced along the window axis, back to NCHW.
    private func pool2d(
        operation: String, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), padValue: Element,
        reduce: (Tensor) -> Tensor
    ) -> Tensor {
        guard let geometry = windowGeometry(operation: operation, kernel: kernel, stride: stride, padding: padding, dilation: (1, 1)) else {
            return .placeholder(shape: shape)
        }
        let windows = reshaped(to: [geometry.batch * geometry.channels, 1, geometry.height, geometry.width])
            .im2col(WindowGeometry(
                batch: geometry.batch * geometry.channels, channels: 1, height: geometry.height, width: geometry.width,
                kernelHeight: kernel.0, kernelWidth: kernel.1, strideHeight: stride.0, strideWidth: stride.1,
                paddingHeight: padding.0, paddingWidth: padding.1, dilationHeight: 1, dilationWidth: 1),
                    padValue: padValue)
        let reduced = reduce(windows.reshaped(to: [1, kernel.0 * kernel.1, geometry.batch * geometry.channels * geometry.outputHeight * geometry.outputWidth]))
        return reduced.reshaped(to: [geometry.batch, geometry.channels, geometry.outputHeight, geometry.outputWidth])
    }
}
