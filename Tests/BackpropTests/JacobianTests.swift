import Foundation
import Testing
@testable import Backprop

/// A numerically stable log(1 + eˣ) with its own derivative rule, as in the documentation.
private func log1pexp(_ x: Tensor<Double>) -> Tensor<Double> {
    .differentiable("log1pexp", inputs: [x],
        value: { x in x[0].relu() + log(1 + exp(-abs(x[0]))) },
        pullback: { gradient, x, _ in [gradient * x[0].sigmoid()] })
}

/// The scalar form of `log1pexp`.
private func log1pexp(_ x: Variable) -> Variable {
    .differentiable("log1pexp", x, value: { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) },
                    derivative: { x, _ in x.sigmoid() })
}

@Suite("Jacobians, Hessians, forward mode, custom derivatives and hooks")
struct JacobianTests {
    @Test("the Jacobian of softmax is diag(s) − s·sᵀ")
    func softmaxJacobian() {
        let logits = Tensor<Double>([0.3, -1.2, 2.0, 0.5])
        let j = jacobian(at: logits) { $0.softmax() }
        let s = logits.softmax().scalars
        #expect(j.shape == [4, 4])
        for row in 0..<4 {
            for column in 0..<4 {
                let expected = (row == column ? s[row] : 0) - s[row] * s[column]
                #expect(Swift.abs(j.scalars[row * 4 + column] - expected) < 1e-14)
            }
        }
        #expect(checkJacobian(of: { $0.softmax() }, at: logits).passed)
    }

    @Test("Jacobians in both directions agree with finite differences, whatever the shapes")
    func jacobianShapes() {
        let w = Tensor<Double>.randomNormal(shape: [5, 2], seed: 3)
        let wide = checkJacobian(of: { tanh(matmul(w, $0)) }, at: .randomNormal(shape: [2], seed: 4))
        #expect(wide.passed, "\(wide)")
        let narrow = checkJacobian(of: { x in exp(x).sum(alongAxes: 1) }, at: .randomNormal(shape: [3, 4], seed: 5))
        #expect(narrow.passed, "\(narrow)")
        #expect(jacobian(at: Tensor<Double>.randomNormal(shape: [3, 4], seed: 5)) { exp($0).sum(alongAxes: 1) }.shape == [3, 3, 4])
    }

    @Test("jvp agrees with J·v and the pullback with uᵀ·J")
    func forwardAndReverseAgreeWithJacobian() {
        let a = Tensor<Double>.randomNormal(shape: [3, 4], seed: 6)
        let f = { (x: Tensor<Double>) in sin(matmul(a, x)) * 2 }
        let x = Tensor<Double>.randomNormal(shape: [4], seed: 7)
        let j = jacobian(at: x, of: f)
        let v = Tensor<Double>.randomNormal(shape: [4], seed: 8), u = Tensor<Double>.randomNormal(shape: [3], seed: 9)
        let (value, tangent) = jvp(at: x, along: v, of: f)
        #expect(close(value.scalars, f(x).scalars))
        #expect(close(tangent.scalars, matmul(j, v).scalars))
        let (_, pullback) = valueWithPullback(at: x, of: f)
        #expect(close(pullback(u).scalars, matmul(u, j).scalars))
    }

    @Test("the Hessian of the Rosenbrock function equals its closed form")
    func rosenbrockHessian() {
        func rosenbrock(_ v: [Variable]) -> Variable { 100 * pow(v[1] - v[0] * v[0], 2) + pow(1 - v[0], 2) }
        for (x, y) in [(1.0, 1.0), (-1.2, 1.0), (0.3, -0.7)] {
            let h = hessian(at: [x, y], of: rosenbrock)
            let expected = [[1200 * x * x - 400 * y + 2, -400 * x], [-400 * x, 200.0]]
            #expect(close(h[0] + h[1], expected[0] + expected[1]))
        }
        let tensorForm = hessian(at: Tensor<Double>([-1.2, 1.0])) { v in
            let x = v[0], y = v[1]
            return 100 * pow(y - x * x, 2) + pow(1 - x, 2)
        }
        #expect(close(tensorForm.scalars, [1200 * 1.44 - 400 + 2, 480, 480, 200]))
        #expect(checkSecondOrderGradient(of: rosenbrock, at: [-1.2, 1.0]).passed)
    }

