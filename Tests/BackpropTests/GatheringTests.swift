import Foundation
import Testing
@testable import Backprop

@Suite("Gathering slices and elements, and their scatter-add adjoints")
struct GatheringTests {
    /// [[1, 2], [3, 4], [5, 6]]
    let table = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [3, 2])

    @Test("gathering takes whole slices in the order given, repeats included")
    func gatheringValues() {
        let rows = table.gathering(indices: [2, 0, 2], alongAxis: 0)
        #expect(rows.shape == [3, 2])
        #expect(rows.scalars == [5, 6, 1, 2, 5, 6])
        #expect(table.gathering(indices: [1], alongAxis: -1).scalars == [2, 4, 6])
        #expect(table.gathering(indices: [], alongAxis: 0).shape == [0, 2])
        let cube = Tensor<Double>.arange(24).reshaped(to: [2, 3, 4])
        #expect(cube.gathering(indices: [2, 1], alongAxis: 1).scalars == [8, 9, 10, 11, 4, 5, 6, 7, 20, 21, 22, 23, 16, 17, 18, 19])
    }

    @Test("repeated indices accumulate in the gradient of a gather")
    func gatheringGradient() {
        let x = Tensor<Double>.zeros([3, 2], requiresGrad: true)
        x.gathering(indices: [2, 0, 2, 2], alongAxis: 0).sum().backward()
        #expect(x.grad!.scalars == [1, 1, 0, 0, 3, 3])
        for (shape, indices, axis) in [([3, 4, 2], [1, 1, 0, 3], 1), ([5, 3], [4, 0, 4], 0), ([2, 2, 3], [2, 0], -1)] {
            let report = checkGradient(of: { $0.gathering(indices: indices, alongAxis: axis) }, at: sample(shape, seed: 1))
            #expect(report.passed, "\(shape) \(indices) axis \(axis): \(report)")
        }
        let transposed = checkGradient(of: { $0.transposed().gathering(indices: [0, 3, 3], alongAxis: 0) }, at: sample([3, 4], seed: 2))
        #expect(transposed.passed, "\(transposed)")
    }

    @Test("scatter-add puts slices back at their indices, accumulating repeats; its gradient is the gather")
    func scatteringAdd() {
        #expect(Tensor<Double>([1, 2, 3]).scatteringAdd(indices: [1, 0, 1], alongAxis: 0, intoShape: [3]).scalars == [2, 4, 0])
        let rows = Tensor<Double>([1, 2, 3, 4], shape: [2, 2]).scatteringAdd(indices: [2, 0], alongAxis: 0, intoShape: [3, 2])
        #expect(rows.scalars == [3, 4, 0, 0, 1, 2])
        let report = checkGradient(
            of: { $0.transposed().scatteringAdd(indices: [3, 1, 3], alongAxis: 1, intoShape: [2, 5]) }, at: sample([3, 2], seed: 3))
        #expect(report.passed, "\(report)")
    }

    @Test("gathering elements picks one position along the axis per output element")
    func gatheringElements() {
        let x = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3])
        #expect(x.gatheringElements(indices: [2, 0, 1, 1], shape: [2, 2], alongAxis: 1).scalars == [3, 1, 5, 5])
        #expect(x.gatheringElements(indices: [1, 0, 1], shape: [1, 3], alongAxis: 0).scalars == [4, 2, 6])
        #expect(x.gatheringElements(indices: [1, 0, 0, 1, 1, 0], shape: [2, 3], alongAxis: -2).scalars == [4, 2, 3, 4, 5, 3])
        let report = checkGradient(
            of: { $0.transposed().gatheringElements(indices: [0, 2, 2, 1, 1, 1, 0, 0], shape: [4, 2], alongAxis: 1) },
            at: sample([3, 4], seed: 4))
        #expect(report.passed, "\(report)")
        let cube = checkGradient(
            of: { $0.gatheringElements(indices: [2, 0, 1, 1, 0, 2, 2, 2, 1, 0, 0, 1], shape: [2, 3, 2], alongAxis: 2) },
            at: sample([2, 3, 3], seed: 5))
        #expect(cube.passed, "\(cube)")
    }

    @Test("scatter-add of elements accumulates repeats; its gradient is the element gather")
    func scatteringAddElements() {
        let value = Tensor<Double>([1, 2, 3, 4], shape: [2, 2]).scatteringAddElements(indices: [2, 2, 0, 1], alongAxis: 1, intoShape: [2, 3])
        #expect(value.scalars == [0, 0, 3, 3, 4, 0])
        let report = checkGradient(
            of: { $0.transposed().scatteringAddElements(indices: [0, 3, 3, 1, 0, 0], alongAxis: 1, intoShape: [3, 4]) },
            at: sample([2, 3], seed: 6))
        #expect(report.passed, "\(report)")
    }

    @Test("picking takes one element per row, as cross-entropy does with class labels")
    func picking() {
        let logits = Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let picked = logits.picking(indices: [2, 0], alongAxis: 1)
        #expect(picked.shape == [2])
        #expect(picked.scalars == [3, 4])
        #expect(logits.picking(indices: [1, 0, 1], alongAxis: 0).scalars == [4, 2, 6])
        let report = checkGradient(of: { $0.transposed().picking(indices: [1, 0, 2, 2], alongAxis: -1) }, at: sample([3, 4], seed: 7))
        #expect(report.passed, "\(report)")
    }

    @Test("cross-entropy from log-softmax and picking has the gradient softmax minus one-hot")
    func crossEntropyClosedForm() {
        let labels = [2, 0, 1, 2]
        let logits = Tensor<Double>.randomNormal(shape: [4, 3], seed: 8)
        let crossEntropy = { (x: Tensor<Double>) -> Tensor<Double> in
            let logProbabilities = x - log(exp(x).sum(alongAxes: [1], keepingDimensions: true))
            return -logProbabilities.picking(indices: labels, alongAxis: 1).mean()
        }
        let report = checkGradient(of: crossEntropy, at: logits)
        #expect(report.passed, "\(report)")
        let x = logits.requiringGrad()
        crossEntropy(x).backward()
        let values = logits.scalars
        for row in 0..<4 {
            let exponentials = (0..<3).map { Foundation.exp(values[row * 3 + $0]) }
            let total = exponentials.reduce(0, +)
            for column in 0..<3 {
                let expected = (exponentials[column] / total - (column == labels[row] ? 1 : 0)) / 4
                #expect(Swift.abs(x.grad!.scalars[row * 3 + column] - expected) < 1e-12)
            }
        }
    }

    @Test("an index out of range names the index, its position, the axis and the size")
    func indexOutOfRange() {
        let error = raisedError { _ = table.gathering(indices: [0, 3], alongAxis: 0) }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.description == "gathering(indices:alongAxis:): index 3 at position 1 is out of range for axis 0 of size 3 (shape [3, 2]). Use indices in 0..<3.")
        #expect(raisedError { _ = table.gathering(indices: [-1], alongAxis: 1) }?.description.contains("index -1 at position 0 is out of range for axis 1 of size 2") == true)
        let label = raisedError { _ = Tensor<Double>.zeros([2, 3]).picking(indices: [1, 5], alongAxis: 1) }
        #expect(label?.description == "picking(indices:alongAxis:): index 5 at position 1 is out of range for axis 1 of size 3 (shape [2, 3]). Use indices in 0..<3.")
        #expect(raisedError { _ = table.scatteringAdd(indices: [0, 0, 4], alongAxis: 0, intoShape: [4, 2]) }?.description.contains("index 4 at position 2 is out of range for axis 0 of size 4 (shape [4, 2])") == true)
        #expect(raisedError { _ = table.gathering(indices: [0], alongAxis: 2) }?.kind == .invalidAxis)
    }

    @Test("index counts and shapes that do not fit are reported with both")
    func shapeMismatches() {
        let picking = raisedError { _ = Tensor<Double>.zeros([4, 3]).picking(indices: [0, 1], alongAxis: 1) }
        #expect(picking?.kind == .shapeMismatch)
        #expect(picking?.description.contains("2 indices for the 4 slices across axis 1 of a tensor of shape [4, 3]") == true)
        let target = raisedError { _ = table.scatteringAdd(indices: [0, 1, 2], alongAxis: 0, intoShape: [3, 5]) }
        #expect(target?.description == "scatteringAdd(indices:alongAxis:intoShape:): the target shape [3, 5] does not fit this tensor's shape [3, 2]: they must have the same rank, no negative size, and agree on every axis except axis 0. Make the shapes equal except along axis 0.")
        #expect(raisedError { _ = table.scatteringAdd(indices: [0, 1], alongAxis: 0, intoShape: [3, 2]) }?.description.contains("2 indices for the 3 slices along axis 0") == true)
        let elements = raisedError { _ = table.gatheringElements(indices: [0, 1, 0], shape: [2, 2], alongAxis: 0) }
        #expect(elements?.description.contains("3 indices for shape [2, 2], which has 4 elements") == true)
        #expect(raisedError { _ = table.gatheringElements(indices: [0], shape: [1, 1], alongAxis: 0) }?.description.contains("the index shape [1, 1] does not fit this tensor's shape [3, 2]") == true)
        #expect(raisedError { _ = table.gatheringElements(indices: [], shape: [-1, 2], alongAxis: 0) }?.kind == .shapeMismatch)
    }
}
