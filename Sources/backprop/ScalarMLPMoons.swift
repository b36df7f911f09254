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
    static func run() -> [(who: String, seconds: Double)] {
        let points = (0..<100).map { k in (cos(0.3 * Double(k)), sin(0.7 * Double(k))) }
        let labels = (0..<100).map { $0 % 2 == 0 ? 1.0 : -1.0 }
        let sizes = [2, 16, 16, 1]
        let seconds = medianSeconds(minimumRuns: 3) {
            var index = 0
            var parameters: [Variable] = []
            // layers[l][neuron] = (weights, bias), created layer by layer, neuron by neuron.
            let layers = zip(sizes, sizes.dropFirst()).map { inputs, outputs in
                (0..<outputs).map { _ in
                    let weights = (0..<inputs).map { j in Variable(0.5 * sin(1.7 * Double(index + j))) }
                    index += inputs
                    let bias = Variable(0)
                    parameters += weights + [bias]
                    return (weights, bias)
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
            let loss = total / Double(points.count) + 1e-4 * penalty
            loss.backward()
            consume(parameters[0].grad)
        }
        return [("backprop", seconds)]
    }
}
