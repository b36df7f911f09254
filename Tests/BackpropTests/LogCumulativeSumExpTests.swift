import Foundation
import Testing
@testable import Backprop

@Suite("The running log-sum-exp, stable at any scale")
struct LogCumulativeSumExpTests {
    @Test("values equal log of the running sums of exponentials, without overflow or underflow")
    func values() {
        let x = Tensor<Double>([0.5, -1, 2, 0.25])
        var total = 0.0
        let expected = x.scalars.map { value in
            total += Foundation.exp(value)
            return Foundation.log(total)
        }
        #expect(close(x.logCumulativeSumExp(alongAxis: 0).scalars, expected))
        #expect(close(Tensor<Double>([0, 0, 1000]).logCumulativeSumExp(alongAxis: 0).scalars, [0, Foundation.log(2), 1000]))
        #expect(close(Tensor<Double>([-1000, -1000]).logCumulativeSumExp(alongAxis: 0).scalars, [-1000, -1000 + Foundation.log(2)]))
        #expect(Tensor<Double>([-.infinity, 1]).logCumulativeSumExp(alongAxis: 0).scalars == [-.infinity, 1])
        let matrix = Tensor<Double>([0, 1, 2, 3], shape: [2, 2]).logCumulativeSumExp(alongAxis: 0)
        #expect(close(matrix.scalars, [0, 1, Foundation.log(1 + Foundation.exp(2)), Foundation.log(Foundation.exp(1) + Foundation.exp(3))]))
    }

    @Test("the gradient is the running softmax weights, exact at large scales")
    func gradient() {
        let leaf = Tensor<Double>([1000, 1000], requiresGrad: true)
        leaf.logCumulativeSumExp(alongAxis: 0).sum().backward()
        // ∂(y₀ + y₁)/∂x₀ = 1 + ½, ∂/∂x₁ = ½.
        #expect(close(leaf.grad!.scalars, [1.5, 0.5]))
        let signed = Tensor<Double>([0.3, -0.2, 0.1], requiresGrad: true)
        signed.logCumulativeSumExp(alongAxis: 0).backward(seed: Tensor([1, -2, 0]))
        let weights = signed.scalars.map(Foundation.exp)
        let expected = (0..<3).map { j in
            zip([1.0, -2, 0], (0..<3)).reduce(0.0) { total, term in
                let (g, k) = term
                return k < j ? total : total + g * weights[j] / weights[...k].reduce(0, +)
            }
        }
        #expect(close(signed.grad!.scalars, expected))
    }

    @Test("finite differences agree at first and second order, along any axis and on batches")
    func checks() {
        let x = Tensor<Double>.randomNormal(shape: [3, 4], seed: 51)
        for axis in [0, 1, -1] {
            let first = checkGradient(of: { $0.logCumulativeSumExp(alongAxis: axis) }, at: x)
            #expect(first.passed, "\(first)")
        }
        let second = checkSecondOrderGradient(of: { ($0.logCumulativeSumExp(alongAxis: 1) * $0).sum() }, at: x)
        #expect(second.passed, "\(second)")
        let jacobian = checkJacobian(of: { $0.logCumulativeSumExp(alongAxis: 0) }, at: x)
        #expect(jacobian.passed, "\(jacobian)")
        let scaled = checkGradient(of: { $0.logCumulativeSumExp(alongAxis: 1) }, at: x * 300)
        #expect(scaled.passed, "\(scaled)")
    }

    @Test("an axis the tensor lacks is reported")
    func badAxis() {
        #expect(raisedError { _ = Tensor<Double>.zeros([2]).logCumulativeSumExp(alongAxis: 1) }?.kind == .invalidAxis)
    }
}
