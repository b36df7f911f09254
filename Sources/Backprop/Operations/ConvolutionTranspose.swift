/// The transposed 2-d convolution of a batch of NCHW images with filters [C, F/groups, KH, KW],
/// as PyTorch's `conv_transpose2d` (same weight layout): the adjoint of ``conv2d(_:_:bias:stride:padding:dilation:groups:)``
/// with respect to its input, so each input pixel spreads its value, weighted by the filter,
/// over a window of the output ("fractionally strided" convolution, used to upsample). The
/// result is [N, F, OH, OW] with
/// OH = (H − 1)·stride − 2·padding + dilation·(KH − 1) + outputPadding + 1.
///
/// `outputPadding` (PyTorch's `output_padding`) adds rows and columns at the bottom and right
/// of the output, to pick among the output sizes a strided `conv2d` maps onto the same input
/// size; it must be smaller than the stride or the dilation, as PyTorch requires.
///
/// It is computed by the same primitive as the input gradient of `conv2d` (col2im of Wᵀ·x), so
/// its gradients are a convolution and a filter gradient, differentiable again. With `groups`
/// > 1 the channels split into groups as in `conv2d`, by one batched product per group and col2im.
///
/// ```swift
/// let codes = Tensor<Float>.randomNormal(shape: [16, 8, 7, 7], seed: 1)
/// let filters = Tensor<Float>.randomNormal(shape: [8, 4, 4, 4], seed: 2, requiresGrad: true)
/// convTranspose2d(codes, filters, stride: 2, padding: 1)   // [16, 4, 14, 14]
/// ```
public func convTranspose2d<Element>(
    _ input: Tensor<Element>, _ filter: Tensor<Element>, bias: Tensor<Element>? = nil,
    stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1
) -> Tensor<Element> {
    let operation = "convTranspose2d"
    // Checked: `groups` comes from the caller and is not validated yet.
    let fallbackFilters = filter.shape.count > 1 ? Shape.checkedProduct(filter.shape[1], Swift.max(groups, 1)) ?? 0 : 0
    let fallbackShape = [input.shape.first ?? 0, fallbackFilters, 1, 1]
    guard filter.rank == 4, input.rank == 4, filter.shape[0] == input.shape[1] else {
        raise(BackpropError(
            .shapeMismatch, operation: operation,
            problem: "input \(Shape.describe(input.shape)) and filter \(Shape.describe(filter.shape)) do not fit: the input must be [N, C, H, W] and the filter [C, F/groups, KH, KW] with the same C",
            fix: "Give the filter one row per input channel, in PyTorch's layout [C, F/groups, KH, KW]"))
        return .placeholder(shape: fallbackShape)
    }
    guard let filters = Shape.checkedProduct(filter.shape[1], Swift.max(groups, 1)) else {
        raise(BackpropError(
            .tooLarge, operation: operation,
            problem: "filter \(Shape.describe(filter.shape)) with groups \(groups) gives more than Int.max output channels",
            fix: "Use a groups count that divides the \(input.shape[1]) input channels"))
        return .placeholder(shape: fallbackShape)
    }
    guard Tensor<Element>.validGroups(groups, channels: input.shape[1], filters: filters, operation: operation) else {
        return .placeholder(shape: fallbackShape)
    }
    if let bias, bias.shape != [filters] {
        raise(BackpropError(
            .shapeMismatch, operation: operation,
            problem: "the bias has shape \(Shape.describe(bias.shape)) but there are \(filters) output channels",
            fix: "Pass a bias of shape [\(filters)]"))
        return .placeholder(shape: fallbackShape)
    }
    let settings = [stride.0, stride.1, dilation.0, dilation.1]
    guard settings.allSatisfy({ $0 > 0 }), [padding.0, padding.1, outputPadding.0, outputPadding.1].allSatisfy({ $0 >= 0 }),
          outputPadding.0 < Swift.max(stride.0, dilation.0), outputPadding.1 < Swift.max(stride.1, dilation.1)
    else {
        raise(BackpropError(
            .invalidArgument, operation: operation,
            problem: "stride \(stride) and dilation \(dilation) must be positive, padding \(padding) non-negative and output padding \(outputPadding) non-negative and smaller than the stride or the dilation",
            fix: "Use an output padding below the stride (it only chooses among the output sizes a strided conv2d maps to the same input size)"))
        return .placeholder(shape: fallbackShape)
    }
    // (H − 1)·stride − 2·padding + dilation·(KH − 1) + outputPadding + 1, along each axis.
    func outputSize(_ size: Int, _ kernel: Int, _ stride: Int, _ padding: Int, _ outputPadding: Int, _ dilation: Int) -> Int? {
        guard let spread = Shape.checkedProduct(Swift.max(size - 1, 0), stride), let span = Shape.checkedProduct(dilation, kernel - 1),
              let total = Shape.checkedSum(spread, span, outputPadding + 1), let twice = Shape.checkedProduct(2, padding)
        else { return nil }
        return total - twice
    }
    guard let height = outputSize(input.shape[2], filter.shape[2], stride.0, padding.0, outputPadding.0, dilation.0),
          let width = outputSize(input.shape[3], filter.shape[3], stride.1, padding.1, outputPadding.1, dilation.1)
    else {
        raise(BackpropError(
            .tooLarge, operation: operation,
            problem: "images \(Shape.describe(input.shape)) with filter \(Shape.describe(filter.shape)), stride \(stride) and dilation \(dilation) give an output beyond Int.max",
            fix: "Use a smaller stride, dilation or kernel"))
        return .placeholder(shape: fallbackShape)
    }
    guard height > 0, width > 0, input.shape[2] > 0, input.shape[3] > 0 else {
        raise(BackpropError(
            .shapeMismatch, operation: operation,
            problem: "output size is too small: images of \(input.shape[2])×\(input.shape[3]) with a \(filter.shape[2])×\(filter.shape[3]) kernel, stride \(stride), padding \(padding) and dilation \(dilation) give \(height)×\(width)",
            fix: "Use less padding (it removes rows and columns from the output) or a larger kernel"))
        return .placeholder(shape: fallbackShape)
    }
    let outputShape = [input.shape[0], filters, height, width]
    guard let geometry = Tensor<Element>.windowGeometry(
        ofImages: outputShape, operation: operation, kernel: (filter.shape[2], filter.shape[3]), stride: stride, padding: padding, dilation: dilation),
          Shape.allocatableCount(outputShape, of: Element.self, operation: operation) != nil
    else { return .placeholder(shape: outputShape) }
    // An output padding reaching past the stride (allowed by the dilation) gives the convolution
    // of the output more windows than the input has pixels: those windows read zeros.
    let windows = geometry.outputHeight > input.shape[2] || geometry.outputWidth > input.shape[3]
        ? input.padded([(0, 0), (0, 0), (0, geometry.outputHeight - input.shape[2]), (0, geometry.outputWidth - input.shape[3])])
        : input
    let result: Tensor<Element>
    if groups == 1 {
        result = windows.convolutionInputGradient(filter: filter, geometry)
    } else {
        guard Shape.allocatableCount([geometry.patchSize, geometry.positions], of: Element.self, operation: operation) != nil else {
            return .placeholder(shape: outputShape)
        }
        result = windows.groupedTransposedConvolution(filter, groups: groups, geometry)
    }
    guard let bias else { return result }
    return result + bias.reshaped(to: [1, filters, 1, 1])
}

