import Foundation
import Testing
@testable import Backprop

/// The values and gradients at the edges of each function's domain, pinned so that they stay
/// what the README's table of numerical edge cases says (PyTorch's conventions where it has one).
@Suite("Numerical edge cases: values and gradients at the edges of the domains")
struct NumericalEdgeCaseTests {
    /// The value and the derivative of `f` at `x`, on a scalar Variable.
    private func scalar(_ x: Double, _ f: (Variable) -> Variable) -> (value: Double, derivative: Double) {
        let input = Variable(x)
        let output = f(input)
        output.backward()
        return (output.value, input.grad ?? 0)
    }

    /// The values and gradient of `f(x).sum()` for a tensor `x`.
    private func tensor(_ x: [Double], _ f: (Tensor<Double>) -> Tensor<Double>) -> (values: [Double], gradient: [Double]) {
        let input = Tensor<Double>(x, requiresGrad: true)
        let output = f(input)
        output.sum().backward()
        return (output.scalars, input.grad!.scalars)
    }

    @Test("log(0) is -inf with derivative +inf; log of a negative number is NaN")
    func logAtZero() {
        let atZero = scalar(0) { log($0) }
        #expect(atZero.value == -.infinity && atZero.derivative == .infinity)
        #expect(scalar(-1) { log($0) }.value.isNaN)
        let tensorAtZero = tensor([0, 1]) { log($0) }
        #expect(tensorAtZero.values == [-.infinity, 0] && tensorAtZero.gradient == [.infinity, 1])
    }

    @Test("sqrt(0) is 0 with derivative +inf, as 1/(2√x) says")
    func sqrtAtZero() {
        let atZero = scalar(0) { sqrt($0) }
        #expect(atZero.value == 0 && atZero.derivative == .infinity)
        #expect(tensor([0, 4]) { sqrt($0) }.gradient == [.infinity, 0.25])
    }

    @Test("pow at 0: x² has derivative 0, x^0.5 has +inf, x^0 is 1 with derivative 0; the exponent's derivative at x = 0 is 0")
    func powAtZero() {
        #expect(scalar(0) { pow($0, 2) } == (0, 0))
        #expect(scalar(0) { pow($0, 0.5) }.derivative == .infinity)
        #expect(scalar(0) { pow($0, 0) } == (1, 0))
        #expect(tensor([0, 3]) { pow($0, 2) }.gradient == [0, 6])
        #expect(tensor([0, 3]) { pow($0, 0) }.gradient == [0, 0])
        #expect(tensor([0, 3]) { pow($0, Tensor<Double>([0, 0])) }.gradient == [0, 0])
        let base = Variable(0.0)
        pow(base, Variable(constant: 0)).backward()
        #expect(base.grad == 0)
        // d/dy xʸ = xʸ·ln x would be 0·(−∞) = NaN at x = 0; it is taken as 0, as PyTorch does.
        let y = Variable(2.0)
        pow(Variable(constant: 0), y).backward()
        #expect(y.grad == 0)
    }

    @Test("relu and abs at 0 have derivative 0, as in PyTorch")
    func kinksAtZero() {
        #expect(scalar(0) { $0.relu() } == (0, 0))
        #expect(scalar(0) { abs($0) } == (0, 0))
        #expect(tensor([-1, 0, 2]) { $0.relu() }.gradient == [0, 0, 1])
        #expect(tensor([-1, 0, 2]) { abs($0) }.gradient == [-1, 0, 1])
    }

    @Test("max of two equal Variables splits the gradient evenly, and so does a tensor's max() among its tied maxima")
    func maxTies() {
        let a = Variable(3.0), b = Variable(3.0)
        max(a, b).backward()
        #expect(a.grad == 0.5 && b.grad == 0.5)
        let c = Variable(3.0)
        max(c, 3.0).backward()
        #expect(c.grad == 0.5)
        #expect(tensor([1, 5, 5, 2]) { $0.max() }.gradient == [0, 0.5, 0.5, 0])
    }

    @Test("division by zero follows IEEE 754: 1/0 = inf, 0/0 = NaN, and ∂(x/y)/∂y = −x/y² = −inf at y = 0")
    func divisionByZero() {
        let x = Variable(1.0), y = Variable(0.0)
        let quotient = x / y
        quotient.backward()
        #expect(quotient.value == .infinity && x.grad == .infinity && y.grad == -.infinity)
        #expect((Variable(0.0) / Variable(0.0)).value.isNaN)
    }

    @Test("sigmoid and tanh at ±1000 saturate to their limits with derivative 0, never NaN")
    func saturation() {
        #expect(scalar(1000) { $0.sigmoid() } == (1, 0))
        #expect(scalar(-1000) { $0.sigmoid() } == (0, 0))
        #expect(scalar(1000) { tanh($0) } == (1, 0))
        #expect(scalar(-1000) { tanh($0) } == (-1, 0))
        let tensorSigmoid = tensor([-1000, 0, 1000]) { $0.sigmoid() }
        #expect(tensorSigmoid.values == [0, 0.5, 1] && tensorSigmoid.gradient == [0, 0.25, 0])
        let tensorTanh = tensor([-1000, 1000]) { tanh($0) }
        #expect(tensorTanh.values == [-1, 1] && tensorTanh.gradient == [0, 0])
    }

    @Test("softmax, log-softmax and logsumexp at ±1e4 are exact and finite (the maximum is subtracted first)")
    func softmaxAtLargeLogits() {
        let logits = Tensor<Double>([1e4, -1e4, 0], requiresGrad: true)
        let probabilities = logits.softmax()
        #expect(probabilities.scalars == [1, 0, 0])
        let logProbabilities = logits.logSoftmax()
        #expect(logProbabilities.scalars == [0, -2e4, -1e4])
        #expect(logits.logSumExp().scalar == 1e4)
        logProbabilities.sum().backward()
        #expect(logits.grad!.scalars.allSatisfy { $0.isFinite })
        #expect(close(logits.grad!.scalars, [-2, 1, 1]))
    }

    @Test("cross-entropy at logits ±1e4 is finite: 0 for a confident right answer, 2e4 for a confident wrong one")
    func crossEntropyAtLargeLogits() {
        let logits = Tensor<Double>([1e4, -1e4, -1e4, 1e4], shape: [2, 2], requiresGrad: true)
        // Written as the library's loss is: −mean of the picked log-probabilities.
        let loss = -logits.logSoftmax(alongAxis: 1).picking(indices: [0, 0], alongAxis: 1).mean()
        #expect(loss.scalar == 1e4)
        loss.backward()
        #expect(close(logits.grad!.scalars, [0, 0, -0.5, 0.5]))
    }

    @Test("exp overflows Float above 88.72 (Double above 709.78) to +inf, and its derivative with it")
    func expOverflow() {
        let x = Tensor<Float>([88, 89], requiresGrad: true)
        let y = exp(x)
        #expect(y.scalars[0].isFinite && y.scalars[1] == .infinity)
        y.sum().backward()
        #expect(x.grad!.scalars[1] == .infinity)
        #expect(exp(Tensor<Double>([709, 710])).scalars.map(\.isFinite) == [true, false])
        // The overflow is caught, with its line, by withAnomalyDetection.
        #expect(throws: BackpropError.self) { try withAnomalyDetection { _ = exp(Tensor<Float>([89], requiresGrad: true)) } as Void }
    }
}
