extension Tensor {
    /// The largest value of each window of an NCHW batch: [N, C, OH, OW]. Padding never wins,
    /// as PyTorch pads with −∞; it may be at most half the kernel. The gradient goes to the first
    /// largest element of each window in row-major order (ties are not split).
    ///
    /// `dilation` spaces the window's taps, and `ceilMode` keeps a last, partial window where the
    /// stride leaves rows or columns over, both as PyTorch's `max_pool2d`: the output size is
    /// PyTorch's (rounded up in ceil mode, less a last window that would start past the image
    /// and its left padding). A window holding no image element (possible with dilation) is −∞
    /// and passes no gradient.
    ///
    /// A fused primitive: one pass finds each window's maximum and where it is (its switch), and
    /// the gradient puts each window's gradient at its switch (`maxUnpooled`, whose own gradient
    /// gathers at the switches). It equals im2col followed by `max(alongAxes:)`, which a test
    /// checks, without materialising the windows.
    ///
    /// ```swift
    /// let pooled = features.maxPool2d(kernel: 2)                         // [64, 8, 14, 14] from [64, 8, 28, 28]
    /// features.maxPool2d(kernel: (3, 3), stride: (2, 2), ceilMode: true)  // [64, 8, 14, 14]
    /// ```
    public func maxPool2d(
        kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), ceilMode: Bool = false
    ) -> Tensor {
        guard let geometry = poolingGeometry(
            operation: "maxPool2d", kernel: kernel, stride: stride ?? kernel, padding: padding, dilation: dilation, ceilMode: ceilMode)
        else { return .placeholder(shape: shape) }
        let switches = PoolSwitches(geometry)
        let value = Tensor.computed(shape: geometry.pooledShape) { out in
            switches.positions.withUnsafeMutableBufferPointer { positions in
                guard let positions = positions.baseAddress else { return }   // no windows
                PoolingKernels.maxPool(storage.base, geometry, out, switches: positions)
            }
        }
        return Tensor.record(.maxPool2d, value, inputs: [self], batching: .rules([{ g, _, _ in g.maxUnpooledStack(switches) }]), { g, _, _ in
            g.maxUnpooled(switches)
        })
    }

    /// The gradient of `maxPool2d`: the input's shape, 0 except each window's value at its switch.
    func maxUnpooled(_ switches: PoolSwitches) -> Tensor {
        let value = Tensor.computed(shape: switches.geometry.imageShape) { out in
            switches.positions.withUnsafeBufferPointer { positions in
                guard let positions = positions.baseAddress else { return }   // no windows, so no image either
                PoolingKernels.unpool(storage.base, switches: positions, switches.geometry, out)
            }
        }
        return Tensor.record(.maxUnpool2d, value, inputs: [self], batching: .rules([{ u, _, _ in
            u.withStackFoldedIntoImages { $0.gatheredAtSwitches(switches.repeated($1)) }
        }]), { u, _, _ in u.gatheredAtSwitches(switches) })
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
        return Tensor.record(.maxPool2d, value, inputs: [self], batching: .rules([{ g, _, _ in g.maxUnpooledStack(switches) }]), { g, _, _ in
            g.maxUnpooled(switches)
        })
    }

    /// ``maxUnpooled(_:)`` of each item of a stack [S, N, C, OH, OW]: a max pool's batched rule.
    private func maxUnpooledStack(_ switches: PoolSwitches) -> Tensor {
        withStackFoldedIntoImages { $0.maxUnpooled(switches.repeated($1)) }
    }

    /// `transform` of a stack [S, N, …] as one batch [S·N, …] (given S), unfolded again after.
    private func withStackFoldedIntoImages(_ transform: (Tensor, Int) -> Tensor) -> Tensor {
        let stack = shape[0]
        let result = transform(reshaped(to: [stack * shape[1]] + shape.dropFirst(2)), stack)
        return result.reshaped(to: [stack, result.shape[0] / stack] + result.shape.dropFirst())
    }

    /// `maxPool2d` with a square kernel; the stride defaults to the kernel size.
    public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1, ceilMode: Bool = false) -> Tensor {
        maxPool2d(
            kernel: (kernel, kernel), stride: stride.map { ($0, $0) }, padding: (padding, padding), dilation: (dilation, dilation),
            ceilMode: ceilMode)
    }

    /// The mean of each window of an NCHW batch: [N, C, OH, OW], as PyTorch's `avg_pool2d`.
    /// With `countIncludePad` (PyTorch's default) the padding counts as zeros in the mean;
    /// without it each window averages only its image elements. `ceilMode` keeps a last,
    /// partial window as in ``maxPool2d(kernel:stride:padding:dilation:ceilMode:)``; the part of
    /// it past the padding is never counted, as in PyTorch. The padding may be at most half the
    /// kernel.
    ///
    /// ```swift
    /// let x = Tensor<Double>.ones([1, 1, 3, 3])
    /// x.avgPool2d(kernel: 2, stride: 2, padding: 1).scalars                          // [0.25, 0.5, 0.5, 1]
    /// x.avgPool2d(kernel: 2, stride: 2, padding: 1, countIncludePad: false).scalars  // [1, 1, 1, 1]
    /// ```
    public func avgPool2d(
        kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), ceilMode: Bool = false, countIncludePad: Bool = true
    ) -> Tensor {
        let operation = "avgPool2d"
        guard let geometry = poolingGeometry(
            operation: operation, kernel: kernel, stride: stride ?? kernel, padding: padding, dilation: (1, 1), ceilMode: ceilMode)
        else { return .placeholder(shape: shape) }
        let planes = geometry.planewise
        guard Shape.allocatableCount([planes.patchSize, planes.positions], of: Element.self, operation: operation) != nil else {
            return .placeholder(shape: geometry.pooledShape)
        }
        let sums = reshaped(to: [planes.batch, 1, planes.height, planes.width]).im2col(planes).sum(alongAxes: [0])
        let counts = geometry.averagedCounts(countingPadding: countIncludePad).map { Element($0) }
        return sums.reshaped(to: geometry.pooledShape) / Tensor(counts, shape: [geometry.outputHeight, geometry.outputWidth])
    }

    /// `avgPool2d` with a square kernel; the stride defaults to the kernel size.
    public func avgPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false, countIncludePad: Bool = true) -> Tensor {
        avgPool2d(
            kernel: (kernel, kernel), stride: stride.map { ($0, $0) }, padding: (padding, padding), ceilMode: ceilMode,
            countIncludePad: countIncludePad)
    }

    /// The window geometry of a pooling, or nil after raising an error naming `operation`: the
    /// settings must fit as for any window, and the padding may be at most half the kernel (so
    /// that no window holds only padding), as PyTorch requires.
    private func poolingGeometry(
        operation: String, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), ceilMode: Bool
    ) -> WindowGeometry? {
        guard let geometry = windowGeometry(
            operation: operation, kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
        else { return nil }
        guard 2 * padding.0 <= kernel.0, 2 * padding.1 <= kernel.1 else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "padding \(padding) is more than half of the kernel \(kernel), so some windows would hold only padding",
                fix: "Use padding of at most half the kernel size, as PyTorch requires"))
            return nil
        }
        guard Shape.allocatableCount(geometry.pooledShape, of: Element.self, operation: operation) != nil else { return nil }
        return geometry
    }
}

extension WindowGeometry {
    /// The same windows over each channel plane as an image of its own: N·C images of 1 channel.
    var planewise: WindowGeometry { with(batch: batch * channels, channels: 1) }

    /// How many positions each window [OH, OW] averages, as PyTorch's `avg_pool2d` divides: the
    /// window clipped to the padded image (a ceil-mode window reaching past it loses the rest),
    /// and to the image itself when the padding is not counted.
    func averagedCounts(countingPadding: Bool) -> [Int] {
        func counts(windows: Int, size: Int, kernel: Int, stride: Int, padding: Int) -> [Int] {
            (0..<windows).map { window in
                let start = window * stride - padding, end = Swift.min(start + kernel, size + padding)
                return countingPadding ? end - start : Swift.min(end, size) - Swift.max(start, 0)
            }
        }
        let rows = counts(windows: outputHeight, size: height, kernel: kernelHeight, stride: strideHeight, padding: paddingHeight)
        let columns = counts(windows: outputWidth, size: width, kernel: kernelWidth, stride: strideWidth, padding: paddingWidth)
        return rows.flatMap { row in columns.map { row * $0 } }
    }
}
