import Backprop

/// A 1-d convolution layer over batches of sequences [N, C, L], as PyTorch's `nn.Conv1d`:
/// filters `weight` [outputChannels, inputChannels/groups, kernel] and `bias` [outputChannels].
///
/// ```swift
/// let conv = Conv1D<Float>(inputChannels: 2, outputChannels: 16, kernelSize: 5, padding: 2, seed: 1)
/// conv(signals)   // [N, 16, L] from [N, 2, L]
/// ```
public final class Conv1D<Element: TensorElement>: Layer {
    /// The filters, [outputChannels, inputChannels/groups, kernel].
    public var weight: Tensor<Element>
    /// One bias per output channel.
    public var bias: Tensor<Element>
    /// The step between windows.
    public let stride: Int
    /// The positions added at each end of a sequence.
    public let padding: Int
    /// How the padding is filled, as PyTorch's `padding_mode` (zeros by default).
    public let paddingMode: PaddingMode<Element>
    /// The spacing between kernel taps.
    public let dilation: Int
    /// The number of channel groups (PyTorch's `groups`).
    public let groups: Int

    /// A layer whose weights are drawn by `initialization` (PyTorch's default: uniform in
    /// ±1/√fanIn, fanIn = inputChannels/groups·kernel) from `seed`. Both channel counts must
    /// divide by `groups`.
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
        groups: Int = 1, paddingMode: PaddingMode<Element> = .constant(0), initialization: Initialization = .uniformFanIn, seed: UInt64
    ) {
        let groupChannels = inputChannels / Swift.max(groups, 1)
        let fanIn = groupChannels * kernelSize, fanOut = outputChannels / Swift.max(groups, 1) * kernelSize
        weight = initialization.tensor(shape: [outputChannels, groupChannels, kernelSize], fanIn: fanIn, fanOut: fanOut, seed: seed)
        bias = Initialization.uniformFanIn.tensor(shape: [outputChannels], fanIn: fanIn, fanOut: fanOut, seed: seed &+ 0x5EED)
        self.stride = stride
        self.padding = padding
        self.paddingMode = paddingMode
        self.dilation = dilation
        self.groups = groups
    }

    /// The convolution of a batch [N, inputChannels, L].
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        guard paddingMode != .constant(0) else {
            return conv1d(input, weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        }
        let padded = input.padded([(0, 0), (0, 0), (padding, padding)], mode: paddingMode)
        return conv1d(padded, weight, bias: bias, stride: stride, padding: 0, dilation: dilation, groups: groups)
    }

    /// `weight`, then `bias`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        body("weight", &weight)
        body("bias", &bias)
    }

    /// `Conv1D(2 → 16, 5, stride 1, padding 2)`, with the groups when there are several.
    public var description: String {
        let shape = weight.shape
        return "Conv1D(\(shape[1] * groups) → \(shape[0]), \(shape[2]), stride \(stride), padding \(padding)"
            + (groups == 1 ? ")" : ", groups \(groups))")
    }
}
