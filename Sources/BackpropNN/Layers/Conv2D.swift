import Backprop

/// A 2-d convolution layer over NCHW batches, as PyTorch's `nn.Conv2d`: filters `weight`
/// [outputChannels, inputChannels/groups, kernel, kernel] and `bias` [outputChannels], computed
/// by im2col and one matrix product.
///
/// ```swift
/// let conv = Conv2D<Float>(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, seed: 1)
/// conv(images)   // [N, 8, H, W] from [N, 1, H, W]
/// let depthwise = Conv2D<Float>(inputChannels: 8, outputChannels: 8, kernelSize: 3, padding: 1, groups: 8, seed: 2)
/// ```
public final class Conv2D<Element: TensorElement>: Layer {
    /// The filters, [outputChannels, inputChannels/groups, kernelHeight, kernelWidth].
    public var weight: Tensor<Element>
    /// One bias per output channel.
    public var bias: Tensor<Element>
    /// The step between windows, along height and width.
    public let stride: (Int, Int)
    /// The rows and columns added around each image, along height and width.
    public let padding: (Int, Int)
    /// How the padding is filled: zeros (PyTorch's `padding_mode="zeros"`), or by reflecting,
    /// replicating or wrapping the image (`"reflect"`, `"replicate"`, `"circular"`).
    public let paddingMode: PaddingMode<Element>
    /// The spacing between kernel taps, along height and width.
    public let dilation: (Int, Int)
    /// The number of channel groups (PyTorch's `groups`): each group of output channels sees
    /// only its group of input channels. `groups` = inputChannels is a depthwise convolution.
    public let groups: Int

    /// A layer with square kernels and equal stride, padding and dilation along both axes; the
    /// weights are drawn by `initialization` (PyTorch's default: uniform in ±1/√fanIn, fanIn =
    /// inputChannels/groups·kernel²) from `seed`. Both channel counts must divide by `groups`.
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
        groups: Int = 1, paddingMode: PaddingMode<Element> = .constant(0), initialization: Initialization = .uniformFanIn, seed: UInt64
    ) {
        let groupChannels = inputChannels / Swift.max(groups, 1)
        let fanIn = groupChannels * kernelSize * kernelSize, fanOut = outputChannels / Swift.max(groups, 1) * kernelSize * kernelSize
        weight = initialization.tensor(
            shape: [outputChannels, groupChannels, kernelSize, kernelSize], fanIn: fanIn, fanOut: fanOut, seed: seed)
        bias = Initialization.uniformFanIn.tensor(shape: [outputChannels], fanIn: fanIn, fanOut: fanOut, seed: seed &+ 0x5EED)
        self.stride = (stride, stride)
        self.padding = (padding, padding)
        self.paddingMode = paddingMode
        self.dilation = (dilation, dilation)
        self.groups = groups
    }

    /// The convolution of a batch [N, inputChannels, H, W].
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        guard paddingMode != .constant(0) else {
            return conv2d(input, weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        }
        let padded = input.padded([(0, 0), (0, 0), (padding.0, padding.0), (padding.1, padding.1)], mode: paddingMode)
        return conv2d(padded, weight, bias: bias, stride: stride, padding: (0, 0), dilation: dilation, groups: groups)
    }

    /// `weight`, then `bias`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        body("weight", &weight)
        body("bias", &bias)
    }

    /// `Conv2D(1 → 8, 3×3, stride 1, padding 1)`, with the groups when there are several.
    public var description: String {
        let shape = weight.shape
        return "Conv2D(\(shape[1] * groups) → \(shape[0]), \(shape[2])×\(shape[3]), stride \(stride.0), padding \(padding.0)"
            + (groups == 1 ? ")" : ", groups \(groups))")
    }
}
