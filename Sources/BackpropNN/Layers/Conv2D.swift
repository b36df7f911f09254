import Backprop

/// A 2-d convolution layer over NCHW batches, as PyTorch's `nn.Conv2d`: filters `weight`
/// [outputChannels, inputChannels, kernel, kernel] and `bias` [outputChannels], computed by
/// im2col and one matrix product.
///
/// ```swift
/// let conv = Conv2D<Float>(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, seed: 1)
/// conv(images)   // [N, 8, H, W] from [N, 1, H, W]
/// ```
public final class Conv2D<Element: TensorElement>: Layer {
    /// The filters, [outputChannels, inputChannels, kernelHeight, kernelWidth].
    public var weight: Tensor<Element>
    /// One bias per output channel.
    public var bias: Tensor<Element>
    /// The step between windows, along height and width.
    public let stride: (Int, Int)
    /// The zeros added around each image, along height and width.
    public let padding: (Int, Int)
    /// The spacing between kernel taps, along height and width.
    public let dilation: (Int, Int)

    /// A layer with square kernels and equal stride, padding and dilation along both axes; the
    /// weights are drawn by `initialization` (PyTorch's default: uniform in ±1/√fanIn, fanIn =
    /// inputChannels·kernel²) from `seed`.
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
        initialization: Initialization = .uniformFanIn, seed: UInt64
    ) {
        let fanIn = inputChannels * kernelSize * kernelSize, fanOut = outputChannels * kernelSize * kernelSize
        weight = initialization.tensor(
            shape: [outputChannels, inputChannels, kernelSize, kernelSize], fanIn: fanIn, fanOut: fanOut, seed: seed)
        bias = Initialization.uniformFanIn.tensor(shape: [outputChannels], fanIn: fanIn, fanOut: fanOut, seed: seed &+ 0x5EED)
        self.stride = (stride, stride)
        self.padding = (padding, padding)
        self.dilation = (dilation, dilation)
    }

    /// The convolution of a batch [N, inputChannels, H, W].
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        conv2d(input, weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
    }

    /// `weight`, then `bias`.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        body("weight", &weight)
        body("bias", &bias)
    }

    /// `Conv2D(1 → 8, 3×3, stride 1, padding 1)`.
    public var description: String {
        let shape = weight.shape
        return "Conv2D(\(shape[1]) → \(shape[0]), \(shape[2])×\(shape[3]), stride \(stride.0), padding \(padding.0))"
    }
}
