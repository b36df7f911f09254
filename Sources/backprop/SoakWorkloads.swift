import Backprop
import BackpropNN

/// Work that `backprop soak` repeats many times.
protocol SoakWorkload {
    /// The name printed on each progress line.
    var name: String { get }
    /// Runs iteration `index` (counting from 0) and returns what is wrong with its result, if anything.
    mutating func iterate(_ index: Int) -> String?
    /// What the iterations computed, for the last line of the phase.
    var summary: String { get }
}

/// A graph of 17 scalar operations built from one of 16 inputs, backward, and the gradients read
/// back: on every visit of an input they must be bit for bit those of its first visit.
struct ScalarGraphSoak: SoakWorkload {
    let name = "scalar"
    static let inputCount = 16
    private var firstGradients: [[Double]] = []

    mutating func iterate(_ index: Int) -> String? {
        let input = index % Self.inputCount
        let a = Variable(0.1 * Double(input) - 0.8), b = Variable(1.2)
        var y = a * b
        for _ in 0..<2 { y = tanh(y) * b + sin(a) * exp(-(y * y)) }
        y.backward()
        let gradients = [a.grad ?? .nan, b.grad ?? .nan]
        guard input < firstGradients.count else {
            firstGradients.append(gradients)
            return gradients.allSatisfy(\.isFinite) ? nil : "the gradients are \(gradients)"
        }
        let expected = firstGradients[input]
        return gradients == expected ? nil : "the gradients \(gradients) differ from the \(expected) computed for the same input before"
    }

    var summary: String { "gradients of \(firstGradients.count) inputs, unchanged on every visit" }
}

/// One SGD step (momentum 0.9) of an MLP 16→32→4 on a fixed batch of 32 under mean squared
/// error; the loss must stay finite.
struct MLPTrainingSoak: SoakWorkload {
    let name = "tensor"
    private let model = MLP<Float>(sizes: [16, 32, 4], activation: .tanh, seed: 1)
    private let optimizer = SGD<Float>(learningRate: 0.01, momentum: 0.9)
    private let inputs = Tensor<Float>.randomNormal(shape: [32, 16], seed: 2)
    private let targets = Tensor<Float>.randomNormal(shape: [32, 4], seed: 3)
    private var firstLoss: Float?
    private var lastLoss: Float?

    mutating func iterate(_ index: Int) -> String? {
        model.zeroGrad()
        let loss = meanSquaredError(model(inputs), targets)
        loss.backward()
        optimizer.step(model)
        let value = loss.scalar ?? .nan
        if firstLoss == nil { firstLoss = value }
        lastLoss = value
        return value.isFinite ? nil : "the loss is \(value)"
    }

    var summary: String {
        guard let firstLoss, let lastLoss else { return "no steps" }
        return "loss \(format(Double(firstLoss), 4)) → \(format(Double(lastLoss), 4))"
    }
}
