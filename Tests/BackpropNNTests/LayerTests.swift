import Backprop
import BackpropNN
import Foundation
import Testing

@Suite("Layers: parameters by name, modes, shapes and gradients")
struct LayerTests {
    @Test("Sequential and MLP name parameters as PyTorch's nn.Sequential and count them")
    func parameterNames() {
        let model = MLP<Float>(sizes: [64, 32, 10], activation: .relu, seed: 1)
        #expect(model.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(model.parameterCount == 64 * 32 + 32 + 32 * 10 + 10)
        #expect(model(Tensor<Float>.zeros([5, 64])).shape == [5, 10])
        let summary = model.summary()
        #expect(summary.contains("0.weight") && summary.contains("[32, 64]") && summary.contains("total: 2410 parameters"))
        let cnn = Sequential<Float>(
            Conv2D(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, seed: 1), ReLU(), MaxPool2D(kernelSize: 2),
            Flatten(), Linear(inputSize: 4 * 4 * 4, outputSize: 10, seed: 2))
        #expect(cnn.namedParameters.map(\.name) == ["0.weight", "0.bias", "4.weight", "4.bias"])
        #expect(cnn(Tensor<Float>.zeros([2, 1, 8, 8])).shape == [2, 10])
    }

    @Test("the same seed builds the same model; initialisers have their documented scale")
    func seededInitialisation() {
        let a = MLP<Double>(sizes: [100, 50], seed: 7), b = MLP<Double>(sizes: [100, 50], seed: 7)
        #expect(a.namedParameters[0].value.scalars == b.namedParameters[0].value.scalars)
        let he = Initialization.heNormal.tensor(shape: [400, 400], fanIn: 400, fanOut: 400, seed: 3) as Tensor<Double>
        let std = he.standardDeviation().scalar!
        #expect(Swift.abs(std - (2.0 / 400).squareRoot()) < 0.002)
        let xavier = Initialization.xavierUniform.tensor(shape: [100, 50], fanIn: 50, fanOut: 100, seed: 4) as Tensor<Double>
        #expect(xavier.scalars.allSatisfy { Swift.abs($0) <= (6.0 / 150).squareRoot() })
    }

    @Test("a model's gradients pass a gradient check through every layer type")
    func gradientsThroughLayers() {
        let model = Sequential<Double>(
            Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, seed: 1), Tanh(), AvgPool2D(kernelSize: 2),
            Flatten(), Linear(inputSize: 8, outputSize: 3, seed: 2), Softplus(), Sigmoid(), Softmax())
        let report = checkGradient(of: { model($0).sum(alongAxes: 0).max() }, at: .randomNormal(shape: [2, 1, 4, 4], seed: 3))
        #expect(report.passed, "\(report)")
    }

    @Test("Dropout drops in training, scales the rest, and passes through in evaluation")
    func dropout() {
        let dropout = Dropout<Double>(probability: 0.25, seed: 5)
        let x = Tensor<Double>.ones([10_000])
        let dropped = dropout(x).scalars
        let zeros = dropped.filter { $0 == 0 }.count
        #expect(Swift.abs(Double(zeros) / 10_000 - 0.25) < 0.02)
        #expect(dropped.allSatisfy { $0 == 0 || Swift.abs($0 - 4.0 / 3) < 1e-12 })
        dropout.evaluate()
        #expect(dropout(x).scalars == x.scalars)
        let model = Sequential<Double>(Linear(inputSize: 3, outputSize: 3, seed: 1), Dropout(probability: 0.5, seed: 2))
        model.evaluate()
        #expect(model(.ones([1, 3])).scalars == Linear<Double>(inputSize: 3, outputSize: 3, seed: 1)(.ones([1, 3])).scalars)
    }

    @Test("parameters can be replaced through visitParameters and zeroGrad clears them all")
    func visitingParameters() {
        let layer = Linear<Double>(inputSize: 2, outputSize: 1, seed: 1)
        layer(.ones([1, 2])).sum().backward()
        #expect(layer.weight.grad != nil)
        layer.zeroGrad()
        #expect(layer.weight.grad == nil && layer.bias.grad == nil)
        layer.visitParameters { _, parameter in parameter.assign(.zeros(parameter.shape)) }
        #expect(layer.weight.scalars == [0, 0] && layer.weight.isLeaf)
    }
}
