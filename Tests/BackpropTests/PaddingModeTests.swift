import Testing
import Backprop

@Suite("Padding modes reflect, replicate and circular, as torch.nn.functional.pad")
struct PaddingModeTests {
    let row = Tensor<Double>([1, 2, 3])

    @Test("each mode fills a small array as PyTorch's F.pad does")
    func knownValues() {
        #expect(row.padded([(2, 2)], mode: .reflect).scalars == [3, 2, 1, 2, 3, 2, 1])
        #expect(row.padded([(2, 2)], mode: .replicate).scalars == [1, 1, 1, 2, 3, 3, 3])
        #expect(row.padded([(2, 2)], mode: .circular).scalars == [2, 3, 1, 2, 3, 1, 2])
        #expect(row.padded([(3, 3)], mode: .circular).scalars == [1, 2, 3, 1, 2, 3, 1, 2, 3])
        #expect(row.padded([(1, 0)], mode: .constant(-1)).scalars == [-1, 1, 2, 3])
        // F.pad(torch.arange(1, 10.).view(1, 1, 3, 3), (1, 1, 1, 1), mode="reflect")
        let square = Tensor<Double>.arange(1, 10).reshaped(to: [1, 1, 3, 3])
        let reflected = square.padded([(0, 0), (0, 0), (1, 1), (1, 1)], mode: .reflect)
        #expect(reflected.shape == [1, 1, 5, 5])
        #expect(reflected.scalars == [5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5])
        // Corners: replicate takes the corner element, circular the opposite corner.
        let replicated = square.padded([(0, 0), (0, 0), (1, 0), (0, 1)], mode: .replicate)
        #expect(replicated.scalars == [1, 2, 3, 3, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9])
        let wrapped = square.padded([(0, 0), (0, 0), (1, 0), (1, 0)], mode: .circular)
        #expect(wrapped.scalars == [9, 7, 8, 9, 3, 1, 2, 3, 6, 4, 5, 6, 9, 7, 8, 9])
    }

    @Test("the gradient of each added position accumulates into the element it read")
    func gradientAccumulates() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        x.padded([(2, 2)], mode: .reflect).backward(seed: Tensor([1, 2, 3, 4, 5, 6, 7]))
        // Positions read elements 2, 1, 0, 1, 2, 1, 0.
        #expect(x.grad?.scalars == [10, 12, 6])   // 3 + 7, 2 + 4 + 6, 1 + 5
        let y = Tensor<Double>([1, 2, 3], requiresGrad: true)
        y.padded([(2, 1)], mode: .replicate).backward(seed: Tensor([1, 2, 3, 4, 5, 6]))
        #expect(y.grad?.scalars == [6, 4, 11])   // 1 + 2 + 3, 4, 5 + 6
    }

    @Test("gradients of every mode match finite differences, over a batch of images padded on two axes",
          arguments: [PaddingMode<Double>.reflect, .replicate, .circular, .constant(0.5)])
    func gradientCheck(mode: PaddingMode<Double>) {
        let x = Tensor<Double>.randomNormal(shape: [2, 3, 4, 3], seed: 7)
        let report = checkGradient(of: { $0.padded([(0, 0), (0, 1), (2, 3), (2, 1)], mode: mode) }, at: x)
        #expect(report.passed, "\(report)")
        let second = checkSecondOrderGradient(of: { (sin($0.padded([(0, 0), (0, 0), (1, 2), (2, 0)], mode: mode)) * $0.sum()).sum() }, at: x)
        #expect(second.passed, "\(second)")
    }

    @Test("padding beyond what a mode allows is an error naming the axis and the limit")
    func misuse() {
        let reflect = raisedError { _ = row.padded([(3, 0)], mode: .reflect) }
        #expect(reflect?.kind == .invalidArgument)
        #expect(reflect?.description.contains("padding (before: 3, after: 0) of axis 0 of size 3 in shape [3]: reflect padding must be smaller than the axis") == true)
        #expect(raisedError { _ = row.padded([(2, 2)], mode: .reflect) } == nil)
        #expect(raisedError { _ = row.padded([(0, 4)], mode: .circular) }?.description.contains("at most the axis size") == true)
        #expect(raisedError { _ = Tensor<Double>.zeros([0]).padded([(1, 0)], mode: .replicate) }?.description.contains("needs an element to repeat") == true)
        #expect(raisedError { _ = row.padded([(0, 0), (1, 1)], mode: .reflect) }?.description.contains("padded(_:mode:)") == true)
        #expect(raisedError { _ = row.padded([(-1, 0)], mode: .constant(0)) }?.description.contains("padded(_:mode:)") == true)
    }
}
