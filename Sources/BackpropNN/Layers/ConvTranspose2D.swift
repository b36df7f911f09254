import Backprop

/// A transposed 2-d convolution layer over NCHW batches, as PyTorch's `nn.ConvTranspose2d`
/// (used to upsample, as in decoders and generators): filters `weight`
/// [inputChannels, outputChannels/groups, kernel, kernel] (PyTorch's layout) and `bias`
/// [outputChannels]. The output is (H − 1)·stride − 2·padding + dilation·(kernel − 1) +
/// outputPadding + 1 high, and as wide.
///
/// ```swift
/// let up = ConvTranspose2D<Float>(inputChannels: 16, outputChannels: 8, kernelSize: 4, stride: 2, padding: 1, seed: 1)
/// up(codes)   // [N, 8, 14, 14] from [N, 16, 7, 7]
/// ```
public final class ConvTranspose2D<Element: TensorElement>: Layer {
    /// The filters, [inputChannels, outputChannels/groups, kernelHeight, kernelWidth].
    public var weight: Tensor<Element>
    /// One bias per output channel.
    public var bias: Tensor<Element>
    /// The step between the output windows of neighbouring input pixels, along height and width.
    public let stride: (Int, Int)
    /// The rows and columns removed from each border of the output, along height and width.
    public let padding: (Int, Int)
    /// The rows and columns added at the bottom and right of the output (PyTorch's `output_padding`).
    public let outputPadding: (Int, Int)
    /// The spacing between kernel taps, along height and width.
    public let dilation: (Int, Int)
    /// The number of channel groups (PyTorch's `groups`).
    public let groups: Int

    /// A layer with square kernels and equal settings along both axes; the weights are drawn by
    /// `initialization` from `seed` with PyTorch's fan-in for this layout, fanIn =
    /// outputChannels/groups·kernel² (uniform in ±1/√fanIn by default, as PyTorch).
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
        dilation: Int = 1, groups: Int = 1, initialization: Initialization = .uniformFanIn, seed: UInt64
    ) {
        let groupOutputs = outputChannels / Swift.max(groups, 1)
        let fanIn = groupOutputs * kernelSize * kernelSize, fanOut = inputChannels * kernelSize * kernelSize
        weight = initialization.tensor(shape: [inputChannels, groupOutputs, kernelSize, kernelSize], fanIn: fanIn, fanOut: fanOut, seed: seed)
        bias = Initialization.uniformFanIn.tensor(shape: [outputChannels], fanIn: fanIn, fanOut: fanOut, seed: seed &+ 0x5EED)
        self.stride = (stride, stride)
        self.padding = (padding, padding)
        self.outputPadding = (outputPadding, outputPadding)
        self.dilation = (dilation, dilation)
        self.groups = groups
    }

    /// The transposed convolution of a batch [N, inputChannels, H, W].
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        convTranspose2d(
            input, weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups)
    }

    /// `weight`, then `bias`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        body("weight", &weight)
        body("bias", &bias)
    }

    /// `ConvTranspose2D(16 → 8, 4×4, stride 2, padding 1)`, with the groups when there are several.
    public var description: String {
        let shape = weight.shape
        return "ConvTranspose2D(\(shape[0]) → \(shape[1] * groups), \(shape[2])×\(shape[3]), stride \(stride.0), padding \(padding.0)"
            + (groups == 1 ? ")" : ", groups \(groups))")
    }
}
