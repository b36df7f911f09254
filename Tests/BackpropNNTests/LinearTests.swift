import Backprop
import BackpropNN
import Testing

@Suite("Linear, and seed 001's PyTorch example")
struct LinearTests {
    @Test("seed 001: fc2(fc1(x)).sum().backward() gives x.grad = W₁ᵀ·W₂ᵀ·[1, 1] and the closed-form parameter gradients")
    func seedExample() {
        let x = Tensor<Double>([2, 2], requiresGrad: true)
        let fc1 = Linear<Double>(inputSize: 2, outputSize: 2, seed: 1)
        let fc2 = Linear<Double>(inputSize: 2, outputSize: 2, seed: 2)
        fc2(fc1(x)).sum().backward()

        let (w1, b1, w2) = (fc1.weight.scalars, fc1.bias.scalars, fc2.weight.scalars)
        // y₁ = W₁x + b₁; ∂L/∂y₂ = [1, 1]; ∂L/∂y₁ = W₂ᵀ[1, 1]; ∂L/∂x = W₁ᵀW₂ᵀ[1, 1].
        let y1 = [w1[0] * 2 + w1[1] * 2 + b1[0], w1[2] * 2 + w1[3] * 2 + b1[1]]
        let upstream = [w2[0] + w2[2], w2[1] + w2[3]]
        let expectedX = [w1[0] * upstream[0] + w1[2] * upstream[1], w1[1] * upstream[0] + w1[3] * upstream[1]]
        expectClose(x.grad!.scalars, expectedX)
        expectClose(fc2.bias.grad!.scalars, [1, 1])
        expectClose(fc2.weight.grad!.scalars, [y1[0], y1[1], y1[0], y1[1]])
        expectClose(fc1.bias.grad!.scalars, upstream)
        expectClose(fc1.weight.grad!.scalars, [upstream[0] * 2, upstream[0] * 2, upstream[1] * 2, upstream[1] * 2])
    }

    @Test("initialisation is PyTorch's uniform bound 1/√inputSize and depends only on the seed")
    func seededInitialisation() {
        let layer = Linear<Float>(inputSize: 16, outputSize: 8, seed: 7)
        #expect(layer.weight.shape == [8, 16] && layer.bias.shape == [8])
        #expect((layer.weight.scalars + layer.bias.scalars).allSatisfy { Swift.abs($0) <= 0.25 })
        #expect(layer.weight.scalars == Linear<Float>(inputSize: 16, outputSize: 8, seed: 7).weight.scalars)
        #expect(layer.weight.isLeaf && layer.bias.isLeaf)
    }

    @Test("batched and higher-rank inputs keep their leading axes and pass a gradient check")
    func batchedInput() {
        let layer = Linear<Double>(inputSize: 3, outputSize: 2, seed: 3)
        #expect(layer(Tensor<Double>.ones([4, 3])).shape == [4, 2])
        #expect(layer(Tensor<Double>.ones([5, 4, 3])).shape == [5, 4, 2])
        let report = checkGradient(
            of: { inputs in Linear(weight: inputs[1], bias: inputs[2])(inputs[0]) },
            at: [.randomNormal(shape: [4, 3], seed: 1), layer.weight, layer.bias])
        #expect(report.passed, "\(report)")
    }

    @Test("an input of the wrong width is an error naming the layer and the shapes")
    func wrongInputWidth() throws {
        let layer = Linear<Double>(inputSize: 3, outputSize: 2, seed: 3)
        #expect {
            try withErrorChecking { _ = layer(Tensor<Double>.ones([4, 5])) }
        } throws: { error in
            (error as? BackpropError)?.description.hasPrefix("Linear(3 → 2): the input has shape [4, 5]") == true
        }
    }
}

private func expectClose(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(Swift.abs(a - e) < 1e-12, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
    }
}
