import Foundation
import Testing
@testable import Backprop
@testable import BackpropExpressions

/// The primitive table: every elementwise function, as a Variable and as a tensor, against its
/// textbook derivative, finite differences to first and second order, batched Jacobians, traces
/// and the expression language. A function added to ``UnaryFunction`` needs one row here.
@Suite("Elementwise functions from the primitive table, in every form")
struct UnaryFunctionTests {
    /// Each function's derivative as the textbook writes it, computed without the library.
    static let textbook: [UnaryFunction: @Sendable (Double) -> Double] = [
        .exp: { Foundation.exp($0) },
        .expm1: { Foundation.exp($0) },
        .exp2: { Foundation.exp2($0) * Foundation.log(2) },
        .log: { 1 / $0 },
        .log1p: { 1 / (1 + $0) },
        .log2: { 1 / ($0 * Foundation.log(2)) },
        .log10: { 1 / ($0 * Foundation.log(10)) },
        .sin: { Foundation.cos($0) },
        .cos: { -Foundation.sin($0) },
        .tan: { 1 / (Foundation.cos($0) * Foundation.cos($0)) },
        .asin: { 1 / (1 - $0 * $0).squareRoot() },
        .acos: { -1 / (1 - $0 * $0).squareRoot() },
        .atan: { 1 / (1 + $0 * $0) },
        .sinh: { Foundation.cosh($0) },
        .cosh: { Foundation.sinh($0) },
        .tanh: { 1 / (Foundation.cosh($0) * Foundation.cosh($0)) },
        .asinh: { 1 / ($0 * $0 + 1).squareRoot() },
        .acosh: { 1 / ($0 * $0 - 1).squareRoot() },
        .atanh: { 1 / (1 - $0 * $0) },
        .sqrt: { 0.5 / $0.squareRoot() },
        .abs: { $0 > 0 ? 1 : -1 },
        .relu: { $0 > 0 ? 1 : 0 },
        .sigmoid: { Foundation.exp(-$0) / ((1 + Foundation.exp(-$0)) * (1 + Foundation.exp(-$0))) },
        .softplus: { 1 / (1 + Foundation.exp(-$0)) },
        .erf: { 2 / Double.pi.squareRoot() * Foundation.exp(-$0 * $0) },
        .erfc: { -2 / Double.pi.squareRoot() * Foundation.exp(-$0 * $0) },
    ]

    /// Three points inside the function's domain, none at a kink.
    static func points(_ function: UnaryFunction) -> [Double] {
        let (lower, upper) = function.definition.domain
        switch (lower.isFinite, upper.isFinite) {
        case (true, true): return [0.15, 0.5, 0.85].map { lower + $0 * (upper - lower) }
        case (true, false): return [0.3, 1.1, 2.5].map { lower + $0 }
        default: return [-1.3, 0.4, 1.7]
        }
    }

    @Test("every function has a textbook row")
    func everyFunctionHasARow() {
        #expect(Set(Self.textbook.keys) == Set(UnaryFunction.allCases))
    }

    @Test("as a Variable: its value and its derivative are the textbook's", arguments: UnaryFunction.allCases)
    func variableForm(_ function: UnaryFunction) {
        for point in Self.points(function) {
            let x = Variable(point)
            let y = x.applying(function)
            y.backward()
            let expected = Self.textbook[function]!(point)
            #expect(y.value == function.value(point), "\(function) at \(point)")
            #expect(Swift.abs(x.grad! - expected) <= 1e-12 * Swift.max(1, Swift.abs(expected)), "\(function) at \(point): \(x.grad!) vs \(expected)")
        }
    }

    @Test("as a tensor of Double and of Float: values and gradients are the textbook's", arguments: UnaryFunction.allCases)
    func tensorForm(_ function: UnaryFunction) {
        let points = Self.points(function)
        let x = Tensor<Double>(points, requiresGrad: true)
        x.applying(function).sum().backward()
        for (computed, point) in zip(x.grad!.scalars, points) {
            let expected = Self.textbook[function]!(point)
            #expect(Swift.abs(computed - expected) <= 1e-12 * Swift.max(1, Swift.abs(expected)), "\(function) at \(point)")
        }
        let single = Tensor<Float>(points.map(Float.init), requiresGrad: true)
        let values = single.applying(function)
        values.sum().backward()
        for (index, point) in points.enumerated() {
            let (value, slope) = (Double(values.scalars[index]), Double(single.grad!.scalars[index]))
            #expect(Swift.abs(value - function.value(point)) <= 1e-5 * Swift.max(1, Swift.abs(value)), "\(function) at \(point)")
            let expected = Self.textbook[function]!(point)
            #expect(Swift.abs(slope - expected) <= 1e-4 * Swift.max(1, Swift.abs(expected)), "\(function)′ at \(point) in Float")
        }
    }

