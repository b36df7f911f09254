import Backprop

/// Sizes that overflow, allocations beyond the machine, and windows that do not fit.
let shapeMisuseCases: [MisuseCase] = [
    MisuseCase("zeros of Int.max rows", operation: "zeros(_:)") { _ = Tensor<Float>.zeros([Int.max, 2]) },
    MisuseCase("ones of sizes whose product overflows", operation: "ones(_:)") { _ = Tensor<Double>.ones([1 << 32, 1 << 32]) },
    MisuseCase("zeros of 4 TiB", operation: "zeros(_:)") { _ = Tensor<Float>.zeros([1 << 40]) },
    MisuseCase("zeros of no rows of Int.max columns", operation: "zeros(_:)") { _ = Tensor<Float>.zeros([0, Int.max]) },
    MisuseCase("random normal of Int.max", operation: "randomNormal(shape:)") { _ = Tensor<Float>.randomNormal(shape: [Int.max], seed: 1) },
    MisuseCase("random uniform of 4 TiB", operation: "randomUniform(shape:)") { _ = Tensor<Double>.randomUniform(shape: [1 << 39], seed: 1) },
    MisuseCase("scalars into a shape that overflows", operation: "Tensor(_:shape:)") { _ = Tensor<Float>([1, 2], shape: [Int.max, 2]) },
    MisuseCase("reshape to Int.max rows", operation: "reshaped(to:)") { _ = Tensor<Float>.zeros([2, 3]).reshaped(to: [Int.max, 2]) },
    MisuseCase("reshape to 2⁴⁰ elements", operation: "reshaped(to:)") { _ = Tensor<Float>.zeros([2, 3]).reshaped(to: [1 << 40]) },
    MisuseCase("reshape inferring next to an overflowing size", operation: "reshaped(to:)") {
        _ = Tensor<Float>.zeros([2, 3]).reshaped(to: [-1, Int.max, 4])
    },
    MisuseCase("broadcast to 2⁴⁰ rows", operation: "broadcasted(to:)") { _ = Tensor<Float>.zeros([5]).broadcasted(to: [1 << 40, 5]) },
    MisuseCase("broadcast to sizes whose product overflows", operation: "broadcasted(to:)") {
        _ = Tensor<Float>.zeros([1]).broadcasted(to: [Int.max, Int.max])
    },
    MisuseCase("adding a column and a row of 2²⁰ each (4 TiB)", operation: "add") {
        _ = Tensor<Float>.zeros([1 << 20, 1]).reshaped(to: [1, -1]) + Tensor<Float>.zeros([1 << 20, 1])
    },
    MisuseCase("padding by Int.max", operation: "padded(_:with:)") { _ = Tensor<Float>.zeros([2]).padded([(Int.max, 1)]) },
    MisuseCase("padding to 4 TiB", operation: "padded(_:with:)") { _ = Tensor<Float>.zeros([2]).padded([(1 << 40, 0)]) },
    MisuseCase("arange of 10³⁰ elements", operation: "arange") { _ = Tensor<Float>.arange(0, 1e30) },
    MisuseCase("arange of Double.greatestFiniteMagnitude elements", operation: "arange") {
        _ = Tensor<Double>.arange(-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude)
    },
    MisuseCase("arange of 2⁴⁰ elements", operation: "arange") { _ = Tensor<Double>.arange(0, 0x1p40) },
    MisuseCase("linspace of Int.max values", operation: "linspace") { _ = Tensor<Double>.linspace(from: 0, through: 1, count: Int.max) },
    MisuseCase("conv2d with padding Int.max / 2 + 1", operation: "conv2d") {
        _ = conv2d(Tensor<Float>.ones([1, 1, 3, 3]), .ones([1, 1, 3, 3]), padding: Int.max / 2 + 1)
    },
    MisuseCase("conv2d with dilation Int.max", operation: "conv2d") {
        _ = conv2d(Tensor<Float>.ones([1, 1, 3, 3]), .ones([1, 1, 3, 3]), dilation: Int.max)
    },
    MisuseCase("conv2d with padding 2²⁰ (16 TiB of output)", operation: "conv2d") {
        _ = conv2d(Tensor<Float>.ones([1, 1, 3, 3]), .ones([1, 1, 3, 3]), padding: 1 << 20)
    },
    MisuseCase("conv2d with a window larger than the image at stride 3", operation: "conv2d") {
        _ = conv2d(Tensor<Float>.ones([1, 1, 3, 3]), .ones([1, 1, 5, 5]), stride: 3)
    },
    MisuseCase("avgPool2d with a window larger than the image", operation: "avgPool2d") {
        _ = Tensor<Float>.ones([1, 1, 3, 3]).avgPool2d(kernel: 4)
    },
    MisuseCase("maxPool2d with a window larger than the image", operation: "maxPool2d") {
        _ = Tensor<Float>.ones([1, 1, 3, 3]).maxPool2d(kernel: 4)
    },
    MisuseCase("maxPool2d with padding Int.max", operation: "maxPool2d") {
        _ = Tensor<Float>.ones([1, 1, 3, 3]).maxPool2d(kernel: 2, padding: Int.max)
    },
    MisuseCase("unfolded with a window larger than the image", operation: "unfolded") {
        _ = Tensor<Float>.ones([1, 1, 3, 3]).unfolded(kernel: (4, 4), stride: (4, 4))
    },
    MisuseCase("unfolded with a kernel of Int.max", operation: "unfolded") {
        _ = Tensor<Float>.ones([1, 1, 3, 3]).unfolded(kernel: (Int.max, Int.max), padding: (Int.max / 4, Int.max / 4))
    },
    MisuseCase("folded with a kernel of Int.max", operation: "folded") {
        _ = Tensor<Float>.ones([1, 4, 1]).folded(imageSize: (3, 3), kernel: (Int.max, 2))
    },
    MisuseCase("folded into a negative image size", operation: "folded") {
        _ = Tensor<Float>.ones([1, 4, 1]).folded(imageSize: (-3, 3), kernel: (2, 2))
    },
    MisuseCase("sum along an axis of [0, Int.max / 16]", operation: "sum(alongAxes:)") {
        _ = Tensor<Double>.zeros([0, Int.max / 16]).sum(alongAxes: 0)
    },
    MisuseCase("concatenating axes whose sizes add beyond Int.max", operation: "concatenated") {
        let wide = Tensor<Float>.zeros([0, Int.max / 8])
        _ = Tensor.concatenated([wide, wide, wide, wide, wide, wide, wide, wide, wide], alongAxis: 1)
    },
    MisuseCase("matmul of a column and a row of 2²⁰ each (4 TiB)", operation: "matmul") {
        _ = matmul(Tensor<Float>.zeros([1 << 20, 1]), Tensor<Float>.zeros([1, 1 << 20]))
    },
    MisuseCase("split into sizes that add beyond Int.max", operation: "split(sizes:alongAxis:)") {
        _ = Tensor<Float>.zeros([0, Int.max / 8]).split(sizes: Array(repeating: Int.max / 8, count: 9), alongAxis: 1)
    },
    MisuseCase("variance with correction Int.min", operation: "variance") {
        _ = Tensor<Double>.ones([3]).variance(alongAxes: [0], correction: Int.min)
    },
    MisuseCase("expanding to Int.max by Int.max", operation: "expanded(to:)") {
        _ = Tensor<Float>.ones([1, 1]).expanded(to: [Int.max, Int.max])
    },
    MisuseCase("unsqueezing at Int.min", operation: "unsqueezed(at:)") { _ = Tensor<Float>.ones([2]).unsqueezed(at: Int.min) },
    MisuseCase("a negative stride", operation: "subscript") {
        _ = Tensor<Float>.ones([3])[.stride(0..<3, by: -1)]
    },
]
