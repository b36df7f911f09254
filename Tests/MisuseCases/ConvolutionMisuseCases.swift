import Backprop

/// Grouped and transposed convolutions whose channels, paddings or windows do not fit, and
/// padding modes asked for more than the tensor can give.
let convolutionMisuseCases: [MisuseCase] = [
    MisuseCase("conv2d with channels not divisible by groups", operation: "conv2d") {
        _ = conv2d(Tensor<Float>.ones([1, 6, 5, 5]), .ones([4, 2, 3, 3]), groups: 4)
    },
    MisuseCase("conv2d with a filter as deep as all channels for groups 2", operation: "conv2d") {
        _ = conv2d(Tensor<Float>.ones([1, 6, 5, 5]), .ones([4, 6, 3, 3]), groups: 2)
    },
    MisuseCase("conv1d with a kernel larger than the padded sequence", operation: "conv1d") {
        _ = conv1d(Tensor<Float>.ones([1, 2, 3]), .ones([4, 2, 6]), padding: 1)
    },
    MisuseCase("conv1d of an image", operation: "conv1d") { _ = conv1d(Tensor<Float>.ones([1, 2, 3, 3]), .ones([4, 2, 3])) },
    MisuseCase("convTranspose2d with output padding equal to the stride", operation: "convTranspose2d") {
        _ = convTranspose2d(Tensor<Float>.ones([1, 2, 3, 3]), .ones([2, 1, 3, 3]), stride: 2, outputPadding: 2)
    },
    MisuseCase("convTranspose2d with padding that empties the output", operation: "convTranspose2d") {
        _ = convTranspose2d(Tensor<Float>.ones([1, 2, 3, 3]), .ones([2, 1, 1, 1]), padding: 2)
    },
    MisuseCase("convTranspose2d with a stride of Int.max", operation: "convTranspose2d") {
        _ = convTranspose2d(Tensor<Float>.ones([1, 2, 3, 3]), .ones([2, 1, 3, 3]), stride: Int.max)
    },
    MisuseCase("convTranspose2d with channels not divisible by groups", operation: "convTranspose2d") {
        _ = convTranspose2d(Tensor<Float>.ones([1, 3, 3, 3]), .ones([3, 1, 3, 3]), groups: 2)
    },
    MisuseCase("reflect padding as large as the axis", operation: "padded(_:mode:)") {
        _ = Tensor<Float>.ones([1, 1, 3, 3]).padded([(0, 0), (0, 0), (3, 0), (0, 0)], mode: .reflect)
    },
    MisuseCase("circular padding wrapping twice", operation: "padded(_:mode:)") {
        _ = Tensor<Float>.ones([4]).padded([(5, 0)], mode: .circular)
    },
    MisuseCase("replicate padding of an empty axis", operation: "padded(_:mode:)") {
        _ = Tensor<Float>.ones([0, 2]).padded([(1, 1), (0, 0)], mode: .replicate)
    },
    MisuseCase("avgPool2d with padding more than half the kernel", operation: "avgPool2d") {
        _ = Tensor<Float>.ones([1, 1, 5, 5]).avgPool2d(kernel: 2, padding: 2, ceilMode: true)
    },
    MisuseCase("maxPool2d with a dilated window larger than the image", operation: "maxPool2d") {
        _ = Tensor<Float>.ones([1, 1, 4, 4]).maxPool2d(kernel: 3, dilation: 2, ceilMode: true)
    },
]
