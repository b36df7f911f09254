/// The three recorded primitives of convolution, each the others' derivative (as in PyTorch's
/// convolution double-backward): the convolution y = conv(x, W), its input gradient
/// dx = col2im(Wᵀ·δ) (a transposed convolution) and its filter gradient dW = δ·im2col(x)ᵀ.
/// From ⟨conv(x, W), δ⟩ = ⟨x, dx(δ, W)⟩ = ⟨W, dW(x, δ)⟩ every derivative of one is another.
extension Tensor {
    /// conv(self, filter) (+ bias) for a validated geometry: [N, F, OH, OW].
    func convolved(with filter: Tensor, bias: Tensor?, _ geometry: WindowGeometry) -> Tensor {
        let filters = filter.shape[0]
        let value = Tensor.computed(shape: [geometry.batch, filters, geometry.outputHeight, geometry.outputWidth]) { out in
            ConvolutionKernels.forward(storage.base, filter.storage.base, bias: bias?.storage.base, geometry, filters: filters, out)
        }
        var inputs = [self, filter]
        var rules: [OperationRecord<Element>.Pullback] = [
            { g, inputs, _ in g.convolutionInputGradient(filter: inputs[1], geometry) },
            { g, inputs, _ in inputs[0].convolutionFilterGradient(g, geometry) },
        ]
        var batchedRules = Tensor.stackedConvolutionRules(geometry)
        if let bias {
            inputs.append(bias)
            rules.append { g, _, _ in g.sum(alongAxes: [0, 2, 3]) }
            batchedRules.append { g, _, _ in g.sum(alongAxes: [1, 3, 4]) }
        }
        return Tensor.record(.conv2d, value, inputs: inputs, rules: rules, batching: .rules(batchedRules))
    }

    /// col2im(Wᵀ·self) for the gradient `self` [N, F, OH, OW] of a convolution: the gradient
    /// with respect to its input, [N, C, H, W].
    func convolutionInputGradient(filter: Tensor, _ geometry: WindowGeometry) -> Tensor {
        let filters = filter.shape[0]
        let value = Tensor.computed(shape: [geometry.batch, geometry.channels, geometry.height, geometry.width]) { out in
            ConvolutionKernels.inputGradient(storage.base, filter.storage.base, geometry, filters: filters, out)
        }
        return Tensor.record(
            .conv2dInputGradient, value, inputs: [self, filter], batching: .rules(Tensor.stackedInputGradientRules(geometry)),
            { u, inputs, _ in u.convolved(with: inputs[1], bias: nil, geometry) },
            { u, inputs, _ in u.convolutionFilterGradient(inputs[0], geometry) })
    }

    /// Σₙ g[n]·im2col(self[n])ᵀ for the images `self` of a convolution and the gradient `g` of
    /// its result: the gradient with respect to its filters, [F, C, KH, KW].
    func convolutionFilterGradient(_ g: Tensor, _ geometry: WindowGeometry) -> Tensor {
        let filters = g.shape[1]
        let value = Tensor.computed(shape: [filters, geometry.channels, geometry.kernelHeight, geometry.kernelWidth]) { out in
            ConvolutionKernels.filterGradient(storage.base, g.storage.base, geometry, filters: filters, out)
        }
        return Tensor.record(
            .conv2dFilterGradient, value, inputs: [self, g], batching: .rules(Tensor.stackedFilterGradientRules(geometry)),
            { v, inputs, _ in inputs[1].convolutionInputGradient(filter: v, geometry) },
            { v, inputs, _ in inputs[0].convolved(with: v, bias: nil, geometry) })
    }
}
