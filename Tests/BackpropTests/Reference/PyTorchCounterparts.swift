import Backprop

/// A function of the PyTorch reference written with Backprop: of tensors, or of Variables.
enum Counterpart {
    case tensors(([Tensor<Double>]) -> Tensor<Double>)
    case variables(([Variable]) -> Variable)
}

/// The Backprop counterpart of each function of `Fixtures/make_pytorch_reference.py`, by name;
/// each line mirrors the PyTorch line of the same name. The families added with the linear
/// algebra, einsum, activations, losses and layers are in the `PyTorchCounterparts+` files.
func pytorchCounterparts() -> [String: Counterpart] {
    let families = [linalgCounterparts(), tensorOperationCounterparts(), neuralNetworkCounterparts()]
    return families.reduce(elementaryCounterparts()) { all, family in all.merging(family) { first, _ in first } }
}

/// The counterparts of the elementary families: arithmetic, unary functions, reductions, matrix
/// products, shaping, softmax and losses, convolution and pooling, selection, scalar functions.
private func elementaryCounterparts() -> [String: Counterpart] {
    [
        // Arithmetic with broadcasting.
        "add_broadcast_column_row": .tensors { x in x[0] + x[1] },
        "subtract_broadcast_vector": .tensors { x in x[0] - x[1] },
        "multiply_broadcast_3d": .tensors { x in x[0] * x[1] },
        "divide_broadcast": .tensors { x in x[0] / x[1] },
        "negate": .tensors { x in -x[0] },
        "constants": .tensors { x in (x[0] + 2.5) * -1.5 - 3 / x[0] + (1 - x[0]) / 4 },
        "power_tensor_tensor": .tensors { x in pow(x[0], x[1]) },
        "power_constants": .tensors { x in pow(x[0], 3) + pow(x[0], 0.5) - pow(x[0], -2) + pow(x[0], 2) },
        "reuse": .tensors { x in x[0] * x[0] + x[0] * (x[0] - 1) / 3 },
        "polynomial_0d": .tensors { x in 3 * pow(x[0], 3) - 2 * x[0] * x[0] + x[0] - 7 },

        // Elementwise functions.
        "exp": .tensors { x in exp(x[0]) },
        "log": .tensors { x in log(x[0]) },
        "sin": .tensors { x in sin(x[0]) },
        "cos": .tensors { x in cos(x[0]) },
        "tanh": .tensors { x in tanh(x[0]) },
        "sqrt": .tensors { x in sqrt(x[0]) },
        "abs": .tensors { x in abs(x[0]) },
        "relu": .tensors { x in x[0].relu() },
        "sigmoid": .tensors { x in x[0].sigmoid() },
        "softplus": .tensors { x in x[0].softplus() },
        "composition": .tensors { x in log(1 + exp(sin(x[0]))) * tanh(x[0]) },

        // Reductions.
        "sum": .tensors { x in x[0].sum() },
        "sum_axis_keepdim": .tensors { x in x[0].sum(alongAxes: [1], keepingDimensions: true) },
        "sum_two_axes": .tensors { x in x[0].sum(alongAxes: [0, 2]) },
        "mean": .tensors { x in x[0].mean() },
        "mean_axis": .tensors { x in x[0].mean(alongAxes: [-1]) },
        "max": .tensors { x in x[0].max() },
        "max_axis": .tensors { x in x[0].max(alongAxes: [1]) },
        "min_axis_keepdim": .tensors { x in x[0].min(alongAxes: [0], keepingDimensions: true) },
        "logsumexp_axis": .tensors { x in x[0].logSumExp(alongAxes: [1]) },
        "variance_population": .tensors { x in x[0].variance(alongAxes: [1], correction: 0) },
        "variance_sample": .tensors { x in x[0].variance(correction: 1) },
        "standard_deviation": .tensors { x in x[0].standardDeviation(alongAxes: [0], correction: 1) },
        "norm": .tensors { x in x[0].norm() },
        "norm_axis": .tensors { x in x[0].norm(alongAxes: [1], keepingDimensions: true) },
        "cumulative_sum": .tensors { x in x[0].cumulativeSum(alongAxis: 1) },

        // Matrix products.
        "matmul": .tensors { x in matmul(x[0], x[1]) },
        "matmul_vector_matrix": .tensors { x in matmul(x[0], x[1]) },
        "matmul_matrix_vector": .tensors { x in matmul(x[0], x[1]) },
        "dot": .tensors { x in dot(x[0], x[1]) },
        "outer": .tensors { x in outer(x[0], x[1]) },
        "matmul_batched": .tensors { x in matmul(x[0], x[1]) },
        "matmul_batch_broadcast": .tensors { x in matmul(x[0], x[1]) },
        "matmul_transposed": .tensors { x in matmul(x[0], x[1], transposeA: true, transposeB: true) },
        "linear_layer": .tensors { x in tanh(matmul(x[0], x[1], transposeA: false, transposeB: true) + x[2]) },

        // Shaping, indexing, gathering, joining.
        "reshape": .tensors { x in x[0].reshaped(to: [3, 2]) * Tensor<Double>.arange(6).reshaped(to: [3, 2]) },
        "permute": .tensors { x in pow(x[0].permuted(2, 0, 1), 2) },
        "transpose": .tensors { x in matmul(x[0].transposed(), x[0]) },
        "squeeze_unsqueeze": .tensors { x in x[0].squeezed(axes: [0]).unsqueezed(at: 1) * x[0] },
        "expand": .tensors { x in x[0].expanded(to: [3, 4]) * Tensor<Double>.arange(12).reshaped(to: [3, 4]) },
        "concatenate": .tensors { x in pow(Tensor.concatenated([x[0], x[1], x[0]], alongAxis: 1), 2) },
        "stack": .tensors { x in Tensor.stacked([x[0], x[1] * x[1]], alongAxis: 1) },
        "split": .tensors { x in
            let pieces = x[0].split(sizes: [2, 3])
            return pieces[0].sum(alongAxes: [0]) * pieces[1].sum(alongAxes: [0])
        },
        "slice_strided": .tensors { x in pow(x[0][.from(1), .stride(0..<5, by: 2)], 2) },
        "index_position": .tensors { x in x[0][1] * x[0][-1, 2] },
        "flip": .tensors { x in x[0].flipped(alongAxes: [1]) * x[0] },
        "pad": .tensors { x in pow(x[0].padded([(before: 0, after: 1), (before: 1, after: 2)], with: 0.5), 2) },
        "index_select": .tensors { x in pow(x[0].gathering(indices: [2, 0, 2], alongAxis: 0), 2) },
        "gather_elements": .tensors { x in pow(x[0].gatheringElements(indices: [2, 0, 1, 1], shape: [2, 2], alongAxis: 1), 2) },
        "pick": .tensors { x in pow(x[0].picking(indices: [3, 0, 2], alongAxis: 1), 3) },
        "index_add": .tensors { x in pow(x[0].scatteringAdd(indices: [1, 3, 1], alongAxis: 0, intoShape: [4, 2]), 2) },
        "scatter_add_elements": .tensors { x in
            pow(x[0].scatteringAddElements(indices: [2, 0, 1, 1], alongAxis: 1, intoShape: [2, 3]), 2)
        },

        // Softmax and losses.
        "softmax": .tensors { x in x[0].softmax(alongAxis: -1) },
        "softmax_axis_0": .tensors { x in x[0].softmax(alongAxis: 0) },
        "log_softmax": .tensors { x in x[0].logSoftmax(alongAxis: 1) },
        "cross_entropy": .tensors { x in -x[0].logSoftmax(alongAxis: 1).picking(indices: [1, 0, 3], alongAxis: 1).mean() },
        "mean_squared_error": .tensors { x in pow(x[0] - x[1], 2).mean() },
        "binary_cross_entropy_with_logits": .tensors { x in (x[0].softplus() - x[0] * Tensor([1, 0, 0.25, 1])).mean() },

        // Convolution and pooling.
        "conv2d": .tensors { x in conv2d(x[0], x[1]) },
        "conv2d_stride_padding_bias": .tensors { x in conv2d(x[0], x[1], bias: x[2], stride: 2, padding: 1) },
        "conv2d_dilation": .tensors { x in conv2d(x[0], x[1], dilation: 2) },
        "max_pool2d": .tensors { x in x[0].maxPool2d(kernel: 2) },
        "max_pool2d_stride_padding": .tensors { x in x[0].maxPool2d(kernel: 3, stride: 2, padding: 1) },
        "avg_pool2d": .tensors { x in x[0].avgPool2d(kernel: 2) },
        "avg_pool2d_padding": .tensors { x in x[0].avgPool2d(kernel: 2, stride: 2, padding: 1) },
        "conv_relu_pool": .tensors { x in conv2d(x[0], x[1]).relu().maxPool2d(kernel: 2) },

        // Comparisons, selection, clamping.
        "where_greater": .tensors { x in pow(Tensor.where(x[0] .> x[1], x[0], x[1]), 2) },
        "where_constant": .tensors { x in Tensor.where(x[0] .> 0, x[0], 0) * x[0] },
        "mask_multiply": .tensors { x in x[0] * (x[0] .<= 0) + exp(x[0]) },
        "clamp": .tensors { x in x[0].clamped(to: -0.5...0.5) * x[0] },
        "minimum_of_tensors": .tensors { x in Tensor.where(x[0] .< x[1], x[0], x[1]) * x[1] },

        // Scalar functions of Variables.
        "scalar_arithmetic": .variables { v in v[0] * v[1] + exp(v[0]) / v[1] },
        "scalar_trigonometry": .variables { v in sin(v[0]) * cos(v[1]) + tan(v[0] * v[1]) },
        "scalar_power": .variables { v in pow(v[0], v[1]) + pow(v[0], 3) + pow(2, v[1]) },
        "scalar_rosenbrock": .variables { v in 100 * pow(v[1] - v[0] * v[0], 2) + pow(1 - v[0], 2) },
        "scalar_activations": .variables { v in (v[0] * v[1]).sigmoid() + v[1].softplus() * tanh(v[0]) + v[0].relu() * abs(v[1]) },
        "scalar_logarithm_root": .variables { v in log(v[0]) * sqrt(v[1]) + log(v[0] * v[0] + v[1]) },
        "scalar_maximum_minimum": .variables { v in max(v[0] * v[2], v[1]) * min(v[0], v[2]) + max(v[1], 0.5) },
        "scalar_quotients": .variables { v in 1 / v[0] - v[1] / (v[0] + 2) + (3 - v[0]) * (v[1] - 1) },
    ]
}
