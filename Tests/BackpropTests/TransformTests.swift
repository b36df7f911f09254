import Foundation
import Testing
@testable import Backprop

@Suite("Functional transforms: gradient, valueWithGradient, valueWithPullback, derivatives of any order")
struct TransformTests {
    @Test("gradient(at:of:) of a scalar function equals its closed form")
    func scalarGradient() {
        let slope = gradient(at: 3.0) { x in x * x * sin(x) }
        #expect(Swift.abs(slope - (2 * 3 * Foundation.sin(3.0) + 9 * Foundation.cos(3.0))) < 1e-12)
        let (value, derivative) = valueWithGradient(at: 0.5) { x in exp(x) * 2 }
        #expect(Swift.abs(value - 2 * Foundation.exp(0.5)) < 1e-15 && Swift.abs(derivative - value) < 1e-15)
        let (dx, dy) = gradient(at: 2, 5) { x, y in x * y + y }
        #expect(dx == 5 && dy == 3)
        let (a, b, c) = gradient(at: 1, 2, 3) { x, y, z in x * y * z }
        #expect(a == 6 && b == 3 && c == 2)
        #expect(gradient(at: [1, 2]) { v in v[0] * v[1] } == [2, 1])
        #expect(gradient(of: { x in sin(x) })(0) == 1)
        let (y, pullback) = valueWithPullback(at: 2.0) { x in x * x }
        #expect(y == 4 && pullback(3) == 12)
    }

    @Test("an input the result does not depend on gets a zero gradient, not an error")
    func unusedInputGetsZero() {
        let (dx, dy) = gradient(at: 2, 5) { x, _ in x * x }
        #expect(dx == 4 && dy == 0)
        #expect(gradient(at: 1.5) { _ in Variable(constant: 7) } == 0)
        let (gx, gy) = gradient(at: Tensor<Double>([1, 2]), Tensor<Double>([3])) { x, _ in x.sum() }
        #expect(gx.scalars == [1, 1] && gy.scalars == [0])
    }

    @Test("the fourth derivative of sin is sin", arguments: [-1.3, 0.0, 0.7, 2.5])
    func fourthDerivativeOfSine(_ x: Double) {
        let fourth = derivative(of: { x in sin(x) }, order: 4)
        #expect(Swift.abs(fourth(x) - Foundation.sin(x)) < 1e-12)
        #expect(Swift.abs(derivative(of: { x in sin(x) }, order: 3)(x) + Foundation.cos(x)) < 1e-12)
    }

    @Test("nested gradients and backward(createGraph:) give second derivatives of Variables")
    func secondDerivativeOfVariables() {
        let second = gradient(at: 2.0) { x in gradient(at: x) { x in x * x * x } }
        #expect(second == 12)
        let x = Variable(3.0)
        (x * x * x).backward(createGraph: true)
        let slope = x.gradVariable!
        #expect(slope.value == 27 && slope.requiresGrad)
        x.zeroGrad()
        slope.backward()
        #expect(x.grad == 18)
    }

    @Test("tensor gradients: one, two and three inputs, valueWithPullback, gradient(of:)")
    func tensorGradients() {
        let x = Tensor<Double>([1, 2, 3])
        #expect(gradient(at: x) { x in (x * x).sum() }.scalars == [2, 4, 6])
        let (value, slope) = valueWithGradient(at: x) { x in exp(x).sum() }
        #expect(close([value.scalar!], [x.scalars.map(Foundation.exp).reduce(0, +)]) && close(slope.scalars, x.scalars.map(Foundation.exp)))
        let (gx, gw) = gradient(at: x, Tensor<Double>([2, 0, 1])) { x, w in (x * w).sum() }
        #expect(gx.scalars == [2, 0, 1] && gw.scalars == [1, 2, 3])
        let (p, q, r) = gradient(at: Tensor(2.0), Tensor(3.0), Tensor(4.0)) { p, q, r in p * q * r }
        #expect(p.scalar == 12 && q.scalar == 8 && r.scalar == 6)
        let (y, pullback) = valueWithPullback(at: x) { x in x * x }
        #expect(y.scalars == [1, 4, 9] && pullback(.ones([3])).scalars == [2, 4, 6] && pullback(Tensor([1, 0, 0])).scalars == [2, 0, 0])
        #expect(gradient(of: { (x: Tensor<Double>) in (x * x).sum() })(Tensor([1, 2])).scalars == [2, 4])
        #expect(!gradient(at: x) { x in x.sum() }.requiresGrad)
    }

    @Test("the gradient of a gradient norm (the gradient-penalty pattern) matches finite differences")
    func gradientPenalty() {
        let w = Tensor<Double>.randomNormal(shape: [3, 4], seed: 1)
        func penalty(_ x: Tensor<Double>) -> Tensor<Double> {
            let inner = gradient(at: x) { x in tanh(matmul(w, x)).sum() }
            return (inner * inner).sum()
        }
        let report = checkGradient(of: penalty, at: Tensor<Double>.randomNormal(shape: [4], seed: 2))
        #expect(report.passed, "\(report)")
        let x = Tensor<Double>.randomNormal(shape: [4], seed: 2, requiresGrad: true)
        let inner = tanh(matmul(w, x)).sum()
        inner.backward(createGraph: true)
        let g = x.grad!
        #expect(g.requiresGrad)
        x.zeroGrad()
        (g * g).sum().backward()
        let expected = gradient(at: x.detached(), of: penalty)
        #expect(close(x.grad!.scalars, expected.scalars))
    }

    @Test("a non-scalar result without a seed is an error naming the shape")
    func nonScalarResult() {
        let error = raisedError { _ = gradient(at: Tensor<Double>([1, 2])) { x in x * 2 } }
        #expect(error?.kind == .missingSeed && error?.description.contains("[2]") == true)
    }
}
