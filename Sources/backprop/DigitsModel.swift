import Backprop
import BackpropNN

/// The two models `backprop train` fits to the 8×8 digits.
enum DigitsModel: String, CaseIterable {
    /// 64 → 256 → 128 → 10 with ReLU.
    case mlp
    /// Conv(1→16, 3×3) → ReLU → MaxPool 2 → Conv(16→32, 3×3) → ReLU → MaxPool 2 → Linear(128→10).
    case cnn

    /// A freshly initialised network of this kind.
    func network(seed: UInt64) -> Sequential<Float> {
        switch self {
        case .mlp:
            Sequential(MLP<Float>(sizes: [64, 256, 128, 10], activation: .relu, seed: seed))
        case .cnn:
            Sequential(
                Conv2D(inputChannels: 1, outputChannels: 16, kernelSize: 3, padding: 1, seed: seed), ReLU(), MaxPool2D(kernelSize: 2),
                Conv2D(inputChannels: 16, outputChannels: 32, kernelSize: 3, padding: 1, seed: seed &+ 1), ReLU(), MaxPool2D(kernelSize: 2),
                Flatten(), Linear(inputSize: 128, outputSize: 10, seed: seed &+ 2))
        }
    }

    /// Whether the network reads images [N, 1, 8, 8] rather than rows of 64 pixels.
    var readsImages: Bool { self == .cnn }

    /// The share of the digits held out for testing, stratified by digit: 359 of 1,797.
    static let testFraction = 0.2

    /// The epochs `backprop train` runs unless told otherwise.
    var defaultEpochs: Int { 30 }

    /// The learning rate of the adaptive optimizers unless told otherwise.
    var defaultLearningRate: Float { self == .mlp ? 0.001 : 0.005 }
}

/// The share of `predictions` equal to `labels`.
func accuracy(_ predictions: [Int], _ labels: [Int]) -> Double {
    Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
}

/// The predicted class of every example of `dataset`, in inference mode and without recording.
func predictions(of network: Sequential<Float>, on dataset: Dataset<Float>) -> [Int] {
    network.evaluate()
    defer { network.train() }
    return withoutRecording { network(dataset.inputs).argmax(alongAxis: 1) }
}

/// The confusion matrix of `predictions` against `labels` as a table: rows are true digits,
/// columns predicted ones.
func confusionTable(_ predictions: [Int], _ labels: [Int], classes: Int = 10) -> String {
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (predicted, actual) in zip(predictions, labels) { counts[actual][predicted] += 1 }
    let width = max(3, String(counts.flatMap { $0 }.max() ?? 0).count + 1)
    func cell(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
    var lines = ["true \\ predicted", "    " + (0..<classes).map { cell(String($0)) }.joined()]
    for (digit, row) in counts.enumerated() {
        lines.append("  \(digit) " + row.map { cell($0 == 0 ? "." : String($0)) }.joined())
    }
    return lines.joined(separator: "\n")
}
