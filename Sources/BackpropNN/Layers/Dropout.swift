import Backprop

/// Dropout: in training mode each element is zeroed with probability `probability` and the
/// rest scaled by 1/(1 − probability), from a seeded generator (the same seed gives the same
/// masks, call after call); in inference mode the input passes unchanged.
public final class Dropout<Element: TensorElement>: Layer {
    /// The probability of zeroing an element.
    public let probability: Double
    private var generator: SeededRandomNumberGenerator
    private var isTraining = true

    /// A dropout layer; `probability` must be in [0, 1).
    public init(probability: Double, seed: UInt64) {
        if !(0..<1).contains(probability) {
            BackpropError(.invalidArgument, operation: "Dropout", problem: "probability \(probability) is outside [0, 1)",
                          fix: "Use a probability of at least 0 and below 1").raise()
        }
        self.probability = min(max(probability, 0), 0.999_999)
        generator = SeededRandomNumberGenerator(seed: seed)
    }

    /// The input with dropped elements (training) or unchanged (inference).
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        guard isTraining, probability > 0 else { return input }
        let keep = 1 - probability
        let mask = (0..<input.count).map { _ in generator.nextUniform() < keep ? Element(1 / keep) : 0 }
        return input * Tensor(mask, shape: input.shape)
    }

    /// Training drops; inference passes through.
    public func setTraining(_ training: Bool) { isTraining = training }

    /// `Dropout(0.5)`.
    public var description: String { "Dropout(\(probability))" }
}
