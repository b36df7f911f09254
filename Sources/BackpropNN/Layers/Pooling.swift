import Backprop

/// Max pooling over NCHW batches, as PyTorch's `nn.MaxPool2d`; the stride defaults to the
/// kernel size.
public final class MaxPool2D<Element: TensorElement>: Layer {
    /// The window size.
    public let kernelSize: Int
    /// The step between windows.
    public let stride: Int
    /// The padding (at most half the kernel), which never wins.
    public let padding: Int
    /// The spacing between window taps.
    public let dilation: Int
    /// Whether a last, partial window is kept (PyTorch's `ceil_mode`).
    public let ceilMode: Bool

    /// A pooling layer with square windows.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1, ceilMode: Bool = false) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
    }

    /// The largest value of each window.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        input.maxPool2d(kernel: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    /// `MaxPool2D(2×2, stride 2)`.
    public var description: String { "MaxPool2D(\(kernelSize)×\(kernelSize), stride \(stride))" }
}

/// Average pooling over NCHW batches, as PyTorch's `nn.AvgPool2d`; the stride defaults to the
/// kernel size.
public final class AvgPool2D<Element: TensorElement>: Layer {
    /// The window size.
    public let kernelSize: Int
    /// The step between windows.
    public let stride: Int
    /// The zero padding (at most half the kernel).
    public let padding: Int
    /// Whether a last, partial window is kept (PyTorch's `ceil_mode`).
    public let ceilMode: Bool
    /// Whether the padding counts in the mean (PyTorch's `count_include_pad`, on by default).
    public let countIncludePad: Bool

    /// A pooling layer with square windows.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false, countIncludePad: Bool = true) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }

    /// The mean of each window.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        input.avgPool2d(kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    /// `AvgPool2D(2×2, stride 2)`.
    public var description: String { "AvgPool2D(\(kernelSize)×\(kernelSize), stride \(stride))" }
}

/// Flattens every axis after the first (the batch): [N, C, H, W] becomes [N, C·H·W].
public final class Flatten<Element: TensorElement>: Layer {
    /// A flattening layer.
    public init() {}

    /// The input with its non-batch axes merged.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        input.reshaped(to: [input.shape.first ?? 1, -1])
    }

    /// `Flatten()`.
    public var description: String { "Flatten()" }
}
