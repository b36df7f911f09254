extension Tensor {
    /// The largest value of each window of an NCHW batch: [N, C, OH, OW]. Padding never wins,
    /// as PyTorch pads with −∞; it may be at most half the kernel. The gradient goes to the first
    /// largest element of each window in row-major order (ties are not split).
    ///
    /// A fused primitive: one pass finds each window's maximum and where it is (its switch), and
    /// the gradient puts each window's gradient at its switch (`maxUnpooled`, whose own gradient
    /// gathers at the switches). It equals im2col followed by `max(alongAxes:)`, which a test
    /// checks, without materialising the windows.
    ///
    /// ```swift
    /// let pooled = features.maxPool2d(kernel: 2)   // [64, 8, 14, 14] from [64, 8, 28, 28]
    /// ```
    public func maxPool2d(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        guard let geometry = windowGeometry(
            operation: "maxPool2d", kernel: kernel, stride: stride ?? kernel, padding: padding, dilation: (1, 1))
        else { return .placeholder(shape: shape) }
        guard 2 * padding.0 <= kernel.0, 2 * padding.1 <= kernel.1 else {
            raise(BackpropError(
                .invalidArgument, operation: "maxPool2d",
                problem: "padding \(padding) is more than half of the kernel \(kernel), so some windows would hold only padding",
                fix: "Use padding of at most half the kernel size, as PyTorch requires"))
            return .placeholder(shape: shape)
        }
        guard Shape.allocatableCount(geometry.pooledShape, of: Element.self, operation: "maxPool2d") != nil else {
            return .placeholder(shape: geometry.pooledShape)
        }
        let switches = PoolSwitches(geometry)
        let value = Tensor.computed(shape: geometry.pooledShape) { out in
            switches.positions.withUnsafeMutableBufferPointer { positions in
                guard let positions = positions.baseAddress else { return }   // no windows
                PoolingKernels.maxPool(storage.base, geometry, out, switches: positions)
            }
        }
        return Tensor.record(.maxPool2d, value, inputs: [self], { g, _, _ in g.maxUnpooled(switches) })
    }

    /// The gradient of `maxPool2d`: the input's shape, 0 except each window's value at its switch.
    func maxUnpooled(_ switches: PoolSwitches) -> Tensor {
        let value = Tensor.computed(shape: switches.geometry.imageShape) { out in
            switches.positions.withUnsafeBufferPointer { positions in
                guard let positions = positions.baseAddress else { return }   // no windows, so no image either
                PoolingKernels.unpool(storage.base, switches: positions, switches.geometry, out)
            }
        }
        return Tensor.record(.maxUnpool2d, value, inputs: [self], { u, _, _ in u.gatheredAtSwitches(switches) })
    }

    /// Each window's element at its switch, from a tensor of the pooled input's shape: the
    /// gradient of `maxUnpooled`, and a max pool that reuses earlier switches.
    func gatheredAtSwitches(_ switches: PoolSwitches) -> Tensor {
        let value = Tensor.computed(shape: switches.geometry.pooledShape) { out in
            switches.positions.withUnsafeBufferPointer { positions in
                guard let positions = positions.baseAddress else { return }   // no windows
                PoolingKernels.gatherAtSwitches(storage.base, switches: positions, switches.geometry, out)
            }
        }
        return Tensor.record(.maxPool2d, value, inputs: [self], { g, _, _ in g.maxUnpooled(switches) })
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
        let windowCount = [kernel.0 * kernel.1, geometry.batch * geometry.channels * geometry.outputHeight * geometry.outputWidth]
        guard Shape.allocatableCount(windowCount, of: Element.self, operation: operation) != nil else {
            return .placeholder(shape: geometry.pooledShape)
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
