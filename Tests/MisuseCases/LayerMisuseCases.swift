import Backprop
import BackpropNN
import Foundation

/// Losses given bad labels or arguments, layers given inputs of the wrong shape, and models
/// loaded from files that do not fit them.
let layerMisuseCases: [MisuseCase] = [
    MisuseCase("cross-entropy with a label past the classes", operation: "crossEntropy") {
        _ = crossEntropy(logits: Tensor<Float>.zeros([2, 3]), labels: [0, 3])
    },
    MisuseCase("cross-entropy with class weights of the wrong size", operation: "crossEntropy") {
        _ = crossEntropy(logits: Tensor<Float>.zeros([2, 3]), labels: [0, 1], weights: Tensor([1, 1]))
    },
    MisuseCase("cross-entropy with label smoothing 2", operation: "crossEntropy") {
        _ = crossEntropy(logits: Tensor<Float>.zeros([2, 3]), labels: [0, 1], labelSmoothing: 2)
    },
    MisuseCase("negative log-likelihood with too few labels", operation: "negativeLogLikelihood") {
        _ = negativeLogLikelihood(logProbabilities: Tensor<Float>.zeros([4, 3]), labels: [0])
    },
    MisuseCase("Huber loss with delta 0", operation: "huberLoss") { _ = huberLoss(Tensor<Float>.zeros([2]), .zeros([2]), delta: 0) },
    MisuseCase("KL divergence of mismatched shapes", operation: "klDivergence") {
        _ = klDivergence(logProbabilities: Tensor<Float>.zeros([2, 3]), targets: .zeros([3, 2]))
    },
    MisuseCase("LayerNorm of the wrong trailing size", operation: "LayerNorm") { _ = LayerNorm<Float>(normalizedShape: [4])(.zeros([2, 3])) },
    MisuseCase("BatchNorm1D training on one sample", operation: "BatchNorm1D") { _ = BatchNorm1D<Float>(featureCount: 3)(.zeros([1, 3])) },
    MisuseCase("Embedding index past the table", operation: "Embedding") { _ = Embedding<Float>(count: 3, dimension: 2, seed: 1)([7]) },
    MisuseCase("attention heads that do not divide the features", operation: "MultiHeadAttention") {
        _ = MultiHeadAttention<Float>(embeddingDimension: 6, headCount: 4, seed: 1)
    },
    MisuseCase("GRU cell input of the wrong size", operation: "GRUCell") { _ = GRUCell<Float>(inputSize: 3, hiddenSize: 2, seed: 1)(.zeros([2, 5])) },
    MisuseCase("loading a model from a file that lacks a tensor", operation: "0.bias") {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("misuse-\(getpid())-missing.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafetensorsFile.save(["0.weight": Tensor<Float>.zeros([2, 2])], to: url)
        try Sequential<Float>(Linear(inputSize: 2, outputSize: 2, seed: 1)).load(from: url)
    },
    MisuseCase("loading a model from a file that is not safetensors", operation: "safetensors") {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("misuse-\(getpid())-text.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("not a model".utf8).write(to: url)
        try Linear<Float>(inputSize: 2, outputSize: 2, seed: 1).load(from: url)
    },
]
