/// 2-d convolution (cross-correlation, as in PyTorch) of a batch of NCHW images with filters
/// [F, C/groups, KH, KW], computed as seed 004 describes: the windows of the input become the
/// columns of a matrix (im2col) and the convolution is one matrix product, W[F, C·KH·KW] · columns.
/// The result is [N, F, OH, OW] with OH = ⌊(H + 2·padding − dilation·(KH − 1) − 1)/stride⌋ + 1.
///
/// With `groups` > 1 (PyTorch's `groups`), the channels and the filters are split into that many
/// groups and group g's filters see only group g's channels; C and F must both divide by
/// `groups`, and the filter has PyTorch's layout [F, C/groups, KH, KW]. `groups` = C is a
/// depthwise convolution (each channel convolved with its own F/C filters). Grouped
/// convolutions are one batched product of each group's filters with its rows of the columns.
///
/// Its gradients are those of the product and of im2col (∂W = δ·colsᵀ, ∂x = col2im(Wᵀ·δ),
/// ∂b = δ summed over images and positions). The kernels work one image at a time, so the
/// column matrix of the whole batch is never built (except for grouped convolutions); `unfolded`
/// and `folded` expose im2col and col2im themselves. The gradients are convolutions too, and
/// differentiable again, so `backward(createGraph: true)` and `hessian` see through a convolution.
///
/// ```swift
/// let images = Tensor<Float>.randomNormal(shape: [64, 1, 28, 28], seed: 1)
/// let filters = Tensor<Float>.randomNormal(shape: [8, 1, 3, 3], seed: 2, requiresGrad: true)
/// let features = conv2d(images, filters, padding: 1)   // [64, 8, 28, 28]
/// let depthwise = Tensor<Float>.randomNormal(shape: [8, 1, 3, 3], seed: 3)
/// conv2d(features, depthwise, padding: 1, groups: 8)    // [64, 8, 28, 28], channel by channel
/// ```
public func conv2d<Element>(
    _ input: Tensor<Element>, _ filter: Tensor<Element>, bias: Tensor<Element>? = nil,
    stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int) = (1, 1), groups: Int = 1
) -> Tensor<Element> {
    input.convolution(filter, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, operation: "conv2d")
}

/// 2-d convolution with the same stride, padding and dilation along both axes.
public func conv2d<Element>(
    _ input: Tensor<Element>, _ filter: Tensor<Element>, bias: Tensor<Element>? = nil,
    stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1
) -> Tensor<Element> {
    conv2d(input, filter, bias: bias, stride: (stride, stride), padding: (padding, padding), dilation: (dilation, dilation), groups: groups)
}

extension Tensor {
    /// `conv2d`, its errors naming `operation`.
    func convolution(
        _ filter: Tensor, bias: Tensor?, stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), groups: Int, operation: String
    ) -> Tensor {
        let fallbackShape = [shape.first ?? 0, filter.shape.first ?? 0, 1, 1]
        guard filter.rank == 4, rank == 4 else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "input \(Shape.describe(shape)) and filter \(Shape.describe(filter.shape)) do not fit: the input must be [N, C, H, W] and the filter [F, C/groups, KH, KW]",
                fix: "Reshape a single image [C, H, W] to [1, C, H, W] with unsqueezed(at: 0), and give the filter four axes"))
            return .placeholder(shape: fallbackShape)
        }
        guard Self.validGroups(groups, channels: shape[1], filters: filter.shape[0], operation: operation) else {
            return .placeholder(shape: fallbackShape)
        }
        // Divided rather than multiplied: with no channels any positive `groups` is valid, and
        // filter.shape[1]·groups could overflow.
        guard shape[1] / groups == filter.shape[1] else {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "input \(Shape.describe(shape)) and filter \(Shape.describe(filter.shape)) do not fit: the filter must be [F, C/groups, KH, KW] with the same C/groups as the input, here [F, \(shape[1] / groups), KH, KW] (\(groups) group\(groups == 1 ? "" : "s") of \(shape[1] / groups) channels)",
                fix: "Give the filter as many input channels as each group of the images has (C/groups, as PyTorch's layout)"))
            return .placeholder(shape: fallbackShape)
        }
        if let bias, bias.shape != [filter.shape[0]] {
            raise(BackpropError(
                .shapeMismatch, operation: operation,
                problem: "the bias has shape \(Shape.describe(bias.shape)) but there are \(filter.shape[0]) filters",
                fix: "Pass a bias of shape [\(filter.shape[0])]"))
            return .placeholder(shape: fallbackShape)
        }
        guard let geometry = windowGeometry(
            operation: operation, kernel: (filter.shape[2], filter.shape[3]), stride: stride, padding: padding, dilation: dilation)
        else { return .placeholder(shape: fallbackShape) }
        let outputShape = [geometry.batch, filter.shape[0], geometry.outputHeight, geometry.outputWidth]
        guard Shape.allocatableCount(outputShape, of: Element.self, operation: operation) != nil else { return .placeholder(shape: outputShape) }
        if groups == 1 { return convolved(with: filter, bias: bias, geometry) }
        guard Shape.allocatableCount([geometry.patchSize, geometry.positions], of: Element.self, operation: operation) != nil else {
            return .placeholder(shape: outputShape)
        }
        return groupedConvolution(filter, bias: bias, groups: groups, geometry)
    }

    /// A grouped convolution for a validated geometry: the column matrix [C·KH·KW, N·OH·OW]
    /// split by rows into the groups' channels, [G, C/G·KH·KW, N·OH·OW], times each group's
    /// filters [G, F/G, C/G·KH·KW]. Built from differentiable operations, so it needs no rule.
    private func groupedConvolution(_ filter: Tensor, bias: Tensor?, groups: Int, _ geometry: WindowGeometry) -> Tensor {
        let filters = filter.shape[0]
        let columns = im2col(geometry).reshaped(to: [groups, geometry.patchSize / groups, geometry.positions])
        let product = matmul(filter.reshaped(to: [groups, filters / groups, geometry.patchSize / groups]), columns)
        let result = product.reshaped(to: [filters, geometry.batch, geometry.outputHeight, geometry.outputWidth]).permuted(1, 0, 2, 3)
        guard let bias else { return result }
        return result + bias.reshaped(to: [1, filters, 1, 1])
    }

    /// Whether `groups` is positive and divides both the channels and the filters, after raising
    /// an error naming `operation` when it does not (PyTorch's rule for grouped convolutions).
    static func validGroups(_ groups: Int, channels: Int, filters: Int, operation: String) -> Bool {
        guard groups > 0 else {
            raise(BackpropError(
                .invalidArgument, operation: operation, problem: "groups \(groups) is not positive",
                fix: "Use groups = 1 for an ordinary convolution, or a positive divisor of the channels"))
            return false
        }
        guard channels % groups == 0, filters % groups == 0 else {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "\(channels) input channels and \(filters) output channels must both divide by groups \(groups)",
                fix: "Use a number of groups that divides both channel counts"))
            return false
        }
        return true
    }
}
