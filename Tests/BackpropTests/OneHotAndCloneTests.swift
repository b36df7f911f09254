import Testing
@testable import Backprop

@Suite("One-hot encodings and clones")
struct OneHotAndCloneTests {
    @Test("one-hot rows have a 1 at the label, with the class count given or inferred")
    func oneHot() {
        let encoded = Tensor<Double>.oneHot([2, 0], classes: 3)
        #expect(encoded.shape == [2, 3])
        #expect(encoded.scalars == [0, 0, 1, 1, 0, 0])
        #expect(Tensor<Float>.oneHot([1, 3]).shape == [2, 4])
        #expect(Tensor<Double>.oneHot([], classes: 2).shape == [0, 2])
    }

    @Test("cross-entropy with one-hot targets has the gradient softmax minus one-hot")
    func crossEntropy() {
        let labels = [1, 0, 2]
        let targets = Tensor<Double>.oneHot(labels, classes: 3)
        let logits = Tensor<Double>.randomNormal(shape: [3, 3], seed: 61)
        let loss = { (x: Tensor<Double>) in -(x.logSoftmax(alongAxis: 1) * targets).sum() }
        let g = gradient(at: logits, of: loss)
        #expect(close(g.scalars, (logits.softmax(alongAxis: 1) - targets).scalars))
        #expect(checkSecondOrderGradient(of: loss, at: logits).passed)
    }

    @Test("a clone owns its storage and passes gradients through as the identity")
    func clone() {
        let x = Tensor<Double>([1, 2], requiresGrad: true)
        var copy = x.clone()
        (copy * 3).sum().backward()
        #expect(x.grad!.scalars == [3, 3])
        withoutRecording { copy.assign(Tensor([5, 6])) }
        #expect(x.scalars == [1, 2])
        #expect(checkSecondOrderGradient(of: { pow($0.clone(), 3).sum() }, at: sample([3], seed: 62)).passed)
        #expect(checkJacobian(of: { $0.clone() * $0 }, at: sample([2, 2], seed: 63)).passed)
    }

    @Test("labels out of range are reported")
    func misuse() {
        let error = raisedError { _ = Tensor<Double>.oneHot([0, 3], classes: 3) }
        #expect(error?.description.contains("label 3 at position 1 is out of range for 3 classes") == true)
        #expect(raisedError { _ = Tensor<Double>.oneHot([-1]) } != nil)
    }
}

@Suite("The new tensor operations in Float")
struct FloatTensorOperationTests {
    @Test("Float tensors sort, multiply, scatter and select as Double ones do")
    func floatOperations() {
        let x = Tensor<Float>([3, 0, 2, 1], requiresGrad: true)
        #expect(x.sorted().values.scalars == [0, 1, 2, 3])
        #expect(x.cumulativeProduct(alongAxis: 0).scalars == [3, 0, 0, 0])
        #expect(x.logCumulativeSumExp(alongAxis: 0).scalars[0] == 3)
        #expect(x.scattering(Tensor([5]), indices: [1], alongAxis: 0, reduction: .amax).scalars == [3, 5, 2, 1])
        x.product().backward()
        #expect(x.grad!.scalars == [0, 6, 0, 0])
        #expect(x[mask: x .> 1].scalars == [3, 2])
    }
}
