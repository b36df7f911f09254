import _Differentiation
import Backprop

/// The `scalar-rosenbrock` workload: f = Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² over 10,000 Variables,
/// accumulated left to right, then the gradient with respect to every xᵢ.
enum ScalarRosenbrock {
    static let inputs = (0..<10_000).map { 0.5 + 0.001 * Double($0 % 100) }
    /// The inputs of the plain-Double run, mutable so that each run depends on the last.
    nonisolated(unsafe) static var primalInputs = inputs

    static func run() -> [(who: String, seconds: Double)] {
        let backprop = medianSeconds {
            let x = inputs.map { Variable($0) }
            rosenbrock(x).backward()
            consume(x[0].grad)
        }
        // The same through the functional API, which collects the gradients of its own leaves.
        let functional = medianSeconds { consume(gradient(at: inputs, of: rosenbrock as ([Variable]) -> Variable)[0]) }
        // Recorded once, outside the timing; each run replays the value and gradient.
        let compiled = try! compile(at: inputs, rosenbrock)
        let replay = medianSeconds { consume(try! compiled.gradient(at: inputs)[0]) }
        let primal = medianSeconds(minimumRuns: 50) {
            // Feeding the result back into the input (unchanged for a finite result) keeps the
            // optimiser from hoisting the computation out of the timing loop.
            let value = rosenbrock(primalInputs)
            primalInputs[0] = 0.5 + (value - value) * 0
        }
        let swiftAutodiff = medianSeconds(minimumRuns: 3) { consume(_Differentiation.gradient(at: inputs, of: rosenbrock)) }
        return [("backprop", backprop), ("backprop-functional", functional), ("backprop-compiled", replay), ("backprop-primal", primal), ("swift-autodiff", swiftAutodiff)]
    }

    static func rosenbrock(_ x: [Variable]) -> Variable {
        var f = Variable(0)
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1 - x[i]
            f = f + 100 * (a * a) + b * b
        }
        return f
    }

    @differentiable(reverse)
    static func rosenbrock(_ x: [Double]) -> Double {
        var f = 0.0
        for i in withoutDerivative(at: 0..<(x.count - 1)) {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1 - x[i]
            f = f + 100 * (a * a) + b * b
        }
        return f
    }
}
