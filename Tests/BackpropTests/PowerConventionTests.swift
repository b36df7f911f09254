import Foundation
import Testing
@testable import Backprop

/// Every form of pow — Variable^Double, Double^Variable, Variable^Variable and the tensor forms —
/// gives PyTorch's derivatives at base 0 and at negative bases, to first and second order.
@Suite("pow: PyTorch's derivatives at base 0 and at negative bases, in every form")
struct PowerConventionTests {
    /// xʸ and its two partial derivatives through each form that has the partial: the scalar
    /// forms with a constant base or exponent, Variable^Variable, and tensor^tensor.
    private struct Partials {
        var values: [Double] = [], dx: [Double] = [], dy: [Double] = []
    }

    private func partials(_ x: Double, _ y: Double) -> Partials {
        var result = Partials()
        let exponent = Variable(y)
        let constantBase = pow(x, exponent)
        constantBase.backward()
        result.values.append(constantBase.value)
        result.dy.append(exponent.grad!)

        let base = Variable(x)
        let constantExponent = pow(base, y)
        constantExponent.backward()
        result.values.append(constantExponent.value)
        result.dx.append(base.grad!)

        let (a, b) = (Variable(x), Variable(y))
        let both = pow(a, b)
        both.backward()
        result.values.append(both.value)
        result.dx.append(a.grad!)
        result.dy.append(b.grad!)

        let (ta, tb) = (Tensor<Double>([x], requiresGrad: true), Tensor<Double>([y], requiresGrad: true))
        let tensors = pow(ta, tb)
        tensors.sum().backward()
        result.values.append(tensors.scalars[0])
        result.dx.append(ta.grad!.scalars[0])
        result.dy.append(tb.grad!.scalars[0])

        let tc = Tensor<Double>([x], requiresGrad: true)
        let tensorConstantExponent = pow(tc, y)
        tensorConstantExponent.sum().backward()
        result.values.append(tensorConstantExponent.scalars[0])
        result.dx.append(tc.grad!.scalars[0])
        return result
    }

    /// Whether every number in `actual` is `expected`, counting NaN as equal to NaN.
    private func all(_ actual: [Double], are expected: Double) -> Bool {
        actual.allSatisfy { expected.isNaN ? $0.isNaN : $0 == expected }
    }

    @Test("at base 0 the exponent's derivative is 0 for y ≥ 0 and −∞ for y < 0 in every form, pow(0.0, y) included")
    func exponentDerivativeAtBaseZero() {
        for y in [0.0, 0.5, 1, 2, 3.5] {
            let p = partials(0, y)
            #expect(all(p.values, are: y == 0 ? 1 : 0), "0^\(y)")
            #expect(all(p.dy, are: 0), "∂(0^y)/∂y at y = \(y): \(p.dy)")
        }
        let negative = partials(0, -1)
        #expect(all(negative.values, are: .infinity))
        #expect(all(negative.dy, are: -.infinity), "∂(0^y)/∂y at y = −1: \(negative.dy)")
    }

    @Test("at base 0 the base's derivative is y·0^(y−1): 0 for y = 0 and y > 1, 1 for y = 1, +∞ for 0 < y < 1")
    func baseDerivativeAtZero() {
        for (y, expected) in [(0.0, 0.0), (0.5, .infinity), (1, 1), (2, 0), (3, 0)] {
            #expect(all(partials(0, y).dx, are: expected), "∂(x^\(y))/∂x at 0")
        }
    }

    @Test("at a negative base: xʸ is real for an integer y with ∂/∂x = y·xʸ⁻¹; ∂/∂y = xʸ·ln x is NaN, as in PyTorch")
    func negativeBase() {
        let cube = partials(-2, 3)
        #expect(all(cube.values, are: -8))
        #expect(all(cube.dx, are: 12))
        #expect(all(cube.dy, are: .nan), "\(cube.dy)")
        let root = partials(-8, 0.5)
        #expect(all(root.values, are: .nan))
        #expect(all(root.dx, are: .nan))
    }

    @Test("pow(0.0, y) and pow(c, y) pass finite-difference checks of first and second order")
    func constantBaseGradientChecks() {
        for c in [0.0, 0.5, 2.5] {
            for y in [0.7, 2.0] {
                let f: ([Variable]) -> Variable = { v in pow(c, v[0]) * v[0] }
                let first = checkGradient(of: f, at: [y])
                #expect(first.passed, "pow(\(c), y)·y at y = \(y): \(first)")
                let second = checkSecondOrderGradient(of: f, at: [y])
                #expect(second.passed, "pow(\(c), y)·y at y = \(y): \(second)")
            }
        }
    }

    @Test("tensor pow with a negative base and integer exponents, and at positive bases, passes first- and second-order checks")
    func tensorGradientChecks() {
        let base = Tensor<Double>([-1.5, -0.5, 0.8, 1.7])
        let exponents = Tensor<Double>([2, 3, 4, -1])
        let inBase = checkGradient(of: { pow($0, exponents).sum() }, at: base)
        #expect(inBase.passed, "\(inBase)")
        #expect(checkSecondOrderGradient(of: { pow($0, exponents).sum() }, at: base).passed)
        let positive = sample([4], seed: 3)
        let both = checkGradient(of: { pow($0, $1).sum() }, at: positive, exponents)
        #expect(both.passed, "\(both)")
        // Both tensors in one, so that the mixed second derivatives are checked too.
        let packed = Tensor<Double>.concatenated([positive, exponents])
        let second = checkSecondOrderGradient(of: { pow($0[0..<4], $0[4..<8]).sum() }, at: packed)
        #expect(second.passed, "\(second)")
    }

    @Test("the second derivatives of xʸ at x = 0, y = 3 are the limits 0 in every form, with no NaN")
    func secondDerivativesAtBaseZero() {
        // ∂²/∂x² = y(y−1)xʸ⁻², ∂²/∂x∂y = xʸ⁻¹(1 + y ln x), ∂²/∂y² = xʸ ln²x: all tend to 0.
        let scalar = hessian(at: [0, 3]) { v in pow(v[0], v[1]) }
        #expect(scalar == [[0, 0], [0, 0]], "\(scalar)")
        let tensor = hessian(at: Tensor<Double>([0, 3])) { v in pow(v[0..<1], v[1..<2]).sum() }
        #expect(tensor.scalars == [0, 0, 0, 0], "\(tensor)")
        let constantBase = derivative(of: { y in pow(0.0, y) }, order: 2)(3)
        #expect(constantBase == 0)
    }
}
