#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Backprop

/// The `scalar-mlp-moons` workload: micrograd's demo network on scalar Variables, MLP
/// 2→16→16→1 with ReLU hidden layers, a hinge loss over 100 points plus 1e-4·Σp², one forward
/// and backward.
enum ScalarMLPMoons {
    static let points = (0..<100).map { k in (cos(0.3 * Double(k)), sin(0.7 * Double(k))) }
    static let labels = (0..<100).map { $0 % 2 == 0 ? 1.0 : -1.0 }
    static let sizes = [2, 16, 16, 1]
    /// Every weight and bias, layer by layer and neuron by neuron: its weights, then its bias.
    static let initialParameters: [Double] = {
        var parameters: [Double] = [], weightIndex = 0
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) {
            for _ in 0..<outputs {
                for j in 0..<inputs { parameters.append(0.5 * sin(1.7 * Double(weightIndex + j))) }
                weightIndex += inputs
                parameters.append(0)
            }
        }
        return parameters
    }()

    static func run() -> [(who: String, seconds: Double)] {
        let seconds = medianSeconds(minimumRuns: 3) {
            let parameters = initialParameters.map { Variable($0) }
            loss(parameters).backward()
            consume(parameters[0].grad)
        }
        // Recorded once, outside the timing; each run replays the loss and its gradient.
        let compiled = try! compile(at: initialParameters, loss)
        let replay = medianSeconds(minimumRuns: 3) { consume(try! compiled.gradient(at: initialParameters)[0]) }
        return [("backprop", seconds), ("backprop-compiled", replay)]
    }

    /// The mean hinge loss over the points plus 1e-4·Σp², as a function of the parameters.
    static func loss(_ parameters: [Variable]) -> Variable {
        var next = 0
        let layers = zip(sizes, sizes.dropFirst()).map { inputs, outputs in
            (0..<outputs).map { _ in
                defer { next += inputs + 1 }
                return (weights: Array(parameters[next..<(next + inputs)]), bias: parameters[next + inputs])
            }
        }
        var total = Variable(0)
        for ((x0, x1), y) in zip(points, labels) {
            var activations = [Variable(x0), Variable(x1)]
            for (layerIndex, layer) in layers.enumerated() {
                activations = layer.map { weights, bias in
                    var sum = bias
                    for (weight, input) in zip(weights, activations) { sum = sum + weight * input }
                    return layerIndex < layers.count - 1 ? sum.relu() : sum
                }
            }
            total = total + (1 - y * activations[0]).relu()
        }
        var penalty = Variable(0)
        for parameter in parameters { penalty = penalty + parameter * parameter }
        return total / Double(points.count) + 1e-4 * penalty
    }
}
