/// 2-d convolution (cross-correlation, as in PyTorch) of a batch of NCHW images with filters
/// [F, C, KH, KW], computed as seed 004 describes: the windows of the input become the columns
/// of a matrix (im2col) and the convolution is one matrix product, W[F, C·KH·KW] · columns.
/// The result is [N, F, OH, OW] with OH = ⌊(H + 2·padding − dilation·(KH − 1) − 1)/stride⌋ + 1.
///
/// Its gradients are those of the product and of im2col (∂W = δ·colsᵀ, ∂x = col2im(Wᵀ·δ),
/// ∂b = δ summed over images and positions). The kernels work one image at a time, so the
/// column matrix of the whole batch is never built; `unfolded` and `folded` expose im2col and
/// col2im themselves. The gradients are convolutions too, and differentiable again, so
/// `backward(createGraph: true)` and `hessian` see through a convolution.
///
/// ```swift
/// let images = Tensor<Float>.randomNormal(shape: [64, 1, 28, 28], seed: 1)
/// let filters = Tensor<Float>.randomNormal(shape: [8, 1, 3, 3], seed: 2, requiresGrad: true)
/// let features = conv2d(images, filters, padding: 1)   // [64, 8, 28, 28]
/// ```
public func conv2d<Element>(
    _ input: Tensor<Element>, _ filter: Tensor<Element>, bias: Tensor<Element>? = nil,
    stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int) = (1, 1)
) -> Tensor<Element> {
    guard filter.rank == 4, input.rank == 4, filter.shape[1] == input.shape[1] else {
        raise(BackpropError(
            .shapeMismatch, operation: "conv2d",
            problem: "input \(Shape.describe(input.shape)) and filter \(Shape.describe(filter.shape)) do not fit: the input must be [N, C, H, W] and the filter [F, C, KH, KW] with the same C",
            fix: "Give the filter as many input channels as the images have"))
        return .placeholder(shape: [input.shape.first ?? 0, filter.shape.first ?? 0, 1, 1])
    }
    if let bias, bias.shape != [filter.shape[0]] {
        raise(BackpropError(
            .shapeMismatch, operation: "conv2d",
            problem: "the bias has shape \(Shape.describe(bias.shape)) but there are \(filter.shape[0]) filters",
            fix: "Pass a bias of shape [\(filter.shape[0])]"))
        return .placeholder(shape: [input.shape[0], filter.shape[0], 1, 1])
    }
    guard let geometry = input.windowGeometry(
        operation: "conv2d", kernel: (filter.shape[2], filter.shape[3]), stride: stride, padding: padding, dilation: dilation)
    else { return .placeholder(shape: [input.shape[0], filter.shape[0], 1, 1]) }
    let outputShape = [geometry.batch, filter.shape[0], geometry.outputHeight, geometry.outputWidth]
    guard Shape.allocatableCount(outputShape, of: Element.self, operation: "conv2d") != nil else { return .placeholder(shape: outputShape) }
    return input.convolved(with: filter, bias: bias, geometry)
}

/// 2-d convolution with the same stride, padding and dilation along both axes.
public func conv2d<Element>(
    _ input: Tensor<Element>, _ filter: Tensor<Element>, bias: Tensor<Element>? = nil,
    stride: Int = 1, padding: Int = 0, dilation: Int = 1
) -> Tensor<Element> {
    conv2d(input, filter, bias: bias, stride: (stride, stride), padding: (padding, padding), dilation: (dilation, dilation))
}
