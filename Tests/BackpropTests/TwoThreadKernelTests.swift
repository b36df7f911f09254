import Testing
@testable import Backprop

@Suite("Kernels split between two threads give what one thread gives")
struct TwoThreadKernelTests {
    @Test("elementwise functions of 300,001 elements equal the element-by-element results, at the split too")
    func elementwise() {
        let x = Tensor<Float>.randomNormal(shape: [300_001], seed: 1)
        #expect(TwoThreads.worthSplitting(elementwise: x.count))
        #expect(exp(x).scalars == x.scalars.map { Float.exp($0) })
        #expect(x.relu().scalars == x.scalars.map { Swift.max($0, 0) })
        let slope = gradient(at: x) { $0.relu().sum() }
        #expect(slope.scalars == x.scalars.map { $0 > 0 ? 1 : 0 })
    }

    @Test("a 2×2 max pool over 139,264 elements equals pooling each image on its own, in values and gradients")
    func maxPool() {
        let images = Tensor<Double>.randomNormal(shape: [2, 64, 32, 34], seed: 2)
        #expect(TwoThreads.worthSplitting(elementwise: images.count))
        let weights = Tensor<Double>.randomNormal(shape: [2, 64, 16, 17], seed: 3)
        let whole = gradient(at: images) { ($0.maxPool2d(kernel: 2) * weights).sum() }
        for n in 0..<2 {
            let image = images[n].unsqueezed(at: 0)
            #expect(!TwoThreads.worthSplitting(elementwise: image.count))
            let alone = gradient(at: image) { ($0.maxPool2d(kernel: 2) * weights[n].unsqueezed(at: 0)).sum() }
            #expect(images.maxPool2d(kernel: 2)[n].scalars == image.maxPool2d(kernel: 2).scalars)
            #expect(whole[n].scalars == alone.scalars)
        }
    }
}
