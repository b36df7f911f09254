import Backprop

/// Samples of a 2-d point set, built in sample order, with the checks the generators share.
struct PointSetBuilder {
    private var coordinates: [Double] = []
    private var labels: [Int] = []
    private var generator: SeededRandomNumberGenerator
    private let noise: Double

    /// A builder adding normal noise of standard deviation `noise` drawn from `seed`.
    init(noise: Double, seed: UInt64) {
        self.noise = noise
        generator = SeededRandomNumberGenerator(seed: seed)
    }

    /// Adds the point (x, y) plus noise (x's draw first, then y's) with `label`.
    mutating func add(_ x: Double, _ y: Double, label: Int) {
        let (dx, dy) = noise == 0 ? (0, 0) : (noise * generator.nextNormal(), noise * generator.nextNormal())
        coordinates += [x + dx, y + dy]
        labels.append(label)
    }

    /// The points as a dataset of inputs [N, 2] and labels.
    func dataset<Element: TensorElement>(classCount: Int) -> Dataset<Element> {
        Dataset(inputs: Tensor(coordinates.map { Element($0) }, shape: [labels.count, 2]), labels: labels, targets: nil,
                classCount: classCount)
    }

    /// Whether the generator's arguments are usable; raises an error naming the first that is
    /// not.
    static func validate(_ operation: String, counts: [(String, Int)], noise: Double) -> Bool {
        if let (name, value) = counts.first(where: { $0.1 < 0 }) {
            BackpropError(.invalidArgument, operation: operation, problem: "\(name) \(value) is negative",
                          fix: "Ask for zero or more samples").raise()
            return false
        }
        guard noise >= 0, noise.isFinite else {
            BackpropError(.invalidArgument, operation: operation, problem: "noise \(noise) is not a finite standard deviation ≥ 0",
                          fix: "Pass 0 for exact points, or a small spread such as 0.1").raise()
            return false
        }
        return true
    }
}
