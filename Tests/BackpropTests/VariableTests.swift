import Foundation
import Testing
@testable import Backprop

@Suite("Variable: scalar operations and their derivatives")
struct VariableTests {
    @Test("the design example: c = a·b + eᵃ/b has ∂c/∂a = b + eᵃ/b and ∂c/∂b = a − eᵃ/b²")
    func designExampleMatchesClosedForm() {
        let a = Variable(2.0), b = Variable(-3.0)
        let c = a * b + exp(a) / b
        #expect(a.grad == nil)
        c.backward()
        #expect(c.value == 2 * -3 + exp(2) / -3)
        #expect(Swift.abs(a.grad! - (-3 + exp(2) / -3)) < 1e-12)
        #expect(Swift.abs(b.grad! - (2 - exp(2) / 9)) < 1e-12)
        #expect(a.value == 2)
    }

    static let unaryCases: [(String, @Sendable (Variable) -> Variable, @Sendable (Double) -> Double, Double)] = [
        ("exp", { exp($0) }, { Foundation.exp($0) }, 0.7),
        ("log", { log($0) }, { 1 / $0 }, 1.7),
        ("sin", { sin($0) }, { Foundation.cos($0) }, 0.4),
        ("cos", { cos($0) }, { -Foundation.sin($0) }, 0.4),
        ("tan", { tan($0) }, { 1 / (Foundation.cos($0) * Foundation.cos($0)) }, 0.4),
        ("tanh", { tanh($0) }, { 1 - Foundation.tanh($0) * Foundation.tanh($0) }, 0.4),
        ("sqrt", { sqrt($0) }, { 0.5 / Foundation.sqrt($0) }, 2.5),
        ("abs", { abs($0) }, { $0 > 0 ? 1 : -1 }, -1.5),
        ("negate", { -$0 }, { _ in -1 }, 0.3),
        ("relu", { $0.relu() }, { $0 > 0 ? 1 : 0 }, 0.8),
        ("sigmoid", { $0.sigmoid() }, { let s = 1 / (1 + Foundation.exp(-$0)); return s * (1 - s) }, -0.6),
        ("softplus", { $0.softplus() }, { 1 / (1 + Foundation.exp(-$0)) }, 0.9),
        ("pow constant", { pow($0, 3.5) }, { 3.5 * Foundation.pow($0, 2.5) }, 1.3),
        ("square", { pow($0, 2) }, { 2 * $0 }, -1.3),
        ("constant pow", { pow(2.5, $0) }, { Foundation.pow(2.5, $0) * Foundation.log(2.5) }, 0.6),
        ("add constant", { $0 + 4.0 }, { _ in 1 }, 0.6),
        ("constant minus", { 4.0 - $0 }, { _ in -1 }, 0.6),
        ("times constant", { $0 * 4.0 }, { _ in 4 }, 0.6),
        ("divided by constant", { $0 / 4.0 }, { _ in 0.25 }, 0.6),
        ("constant divided", { 4.0 / $0 }, { -4 / ($0 * $0) }, 0.6),
        ("max with constant", { max($0, 0.5) }, { $0 > 0.5 ? 1 : 0 }, 0.6),
        ("min with constant", { min($0, 0.5) }, { $0 < 0.5 ? 1 : 0 }, 0.6),
    ]

    @Test("every unary operation matches finite differences and its closed form", arguments: 0..<unaryCases.count)
    func unaryDerivatives(_ index: Int) {
        let (name, f, derivative, x) = Self.unaryCases[index]
        let report = checkGradient(of: f, at: x)
        #expect(report.passed, "\(name): \(report)")
        let v = Variable(x)
        f(v).backward()
        #expect(Swift.abs(v.grad! - derivative(x)) <= 1e-12 * Swift.max(1, Swift.abs(derivative(x))), "\(name)")
    }

    static let binaryCases: [(String, @Sendable (Variable, Variable) -> Variable)] = [
        ("add", { $0 + $1 }), ("subtract", { $0 - $1 }), ("multiply", { $0 * $1 }),
        ("divide", { $0 / $1 }), ("pow", { pow($0, $1) }), ("max", { max($0, $1) }), ("min", { min($0, $1) }),
    ]

    @Test("every binary operation matches finite differences", arguments: 0..<binaryCases.count)
    func binaryDerivatives(_ index: Int) {
        let (name, f) = Self.binaryCases[index]
        for point in [[1.3, 0.7], [0.4, 2.1], [2.2, -1.1]] where !(name == "pow" && point[0] < 0) {
            let report = checkGradient(of: { f($0[0], $0[1]) }, at: point)
            #expect(report.passed, "\(name) at \(point): \(report)")
        }
    }

    @Test("pow(x, y) has the closed-form partials y·xʸ⁻¹ and xʸ·ln x")
    func powerPartials() {
        let x = Variable(1.7), y = Variable(2.3)
        pow(x, y).backward()
        #expect(Swift.abs(x.grad! - 2.3 * Foundation.pow(1.7, 1.3)) < 1e-12)
        #expect(Swift.abs(y.grad! - Foundation.pow(1.7, 2.3) * Foundation.log(1.7)) < 1e-12)
    }

    @Test("max and min split the gradient evenly on a tie")
    func tiesSplitEvenly() {
        let a = Variable(1.0), b = Variable(1.0)
        (max(a, b) + min(a, b)).backward()
        #expect(a.grad == 1 && b.grad == 1)
        let c = Variable(2.0), d = Variable(2.0)
        max(c, d).backward()
        #expect(c.grad == 0.5 && d.grad == 0.5)
    }

    @Test("a value used twice receives the sum of both contributions")
    func reusedValueSumsContributions() {
        let x = Variable(3.0)
        let y = x * x + x
        y.backward()
        #expect(x.grad == 7)
    }

    @Test("number literals mix in as constants and Variables drive control flow")
    func literalsAndControlFlow() {
        let x = Variable(-1.5)
        let y = x > 0 ? x * x : 1 - x * 3
        y.backward()
        #expect(x.grad == -3.0)
        #expect(x < 0 && x == -1.5 && x != 2 && x <= -1.5 && x >= -1.5 && x > -2 && x < 0.5)
        #expect(pow(x, 2).value == 2.25)
    }

    @Test("stable sigmoid and softplus stay finite far from zero")
    func stableActivations() {
        for x in [-1000.0, 1000.0] {
            let v = Variable(x)
            let y = v.sigmoid() + v.softplus()
            y.backward()
            #expect(y.value.isFinite && v.grad!.isFinite)
        }
    }
}