    @Test("finite differences agree to first and second order, for Variables and for broadcast tensors", arguments: UnaryFunction.allCases)
    func finiteDifferences(_ function: UnaryFunction) {
        let points = Self.points(function)
        let scalar = checkGradient(of: { v in v[0].applying(function) * v[1].applying(function) }, at: [points[0], points[2]])
        #expect(scalar.passed, "\(function): \(scalar)")
        let scalarSecond = checkSecondOrderGradient(of: { v in v[0].applying(function) * v[1].applying(function) }, at: [points[0], points[2]])
        #expect(scalarSecond.passed, "\(function): \(scalarSecond)")
        // A [2, 3] input whose rows differ by a tenth of the domain's width, and a broadcast [3] weight.
        let spread = Tensor<Double>(points + points.map { ($0 + Self.points(function)[1]) / 2 }, shape: [2, 3])
        let weight = Tensor<Double>([0.5, -1.5, 2])
        let tensor = checkGradient(of: { ($0.applying(function) * weight).sum() }, at: spread)
        #expect(tensor.passed, "\(function): \(tensor)")
        let tensorSecond = checkSecondOrderGradient(of: { ($0.applying(function) * weight).sum() }, at: spread)
        #expect(tensorSecond.passed, "\(function): \(tensorSecond)")
    }

    @Test("the batched Jacobian is the diagonal of the derivative, as row by row", arguments: UnaryFunction.allCases)
    func batchedJacobian(_ function: UnaryFunction) {
        let points = Self.points(function)
        let j = jacobian(at: Tensor<Double>(points)) { $0.applying(function) }
        for row in 0..<3 {
            for column in 0..<3 {
                let expected = row == column ? Self.textbook[function]!(points[row]) : 0
                let value = j.scalars[row * 3 + column]
                #expect(Swift.abs(value - expected) <= 1e-12 * Swift.max(1, Swift.abs(expected)), "\(function) [\(row), \(column)]")
            }
        }
    }

    @Test("traces state the table's formula, and the expression language knows the function by name", arguments: UnaryFunction.allCases)
    func traceAndExpression(_ function: UnaryFunction) throws {
        let point = Self.points(function)[1]
        let x = Variable(point).named("x")
        let trace = x.applying(function).backwardWithTrace()
        #expect(trace.steps.contains { $0.formula == function.definition.derivative("x") }, "\(function): \(trace)")
        #expect(!trace.latex.contains("\\operatorname{\\operatorname"))
        let tensorTrace = Tensor<Double>([point], requiresGrad: true).named("t").applying(function).sum().backwardWithTrace()
        // δ ⊙ f′(t), written −δ ⊙ … for a negative derivative and δ / … for a reciprocal one.
        var local = function.definition.derivative("t")
        if local.hasPrefix("−") { local.removeFirst() }
        if local.hasPrefix("1/") { local.removeFirst(2) }
        #expect(tensorTrace.steps.contains { $0.formula.contains("δ") && $0.formula.contains(local) }, "\(function): \(tensorTrace)")
        let expression = try ScalarExpression(parsing: "\(function.definition.name)(x)")
        #expect(try expression.value(at: ["x": point]) == function.value(point))
        let y = Variable(point)
        try expression.evaluate(["x": y]).backward()
        let expected = Self.textbook[function]!(point)
        #expect(Swift.abs(y.grad! - expected) <= 1e-12 * Swift.max(1, Swift.abs(expected)))
    }

    @Test("relu's fused tensor gradient equals g ⊙ f′ of the table")
    func fusedReluRule() {
        let x = Tensor<Double>([-2, -0.0, 0, 0.5, 3, .nan, -.infinity], requiresGrad: true)
        let g = Tensor<Double>([1, 2, 3, 4, .infinity, 6, .nan])
        x.relu().backward(seed: g)
        let composite = withoutRecording { g * UnaryFunction.relu.derivative(x: x.detached(), output: x.detached().relu()) }
        #expect(zip(x.grad!.scalars, composite.scalars).allSatisfy { $0 == $1 || ($0 == 0 && $1.isNaN) }, "\(x.grad!) vs \(composite)")
    }

    @Test("a scalar operation takes one byte on the tape")
    func operationsStayOneByte() {
        #expect(MemoryLayout<ScalarOperation>.stride == 1)
    }
}
