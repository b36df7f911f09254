import Backprop
import BackpropNN
import Testing

/// Training steps of separate models, run side by side, do not disturb each other.
@Suite("Concurrent training")
struct ConcurrentTrainingTests {
    static let workers = 8

    @Test("three SGD steps of an MLP in eight concurrent tasks and on eight threads give the serial weights and gradients")
    func trainingSteps() async {
        let serial = (0..<Self.workers).map(weightsAndGradientsAfterTraining)
        #expect(serial.joined().allSatisfy { $0.isFinite })
        #expect(await inConcurrentTasks(Self.workers, weightsAndGradientsAfterTraining) == serial)
        #expect(onThreads(Self.workers, weightsAndGradientsAfterTraining) == serial)
    }
}

/// The parameters of an MLP 8→32→4 after three SGD steps (with momentum) on a batch of 32,
/// followed by the gradients of the last step.
@Sendable private func weightsAndGradientsAfterTraining(_ seed: Int) -> [Float] {
    let model = MLP<Float>(sizes: [8, 32, 4], activation: .tanh, seed: UInt64(seed))
    let optimizer = SGD<Float>(learningRate: 0.05, momentum: 0.9)
    let inputs = Tensor<Float>.randomNormal(shape: [32, 8], seed: UInt64(seed + 100))
    let targets = Tensor<Float>.randomNormal(shape: [32, 4], seed: UInt64(seed + 200))
    for _ in 0..<3 {
        model.zeroGrad()
        meanSquaredError(model(inputs), targets).backward()
        optimizer.step(model)
    }
    let parameters = model.namedParameters.map(\.value)
    return parameters.flatMap(\.scalars) + parameters.flatMap { $0.grad?.scalars ?? [] }
}
