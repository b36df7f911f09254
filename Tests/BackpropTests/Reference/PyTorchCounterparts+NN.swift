import Backprop
import BackpropNN

/// The counterparts of the reference script's "loss" and "layer" families, written with
/// BackpropNN's losses and layers (the layers' parameters set to the reference's inputs).
func neuralNetworkCounterparts() -> [String: Counterpart] {
    let labels = [1, 0, 4, 2]
    let classWeights = Tensor<Double>([0.5, 1.5, 1.0, 2.0, 0.7])
    let spatialLabels = [2, 0, 1, 1, 1, 0]
    return [
        // Losses.
        "cross_entropy_weighted_ignore": .tensors { x in crossEntropy(logits: x[0], labels: labels, weights: classWeights, ignoreIndex: 4) },
        "cross_entropy_label_smoothing": .tensors { x in crossEntropy(logits: x[0], labels: labels, labelSmoothing: 0.2) },
        "cross_entropy_weighted_smoothing": .tensors { x in
            crossEntropy(logits: x[0], labels: labels, weights: classWeights, labelSmoothing: 0.1)
        },
        "cross_entropy_probabilities": .tensors { x in
            crossEntropy(logits: x[0], probabilities: x[1].softmax(alongAxis: 1), labelSmoothing: 0.1)
        },
        "cross_entropy_none": .tensors { x in crossEntropy(logits: x[0], labels: labels, weights: classWeights, reduction: .none) },
        "cross_entropy_sum": .tensors { x in crossEntropy(logits: x[0], labels: labels, reduction: .sum) },
        "nll_loss": .tensors { x in negativeLogLikelihood(logProbabilities: x[0].logSoftmax(alongAxis: 1), labels: labels, weights: classWeights) },
        "nll_loss_none": .tensors { x in negativeLogLikelihood(logProbabilities: x[0], labels: labels, ignoreIndex: 0, reduction: .none) },
        "huber_loss": .tensors { x in huberLoss(x[0], x[1], delta: 0.5) },
        "huber_loss_none": .tensors { x in huberLoss(x[0], x[1], delta: 0.5, reduction: .none) },
        "smooth_l1_loss": .tensors { x in smoothL1Loss(x[0], x[1], beta: 0.7, reduction: .sum) },
        "kl_div_batchmean": .tensors { x in
            klDivergence(logProbabilities: x[0].logSoftmax(alongAxis: 1), targets: x[1].softmax(alongAxis: 1), reduction: .batchMean)
        },
        "kl_div_log_target": .tensors { x in
            klDivergence(
                logProbabilities: x[0].logSoftmax(alongAxis: 1), targets: x[1].logSoftmax(alongAxis: 1), targetsAreLogProbabilities: true,
                reduction: .batchMean)
        },
        "kl_div_none": .tensors { x in klDivergence(logProbabilities: x[0], targets: x[1], reduction: .none) },
        "mse_loss_sum_rows": .tensors { x in meanSquaredError(x[0], x[1], samples: .rows) },
        "cross_entropy_all_options": .tensors { x in
            crossEntropy(logits: x[0], labels: labels, weights: classWeights, ignoreIndex: 0, labelSmoothing: 0.3)
        },
        "cross_entropy_all_options_none": .tensors { x in
            crossEntropy(logits: x[0], labels: labels, weights: classWeights, ignoreIndex: 0, labelSmoothing: 0.3, reduction: .none)
        },
        "cross_entropy_probabilities_weighted": .tensors { x in
            crossEntropy(logits: x[0], probabilities: x[1].softmax(alongAxis: 1), weights: classWeights, labelSmoothing: 0.2)
        },
        "cross_entropy_probabilities_sum": .tensors { x in
            crossEntropy(logits: x[0], probabilities: x[1].softmax(alongAxis: 1), reduction: .sum)
        },
        "nll_loss_weighted_sum": .tensors { x in
            negativeLogLikelihood(logProbabilities: x[0].logSoftmax(alongAxis: 1), labels: labels, weights: classWeights, reduction: .sum)
        },
        "kl_div_mean": .tensors { x in klDivergence(logProbabilities: x[0], targets: x[1]) },
        "kl_div_sum_log_target": .tensors { x in
            klDivergence(logProbabilities: x[0], targets: x[1], targetsAreLogProbabilities: true, reduction: .sum)
        },
        "huber_loss_sum": .tensors { x in huberLoss(x[0], x[1], delta: 2.5, reduction: .sum) },
        "smooth_l1_loss_mean_none": .tensors { x in smoothL1Loss(x[0], x[1], beta: 0.7) + smoothL1Loss(x[0], x[1], beta: 0.2, reduction: .none) },
        "cross_entropy_spatial": .tensors { x in
            crossEntropy(logits: x[0], labels: spatialLabels, weights: Tensor([0.5, 1.5, 1.0]), labelSmoothing: 0.1)
        },
        "cross_entropy_spatial_none": .tensors { x in crossEntropy(logits: x[0], labels: spatialLabels, ignoreIndex: 1, reduction: .none) },
        "cross_entropy_unbatched": .tensors { x in crossEntropy(logits: x[0], labels: [3], labelSmoothing: 0.2) },
        "nll_loss_spatial": .tensors { x in negativeLogLikelihood(logProbabilities: x[0].logSoftmax(alongAxis: 1), labels: spatialLabels) },
        "kl_div_zero_targets": .tensors { x in
            klDivergence(
                logProbabilities: x[0].logSoftmax(alongAxis: 1), targets: Tensor([0, 0.25, 0.75, 0.5, 0.5, 0], shape: [2, 3]),
                reduction: .batchMean)
        },
        "binary_cross_entropy_with_logits_targets": .tensors { x in binaryCrossEntropy(logits: x[0], targets: x[1].sigmoid()) },

        // Layers.
        "layer_norm": .tensors { x in
            let norm = LayerNorm<Double>(normalizedShape: [4])
            (norm.weight, norm.bias) = (x[1], x[2])
            return norm(x[0])
        },
        "layer_norm_two_axes": .tensors { x in LayerNorm<Double>(normalizedShape: [2, 3], elementwiseAffine: false)(x[0]) },
        "batch_norm_training": .tensors { x in
            let norm = BatchNorm1D<Double>(featureCount: 3, trackRunningStatistics: false)
            (norm.weight, norm.bias) = (x[1], x[2])
            return norm(x[0])
        },
        "batch_norm2d_training": .tensors { x in BatchNorm2D<Double>(featureCount: 2, affine: false, trackRunningStatistics: false)(x[0]) },
        "embedding": .tensors { x in pow(Embedding(weight: x[0])(indices: [2, 0, 2, 3], shape: [2, 2]), 2) },
        "multi_head_attention": .tensors { x in attention(x, causal: true) },
        "multi_head_attention_full": .tensors { x in attention(x, causal: false) },
        "layer_norm_no_bias": .tensors { x in
            let norm = LayerNorm<Double>(normalizedShape: [4], epsilon: 1e-3, bias: false)
            norm.weight = x[1]
            return norm(x[0])
        },
        "embedding_padding_index": .tensors { x in pow(Embedding(weight: x[0], paddingIndex: 0)(indices: [0, 1, 2, 0], shape: [2, 2]), 2) },
        "batch_norm1d_sequences": .tensors { x in
            let norm = BatchNorm1D<Double>(featureCount: 2, epsilon: 1e-3, trackRunningStatistics: false)
            (norm.weight, norm.bias) = (x[1], x[2])
            return norm(x[0])
        },
        "layer_norm_affine_two_axes": .tensors { x in
            let norm = LayerNorm<Double>(normalizedShape: [2, 3])
            (norm.weight, norm.bias) = (x[1], x[2])
            return norm(x[0])
        },
        "multi_head_attention_masks": .tensors { x in
            attention(
                x, causal: false, keyPaddingMask: Tensor([0, 0, 1, 0, 0, 0], shape: [2, 3]),
                attentionMask: Tensor([0, -0.5, 0.3, 0.2, 0, -.infinity, -1, 0.4, 0], shape: [3, 3]))
        },
        "gru_cell": .tensors { x in
            let cell = GRUCell<Double>(inputSize: 3, hiddenSize: 4, seed: 0)
            assign(cellParameters(x[2...]), to: cell)
            return cell(x[0], hidden: x[1])
        },
        "lstm_cell": .tensors { x in
            let cell = LSTMCell<Double>(inputSize: 3, hiddenSize: 4, seed: 0)
            assign(cellParameters(x[3...]), to: cell)
            let (hidden, state) = cell(x[0], state: (hidden: x[1], cell: x[2]))
            return Tensor.concatenated([hidden, state], alongAxis: 1)
        },
    ]
}

