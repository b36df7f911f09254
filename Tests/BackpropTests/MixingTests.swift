import Foundation
import Testing
@testable import Backprop

@Suite("Variables and tensors on one tape")
struct MixingTests {
    @Test("a Variable scales and shifts a tensor, and gradients flow to both")
    func variableScalesTensor() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        let a = Variable(2.0), b = Variable(0.5)
        let y = (x * a + b).sum()
        y.backward()
        #expect(a.grad == 6)
        #expect(b.grad == 3)
        #expect(x.grad!.scalars == [2, 2, 2])
        let report = checkGradient(of: { v in Variable((Tensor<Double>([1, 2, 3]) * v[0] - v[1]).sum()) * v[0] }, at: [1.5, -0.5])
        #expect(report.passed, "\(report)")
    }

    @Test("a 0-d tensor read as a Variable passes its gradient back")
    func tensorReadAsVariable() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        let s = Variable((x * x).sum())
        let z = sin(s) * s
        z.backward()
        let value = 14.0
        let expected = (Foundation.cos(value) * value + Foundation.sin(value))
        for (computed, element) in zip(x.grad!.scalars, [1.0, 2, 3]) {
            #expect(Swift.abs(computed - expected * 2 * element) < 1e-12)
        }
    }

    @Test("a Variable used in a tensor graph and on its own gets both contributions")
    func variableUsedTwice() {
        let a = Variable(3.0)
        let t = Tensor<Double>([1, 2], requiresGrad: true)
        let total = Variable((t * a).sum()) + a * a
        total.backward()
        #expect(a.grad == 9)
        #expect(t.grad!.scalars == [3, 3])
    }
}
