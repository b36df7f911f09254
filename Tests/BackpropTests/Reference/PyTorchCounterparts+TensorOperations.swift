import Backprop

/// The counterparts of the reference script's "einsum", "activation" and "tensor" families (with
/// the smooth activations of Variables), and of its padding modes, grouped, one-dimensional and
/// transposed convolutions and pooling options.
func tensorOperationCounterparts() -> [String: Counterpart] {
    let scatterIndices = [2, 0, 1, 1, 0, 2]
    let mask = Tensor<Double>([1, 0, 1, 0, 0, 1], shape: [2, 3])
    return [
        // einsum.
        "einsum_matmul": .tensors { x in einsum("ij,jk->ik", x[0], x[1]) },
        "einsum_batched": .tensors { x in einsum("bij,bjk->bik", x[0], x[1]) },
        "einsum_trace": .tensors { x in einsum("ii->", x[0]) * einsum("ij->", x[0]) },
        "einsum_diagonal": .tensors { x in pow(einsum("ii->i", x[0]), 2) },
        "einsum_outer": .tensors { x in einsum("i,j->ij", x[0], x[1]) },
        "einsum_ellipsis": .tensors { x in einsum("...ij,...jk->...ik", x[0], x[1]) },
        "einsum_three_operands": .tensors { x in einsum("i,ij,j->", x[0], x[1], x[2]) },
        "einsum_implicit": .tensors { x in pow(einsum("ij,jk", x[0], x[1]), 2) },
        "einsum_permute_sum": .tensors { x in pow(einsum("abc->ca", x[0]), 2) },
        "einsum_frobenius": .tensors { x in pow(einsum("ij,ij->", x[0], x[1]), 2) },
        "einsum_hadamard": .tensors { x in einsum("i,i->i", x[0], x[1]) },
        "einsum_transposed_batch": .tensors { x in einsum("bij,bkj->bik", x[0], x[1]) },
        "einsum_broadcast_size_one": .tensors { x in einsum("ij,ij->ij", x[0], x[1]) },
        "einsum_batched_diagonal": .tensors { x in pow(einsum("...ii->...i", x[0]), 2) },
        "einsum_four_operands": .tensors { x in einsum("ij,jk,kl,l->i", x[0], x[1], x[2], x[3]) },
        "einsum_capitals_ellipsis_ranks": .tensors { x in einsum("...K,K->...", x[0], x[1]) },
        "einsum_repeated_in_operand_and_across": .tensors { x in einsum("iij,ji->j", x[0], x[1]) },

        // Activations.
        "gelu": .tensors { x in x[0].gelu() },
        "gelu_tanh": .tensors { x in x[0].gelu(approximate: .tanh) },
        "silu": .tensors { x in x[0].silu() },
        "mish": .tensors { x in x[0].mish() },
        "softsign": .tensors { x in x[0].softsign() },
        "logsigmoid": .tensors { x in x[0].logSigmoid() },
        "leaky_relu": .tensors { x in x[0].leakyReLU(negativeSlope: 0.2) * x[0] },
        "elu": .tensors { x in x[0].elu(alpha: 0.7) },
        "selu": .tensors { x in x[0].selu() },
        "hardsigmoid": .tensors { x in x[0].hardSigmoid() * x[0] },
        "hardswish": .tensors { x in x[0].hardSwish() },
        "activation_composition": .tensors { x in (x[0].gelu() * 2).silu() + x[0].logSigmoid().mish() },
        "gelu_extreme": .tensors { x in x[0].gelu() },
        "logsigmoid_extreme": .tensors { x in x[0].logSigmoid() },
        "mish_extreme": .tensors { x in x[0].mish() },
        "silu_extreme": .tensors { x in x[0].silu() },
        "elu_large_negative": .tensors { x in x[0].elu() + x[0].selu() },
        "scalar_smooth_activations": .variables { v in
            v[0].gelu() * v[1].silu() + (v[0] * v[1]).mish() + v[1].softsign() / (1 + v[0] * v[0]) + (v[0] - v[1]).logSigmoid()
                + v[1].gelu(approximate: .tanh)
        },
        "activations_at_kinks": .tensors { x in
            x[0].leakyReLU(negativeSlope: 0.2) + x[0].hardSigmoid() * 4
        },

        // Tensor operations.
        "prod": .tensors { x in x[0].product() },
        "prod_axis": .tensors { x in x[0].product(alongAxes: [1]) },
        "prod_with_zero": .tensors { x in x[0].product(alongAxes: [1]) },
        "cumprod": .tensors { x in x[0].cumulativeProduct(alongAxis: 1) },
        "cumprod_with_zero": .tensors { x in x[0].cumulativeProduct(alongAxis: 1) },
        "sort_values": .tensors { x in x[0].sorted(alongAxis: 1, descending: true).values * Tensor<Double>.arange(4) },
        "topk_values": .tensors { x in pow(x[0].topK(2, alongAxis: 1).values, 2) },
        "cummax_values": .tensors { x in pow(x[0].cumulativeMax(alongAxis: 1).values, 2) },
        "logcumsumexp": .tensors { x in x[0].logCumulativeSumExp(alongAxis: 1) },
        "roll": .tensors { x in x[0].rolled(by: [1, -2], alongAxes: [0, 1]) * Tensor<Double>.arange(12).reshaped(to: [3, 4]) },
        "repeat": .tensors { x in pow(x[0].repeated([2, 1, 2]), 2) },
        "tile": .tensors { x in x[0].tiled([3]) * Tensor<Double>.arange(6) },
        "repeat_interleave": .tensors { x in pow(x[0].repeatedInterleave(2, alongAxis: 1), 2) },
        "repeat_interleave_counts": .tensors { x in pow(x[0].repeatedInterleave([2, 0, 1], alongAxis: 0), 2) },
        "scatter": .tensors { x in pow(x[0].scattering(x[1], indices: [2, 0, 1, 0, 0, 2], alongAxis: 1), 2) },
        "scatter_reduce_sum": .tensors { x in pow(x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .sum), 2) },
        "scatter_reduce_mean": .tensors { x in pow(x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .mean), 2) },
        "scatter_reduce_mean_exclude_self": .tensors { x in
            pow(x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .mean, includeSelf: false), 2)
        },
        "scatter_reduce_amax": .tensors { x in pow(x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .amax), 2) },
        "scatter_reduce_amin_exclude_self": .tensors { x in
            pow(x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .amin, includeSelf: false), 2)
        },
        "scatter_reduce_prod": .tensors { x in x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .product) },
        "masked_fill": .tensors { x in x[0].maskedFilled(where: mask, with: 0.5) * x[0] },
        "mask_select": .tensors { x in pow(x[0][mask: mask], 2) },
        "mask_select_rows": .tensors { x in pow(x[0].selected(where: Tensor([1, 0, 1])), 2) },
        "advanced_indexing": .tensors { x in pow(x[0][indices: [Tensor([0, 2, 2]), Tensor([1, 0, 1])]], 2) },
        "advanced_indexing_broadcast": .tensors { x in pow(x[0][indices: [Tensor([2, 0], shape: [2, 1]), Tensor([1, 3, -1])]], 2) },
        "one_hot": .tensors { x in pow((Tensor<Double>.oneHot([2, 0, 3], classes: 4) * x[0]).sum(alongAxes: [1]), 2) },
        "prod_two_zeros": .tensors { x in x[0].product(alongAxes: [1]) },
        "prod_all_with_zero": .tensors { x in x[0].product() },
        "cumprod_two_zeros": .tensors { x in x[0].cumulativeProduct(alongAxis: 1) },
        "sort_ascending": .tensors { x in x[0].sorted(alongAxis: 0).values * Tensor<Double>.arange(9).reshaped(to: [3, 3]) },
        "topk_smallest": .tensors { x in pow(x[0].topK(3, alongAxis: 1, largest: false).values, 2) },
        "cummin_values": .tensors { x in pow(x[0].cumulativeMin(alongAxis: 0).values, 2) },
        "logcumsumexp_large": .tensors { x in x[0].logCumulativeSumExp(alongAxis: 0) },
        "scatter_reduce_amax_exclude_self": .tensors { x in
            pow(x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .amax, includeSelf: false), 2)
        },
        "scatter_reduce_prod_exclude_self": .tensors { x in
            x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .product, includeSelf: false)
        },
        "roll_beyond_size": .tensors { x in x[0].rolled(by: [5, -7], alongAxes: [0, 1]) * Tensor<Double>.arange(6).reshaped(to: [2, 3]) },
        "repeat_interleave_flattened": .tensors { x in x[0].repeatedInterleave(2) * Tensor<Double>.arange(8) },
        "masked_fill_broadcast": .tensors { x in x[0].maskedFilled(where: Tensor([0, 1, 0]), with: -1) * x[0] },
        "scatter_reduce_mean_untouched": .tensors { x in
            pow(x[0].scattering(x[1], indices: [1, 1, 3, 0], alongAxis: 1, reduction: .mean, includeSelf: false), 2)
        },
        "topk_all": .tensors { x in x[0].topK(2, alongAxis: 0).values * Tensor<Double>.arange(6).reshaped(to: [2, 3]) },
        "cummax_ties": .tensors { x in x[0].cumulativeMax(alongAxis: 0).values * Tensor<Double>.arange(1, 7) },
        "cummin_ties": .tensors { x in x[0].cumulativeMin(alongAxis: 0).values * Tensor<Double>.arange(1, 6) },
        "sort_stable_ties": .tensors { x in x[0].sorted(alongAxis: 1, descending: true).values * Tensor<Double>.arange(8).reshaped(to: [2, 4]) },
        "scatter_reduce_amax_ties": .tensors { x in
            x[0].scattering(x[1], indices: scatterIndices, alongAxis: 1, reduction: .amax) * Tensor<Double>.arange(9).reshaped(to: [3, 3])
        },
        "max_dim_ties": .tensors { x in pow(x[0].max(alongAxes: [1]), 2) },
        "max_all_ties": .tensors { x in pow(x[0].max(), 2) },
        "maximum_minimum_ties": .tensors { x in
            max(x[0], x[1]) * 2 + min(x[0], x[1]) * Tensor([1, 2, 3])
        },
        "relu_abs_at_zero": .tensors { x in x[0].relu() * 3 + abs(x[0]) },

        // Padding modes, grouped, one-dimensional and transposed convolutions, pooling options.
        "pad_reflect": .tensors { x in pow(x[0].padded([(0, 0), (0, 0), (1, 2), (2, 1)], mode: .reflect), 2) },
        "pad_replicate": .tensors { x in pow(x[0].padded([(0, 0), (0, 0), (1, 2), (2, 1)], mode: .replicate), 2) },
        "pad_circular": .tensors { x in pow(x[0].padded([(0, 0), (0, 0), (1, 2), (2, 1)], mode: .circular), 2) },
        "conv2d_grouped": .tensors { x in conv2d(x[0], x[1], bias: x[2], padding: 1, groups: 2) },
        "conv2d_depthwise": .tensors { x in conv2d(x[0], x[1], stride: 2, groups: 3) },
        "conv1d": .tensors { x in conv1d(x[0], x[1], bias: x[2], stride: 2, padding: 1) },
        "conv1d_dilation_groups": .tensors { x in conv1d(x[0], x[1], dilation: 2, groups: 2) },
        "conv_transpose2d": .tensors { x in convTranspose2d(x[0], x[1], bias: x[2], stride: 2, padding: 1, outputPadding: 1) },
        "conv_transpose2d_groups": .tensors { x in convTranspose2d(x[0], x[1], stride: 1, dilation: 2, groups: 2) },
        "max_pool2d_dilation": .tensors { x in x[0].maxPool2d(kernel: 2, stride: 1, dilation: 2) },
        "max_pool2d_ceil_mode": .tensors { x in x[0].maxPool2d(kernel: 2, ceilMode: true) },
        "avg_pool2d_exclude_padding": .tensors { x in x[0].avgPool2d(kernel: 3, stride: 2, padding: 1, countIncludePad: false) },
        "avg_pool2d_ceil_mode": .tensors { x in x[0].avgPool2d(kernel: 2, ceilMode: true) },
        "pad_reflect_1d": .tensors { x in pow(x[0].padded([(0, 0), (3, 2)], mode: .reflect), 2) },
        "conv_transpose2d_rectangular": .tensors { x in
            convTranspose2d(x[0], x[1], bias: x[2], stride: (2, 1), padding: (1, 0), outputPadding: (1, 0))
        },
        "max_pool2d_all_options": .tensors { x in x[0].maxPool2d(kernel: 2, stride: 2, padding: 1, dilation: 2, ceilMode: true) },
        "avg_pool2d_ceil_padding": .tensors { x in x[0].avgPool2d(kernel: 3, stride: 2, padding: 1, ceilMode: true) },
        "avg_pool2d_ceil_padding_exclude": .tensors { x in
            x[0].avgPool2d(kernel: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false)
        },
        "max_pool2d_ceil_drops_window": .tensors { x in x[0].maxPool2d(kernel: 2, stride: 2, padding: 1, ceilMode: true) },
        "avg_pool2d_ceil_clipped_window": .tensors { x in x[0].avgPool2d(kernel: 2, stride: 2, padding: 1, ceilMode: true) },
        "avg_pool2d_ceil_drops_window": .tensors { x in
            x[0].avgPool2d(kernel: 2, stride: 2, padding: 1, ceilMode: true, countIncludePad: false)
        },
        "conv_transpose2d_all_options": .tensors { x in
            convTranspose2d(x[0], x[1], bias: x[2], stride: 2, padding: 1, outputPadding: 1, dilation: 2, groups: 2)
        },
        "conv2d_large_padding": .tensors { x in conv2d(x[0], x[1], padding: 3) },
    ]
}