/// A two-head MultiHeadAttention with the reference's parameters (in-projection weight and bias,
/// out-projection weight and bias: inputs 1 to 4) applied to input 0 as self-attention.
private func attention(
    _ x: [Tensor<Double>], causal: Bool, keyPaddingMask: Tensor<Double>? = nil, attentionMask: Tensor<Double>? = nil
) -> Tensor<Double> {
    let layer = MultiHeadAttention<Double>(embeddingDimension: 4, headCount: 2, causal: causal, seed: 0)
    (layer.inProjectionWeight, layer.inProjectionBias) = (x[1], x[2])
    (layer.outProjection.weight, layer.outProjection.bias) = (x[3], x[4])
    return layer(query: x[0], key: x[0], value: x[0], keyPaddingMask: keyPaddingMask, attentionMask: attentionMask)
}

/// A recurrent cell's parameters by PyTorch's names, from the reference's inputs in its order.
private func cellParameters(_ weights: ArraySlice<Tensor<Double>>) -> [String: Tensor<Double>] {
    Dictionary(uniqueKeysWithValues: zip(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], weights))
}

/// Replaces each parameter of `model` by the tensor of its name.
private func assign(_ parameters: [String: Tensor<Double>], to model: some Parameterized<Double>) {
    model.visitParameters { name, parameter in parameter = parameters[name]! }
}