/// The transposed 2-d convolution with the same stride, padding, output padding and dilation
/// along both axes.
public func convTranspose2d<Element>(
    _ input: Tensor<Element>, _ filter: Tensor<Element>, bias: Tensor<Element>? = nil,
    stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, dilation: Int = 1, groups: Int = 1
) -> Tensor<Element> {
    convTranspose2d(
        input, filter, bias: bias, stride: (stride, stride), padding: (padding, padding),
        outputPadding: (outputPadding, outputPadding), dilation: (dilation, dilation), groups: groups)
}

extension Tensor {
    /// A grouped transposed convolution of these [N, C, OH, OW] windows for a validated geometry
    /// of the [N, F, H, W] output: each group's filters [G, C/G, F/G·KH·KW], transposed, times
    /// its channels [N, G, C/G, OH·OW], give the rows of the column matrix that col2im adds up.
    func groupedTransposedConvolution(_ filter: Tensor, groups: Int, _ geometry: WindowGeometry) -> Tensor {
        let channels = shape[1], positions = geometry.outputHeight * geometry.outputWidth
        let product = matmul(
            filter.reshaped(to: [groups, channels / groups, geometry.patchSize / groups]),
            reshaped(to: [geometry.batch, groups, channels / groups, positions]),
            transposeA: true, transposeB: false)   // [N, G, F/G·KH·KW, OH·OW]
        return product.reshaped(to: [geometry.batch, geometry.patchSize, positions]).permuted(1, 0, 2)
            .reshaped(to: [geometry.patchSize, geometry.positions]).col2im(geometry)
    }
}
