import Foundation
import Testing
@testable import Backprop

/// Points on both sides of 0 and beyond ±3, none on a kink.
private let points = Tensor<Double>([-4.5, -2.9, -1.3, -0.4, 0.2, 0.9, 2.1, 3.7], shape: [2, 4])

/// Each activation with its definition written out per element, from Foundation's functions.
private let activations: [(name: String, tensor: @Sendable (Tensor<Double>) -> Tensor<Double>, formula: @Sendable (Double) -> Double)] = [
    ("gelu", { $0.gelu() }, { $0 * 0.5 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }),
    ("gelu tanh", { $0.gelu(approximate: .tanh) }, {
        0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0)))
    }),
    ("silu", { $0.silu() }, { $0 / (1 + Foundation.exp(-$0)) }),
    ("mish", { $0.mish() }, { $0 * Foundation.tanh(Foundation.log(1 + Foundation.exp($0))) }),
    ("softsign", { $0.softsign() }, { $0 / (1 + Swift.abs($0)) }),
    ("logSigmoid", { $0.logSigmoid() }, { Foundation.log(1 / (1 + Foundation.exp(-$0))) }),
    ("leakyReLU", { $0.leakyReLU(negativeSlope: 0.2) }, { $0 > 0 ? $0 : 0.2 * $0 }),
    ("elu", { $0.elu(alpha: 1.5) }, { $0 > 0 ? $0 : 1.5 * (Foundation.exp($0) - 1) }),
    ("selu", { $0.selu() }, { 1.0507009873554805 * ($0 > 0 ? $0 : 1.6732632423543772 * (Foundation.exp($0) - 1)) }),
    ("hardSigmoid", { $0.hardSigmoid() }, { Swift.min(Swift.max($0 + 3, 0), 6) / 6 }),
    ("hardSwish", { $0.hardSwish() }, { $0 * Swift.min(Swift.max($0 + 3, 0), 6) / 6 }),
]

/// The derivative at `x` from one backward pass.
private func derivative(_ f: (Tensor<Double>) -> Tensor<Double>, at x: Double) -> Double {
    gradient(at: Tensor(x)) { f($0).sum() }.scalar!
}

@Suite("activations: values from their definitions, gradients from finite differences, PyTorch's kinks")
struct ActivationTests {
    @Test("each activation equals its definition element by element")
    func valuesMatchDefinitions() {
        for (name, f, formula) in activations {
            #expect(close(f(points).scalars, points.scalars.map(formula), tolerance: 1e-13), "\(name)")
            #expect(f(points).shape == points.shape, "\(name)")
        }
    }

    @Test("gradients match finite differences, for a broadcast input too")
    func gradients() {
        let bias = Tensor<Double>([0.05, 0.13, 0.15, 0.1], shape: [4])
        for (name, f, _) in activations {
            let report = checkGradient(of: { f($0).sum() }, at: points)
            #expect(report.passed, "\(name): \(report)")
            let broadcast = checkGradient(of: { x, b in f(x + b) }, at: points, bias)
            #expect(broadcast.passed, "\(name) broadcast: \(broadcast)")
        }
    }

    @Test("second derivatives match finite differences of the gradient")
    func secondOrder() {
        for (name, f, _) in activations {
            let report = checkSecondOrderGradient(of: { f($0).sum() }, at: points)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("batched Jacobians (one sweep for every row) match finite differences")
    func jacobians() {
        for (name, f, _) in activations {
            let report = checkJacobian(of: f, at: points)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("the Variable forms equal the tensor forms and pass first and second order checks")
    func variableForms() {
        let scalarActivations: [(String, (Variable) -> Variable, (Tensor<Double>) -> Tensor<Double>)] = [
            ("gelu", { $0.gelu() }, { $0.gelu() }), ("gelu tanh", { $0.gelu(approximate: .tanh) }, { $0.gelu(approximate: .tanh) }),
            ("silu", { $0.silu() }, { $0.silu() }), ("mish", { $0.mish() }, { $0.mish() }),
            ("softsign", { $0.softsign() }, { $0.softsign() }), ("logSigmoid", { $0.logSigmoid() }, { $0.logSigmoid() }),
        ]
        for (name, scalar, tensor) in scalarActivations {
            for x in points.scalars {
                #expect(scalar(Variable(x)).value == tensor(Tensor(x)).scalar!, "\(name) at \(x)")
                #expect(checkGradient(of: scalar, at: x).passed, "\(name) at \(x)")
                #expect(checkSecondOrderGradient(of: { scalar($0[0]) }, at: [x]).passed, "\(name) at \(x)")
            }
        }
    }

    @Test("closed-form derivatives: silu′ = σ(1 + x(1 − σ)), gelu′ = Φ + xφ, logSigmoid′ = σ(−x)")
    func closedFormDerivatives() {
        for x in points.scalars {
            let s = 1 / (1 + Foundation.exp(-x))
            #expect(Swift.abs(derivative({ $0.silu() }, at: x) - s * (1 + x * (1 - s))) < 1e-14)
            let phi = Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot(), cdf = 0.5 * Foundation.erfc(-x / 2.0.squareRoot())
            #expect(Swift.abs(derivative({ $0.gelu() }, at: x) - (cdf + x * phi)) < 1e-14)
            #expect(Swift.abs(derivative({ $0.logSigmoid() }, at: x) - (1 - s)) < 1e-14)
        }
    }

    @Test("gradients at the kinks are PyTorch's")
    func kinkConventions() {
        #expect(derivative({ $0.leakyReLU(negativeSlope: 0.2) }, at: 0) == 0.2)
        #expect(derivative({ $0.elu(alpha: 1.5) }, at: 0) == 1.5)
        #expect(Swift.abs(derivative({ $0.selu() }, at: 0) - 1.0507009873554805 * 1.6732632423543772) < 1e-15)
        #expect(derivative({ $0.hardSigmoid() }, at: -3) == 0)
        #expect(derivative({ $0.hardSigmoid() }, at: 3) == 0)
        #expect(derivative({ $0.hardSigmoid() }, at: 0) == 1.0 / 6)
        // The minimum-norm subgradients, as PyTorch 2.15: 0 from [−½, 0] and 1 from [1, 3/2].
        #expect(derivative({ $0.hardSwish() }, at: -3) == 0)
        #expect(derivative({ $0.hardSwish() }, at: 3) == 1)
        #expect(derivative({ $0.softsign() }, at: 0) == 1)
    }

    @Test("extreme inputs give finite values and gradients")
    func extremeInputs() {
        let x = Tensor<Double>([-1000, -40, 40, 1000])
        for (name, f, _) in activations {
            let (value, slope) = valueWithGradient(at: x) { f($0).sum() }
            #expect(value.scalar!.isFinite, "\(name)")
            #expect(slope.scalars.allSatisfy { $0.isFinite }, "\(name): \(slope.scalars)")
        }
        #expect(Tensor<Double>([-1000]).logSigmoid().scalar == -1000)
        #expect(Tensor<Float>([-200, 200]).elu().scalars == [-1, 200])
    }

    @Test("NaN stays NaN")
    func nanPropagates() {
        for (name, f, _) in activations {
            #expect(f(Tensor([Double.nan])).scalar!.isNaN, "\(name)")
        }
    }
}
