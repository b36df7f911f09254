/// How the three convolution primitives pull back a stack of S cotangents at once (a batched
/// sweep, for `jacobian` and `hessian`): the stack's axis is folded into an axis the primitive
/// already keeps apart — the images, for a stacked image-shaped operand, or the filters or
/// channels, for a stacked filter-shaped one — so that each rule is one call of a primitive
/// between reshapes and permutes, and so differentiable again.
extension Tensor {
    /// The rules of `convolved(with:bias:_:)` for its image and filter, given g [S, N, F, OH, OW].
    static func stackedConvolutionRules(_ geometry: WindowGeometry) -> [OperationRecord<Element>.Pullback] {
        [
            { g, inputs, _ in
                let stack = g.shape[0]
                return g.foldingStackIntoImages()
                    .convolutionInputGradient(filter: inputs[1], geometry.withBatch(stack * geometry.batch))
                    .unfoldingImages(intoStack: stack)
            },
            { g, inputs, _ in
                // Filter gradients of S·F filters: [S·F, C, KH, KW], filter-major within each item.
                let stack = g.shape[0]
                return inputs[0].convolutionFilterGradient(g.foldingStackIntoAxis1(), geometry).unfoldingImages(intoStack: stack)
            },
        ]
    }

    /// The rules of `convolutionInputGradient(filter:_:)` for its gradient and filter, given
    /// u [S, N, C, H, W].
    static func stackedInputGradientRules(_ geometry: WindowGeometry) -> [OperationRecord<Element>.Pullback] {
        [
            { u, inputs, _ in
                let stack = u.shape[0]
                return u.foldingStackIntoImages()
                    .convolved(with: inputs[1], bias: nil, geometry.withBatch(stack * geometry.batch))
                    .unfoldingImages(intoStack: stack)
            },
            { u, inputs, _ in
                // The stacked images become S·C channels: [F, S·C, KH, KW].
                let stack = u.shape[0]
                return u.foldingStackIntoAxis1()
                    .convolutionFilterGradient(inputs[0], geometry.withChannels(stack * geometry.channels))
                    .unfoldingAxis1(intoStack: stack)
            },
        ]
    }

    /// The rules of `convolutionFilterGradient(_:_:)` for its images and gradient, given
    /// v [S, F, C, KH, KW].
    static func stackedFilterGradientRules(_ geometry: WindowGeometry) -> [OperationRecord<Element>.Pullback] {
        [
            { v, inputs, _ in
                // The stacked filters read S·C channels: [N, S·C, H, W].
                let stack = v.shape[0]
                return inputs[1]
                    .convolutionInputGradient(filter: v.foldingStackIntoAxis1(), geometry.withChannels(stack * geometry.channels))
                    .unfoldingAxis1(intoStack: stack)
            },
            { v, inputs, _ in
                // S·F filters over the same images: [N, S·F, OH, OW].
                let stack = v.shape[0]
                return inputs[0].convolved(with: v.foldingStackIntoImages(), bias: nil, geometry).unfoldingAxis1(intoStack: stack)
            },
        ]
    }

    /// [S, A, …] as [S·A, …].
    private func foldingStackIntoImages() -> Tensor {
        reshaped(to: [shape[0] * shape[1]] + shape.dropFirst(2))
    }

    /// [S·A, …] as [S, A, …].
    private func unfoldingImages(intoStack stack: Int) -> Tensor {
        reshaped(to: [stack, shape[0] / stack] + shape.dropFirst())
    }

    /// [S, A, B, …] as [A, S·B, …]: the stack moved inside the second axis.
    private func foldingStackIntoAxis1() -> Tensor {
        var axes = Array(0..<rank)
        axes.swapAt(0, 1)
        return permuted(axes).reshaped(to: [shape[1], shape[0] * shape[2]] + shape.dropFirst(3))
    }

    /// [A, S·B, …] as [S, A, B, …]: the inverse of ``foldingStackIntoAxis1()``.
    private func unfoldingAxis1(intoStack stack: Int) -> Tensor {
        let unfolded = reshaped(to: [shape[0], stack, shape[1] / stack] + shape.dropFirst(2))
        var axes = Array(0..<unfolded.rank)
        axes.swapAt(0, 1)
        return unfolded.permuted(axes)
    }
}
