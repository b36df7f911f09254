import Backprop
import BackpropNN

/// Softmax cross-entropy of logits [N, C] against integer labels, averaged over the batch.
func softmaxCrossEntropy(_ logits: Tensor<Float>, labels: [Int]) -> Tensor<Float> {
    let classes = logits.shape[1]
    var oneHot = [Float](repeating: 0, count: labels.count * classes)
    for (row, label) in labels.enumerated() { oneHot[row * classes + label] = 1 }
    let picked = logits.logSoftmax(alongAxis: 1) * Tensor(oneHot, shape: logits.shape)
    return -picked.sum() / Float(labels.count)
}

/// Plain SGD on leaves: p ← p − lr·∂L/∂p in one pass, each parameter a fresh leaf.
func sgdStep(_ parameters: inout [Tensor<Float>], learningRate: Float) {
    withoutRecording {
        parameters = parameters.map { parameter in
            guard let gradient = parameter.grad else { return parameter }
            return parameter.addingProduct(-learningRate, gradient).requiringGrad()
        }
    }
}

/// The `mlp-train-step` workload: MLP 784→256→128→10 with ReLU, softmax cross-entropy on a
/// batch of 128, one SGD step (lr 0.01).
enum MLPTrainStep {
    static func run() -> [(who: String, seconds: Double)] {
        let x = Tensor<Float>.randomNormal(shape: [128, 784], seed: 1)
        var generator = SeededRandomNumberGenerator(seed: 2)
        let labels = (0..<128).map { _ in Int(generator.next() % 10) }
        let layers = [Linear<Float>(inputSize: 784, outputSize: 256, seed: 3),
                      Linear<Float>(inputSize: 256, outputSize: 128, seed: 4),
                      Linear<Float>(inputSize: 128, outputSize: 10, seed: 5)]
        var parameters = layers.flatMap { [$0.weight, $0.bias] }
        let seconds = medianSeconds {
            for parameter in parameters { parameter.zeroGrad() }
            var h = x
            for layer in 0..<3 {
                h = Linear(weight: parameters[2 * layer], bias: parameters[2 * layer + 1])(h)
                if layer < 2 { h = h.relu() }
            }
            softmaxCrossEntropy(h, labels: labels).backward()
            sgdStep(&parameters, learningRate: 0.01)
        }
        return [("backprop", seconds)]
    }
}

/// The `cnn-train-step` workload: Conv(1→8, 3×3, pad 1) → ReLU → MaxPool 2 → Conv(8→16, 3×3,
/// pad 1) → ReLU → MaxPool 2 → flatten → Linear(784→10) → softmax cross-entropy on a batch of
/// 64 images 28×28, one SGD step (lr 0.01).
enum CNNTrainStep {
    static func run() -> [(who: String, seconds: Double)] {
        let x = Tensor<Float>.randomNormal(shape: [64, 1, 28, 28], seed: 1)
        var generator = SeededRandomNumberGenerator(seed: 2)
        let labels = (0..<64).map { _ in Int(generator.next() % 10) }
        func filters(_ out: Int, _ channels: Int, seed: UInt64) -> [Tensor<Float>] {
            let bound = 1 / Float(channels * 9).squareRoot()
            return [.randomUniform(shape: [out, channels, 3, 3], in: -bound...bound, seed: seed, requiresGrad: true),
                    .randomUniform(shape: [out], in: -bound...bound, seed: seed + 1, requiresGrad: true)]
        }
        let classifier = Linear<Float>(inputSize: 784, outputSize: 10, seed: 7)
        var parameters = filters(8, 1, seed: 3) + filters(16, 8, seed: 5) + [classifier.weight, classifier.bias]
        let seconds = medianSeconds {
            for parameter in parameters { parameter.zeroGrad() }
            var h = conv2d(x, parameters[0], bias: parameters[1], padding: 1).relu().maxPool2d(kernel: 2)
            h = conv2d(h, parameters[2], bias: parameters[3], padding: 1).relu().maxPool2d(kernel: 2)
            let logits = Linear(weight: parameters[4], bias: parameters[5])(h.reshaped(to: [64, 784]))
            softmaxCrossEntropy(logits, labels: labels).backward()
            sgdStep(&parameters, learningRate: 0.01)
        }
        return [("backprop", seconds)]
    }
}