    @Test("the Hessian of logsumexp(A·x) + ½‖x‖² is symmetric and its products match H·v")
    func hessianSymmetry() {
        let entries: [Double] = (0..<10_000).map { index in
            let (i, j) = index.quotientAndRemainder(dividingBy: 100)
            return Foundation.sin(Double(100 * i + j))
        }
        let a = Tensor<Double>(entries, shape: [100, 100])
        let f = { (x: Tensor<Double>) in matmul(a, x).logSumExp() + 0.5 * (x * x).sum() }
        let x = Tensor<Double>((0..<100).map { 0.01 * Double($0) })
        let h = hessian(at: x, of: f)
        #expect(h.shape == [100, 100])
        var asymmetry = 0.0
        for i in 0..<100 { for j in 0..<100 { asymmetry = Swift.max(asymmetry, Swift.abs(h.scalars[i * 100 + j] - h.scalars[j * 100 + i])) } }
        #expect(asymmetry <= 1e-12)
        let v = Tensor<Double>.randomNormal(shape: [100], seed: 10)
        #expect(close(hessianVectorProduct(at: x, along: v, of: f).scalars, matmul(h, v).scalars, tolerance: 1e-10))
        #expect(checkSecondOrderGradient(of: f, at: x).passed)
    }

    @Test("a custom log1pexp passes checkGradient at ±50 and under createGraph")
    func customDerivative() {
        for point in [-50.0, -1.5, 0.0, 2.0, 50.0] {
            let report = checkGradient(of: { log1pexp($0).sum() }, at: Tensor([point]))
            #expect(report.passed, "tensor at \(point): \(report)")
            let scalar = checkGradient(of: { log1pexp($0) }, at: point)
            #expect(scalar.passed, "scalar at \(point): \(scalar)")
        }
        let second = checkSecondOrderGradient(of: { log1pexp($0).sum() }, at: Tensor([-1.5, 0.3, 2.0]))
        #expect(second.passed, "\(second)")
        let scalarSecond = checkSecondOrderGradient(of: { log1pexp($0[0] * $0[1]) }, at: [0.7, -1.2])
        #expect(scalarSecond.passed, "\(scalarSecond)")
        #expect(Swift.abs(log1pexp(Tensor([50.0])).scalar! - 50) < 1e-12)
    }

    @Test("a hook that doubles a gradient doubles every upstream gradient, and sees its value's shape")
    func hooks() {
        let x = Tensor<Double>.randomNormal(shape: [2, 3], seed: 11, requiresGrad: true)
        let hidden = tanh(x * 3)
        var seenShape: [Int] = []
        hidden.registerHook { gradient in
            seenShape = gradient.shape
            return gradient * 2
        }
        hidden.sum().backward()
        let hooked = x.grad!.scalars
        let plain = gradient(at: x.detached()) { x in tanh(x * 3).sum() }
        #expect(seenShape == [2, 3])
        #expect(close(hooked, plain.scalars.map { $0 * 2 }))
        let v = Variable(0.5)
        let inner = sin(v)
        inner.registerHook { $0 * 2 }
        (inner * 3).backward()
        #expect(Swift.abs(v.grad! - 6 * Foundation.cos(0.5)) < 1e-15)
        let leaf = Tensor<Double>([1, 2], requiresGrad: true)
        leaf.registerHook { $0.clamped(to: -1...1) }
        (leaf * 5).sum().backward()
        #expect(leaf.grad!.scalars == [1, 1])
    }
}
