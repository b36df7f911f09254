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

    /// A pooling layer with square windows.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    /// The largest value of each window.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        input.maxPool2d(kernel: kernelSize, stride: stride, padding: padding)
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
    /// The zero padding, counted in the mean.
    public let padding: Int

    /// A pooling layer with square windows.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    /// The mean of each window.
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        input.avgPool2d(kernel: kernelSize, stride: stride, padding: padding)
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
