import Foundation
import Testing
@testable import Backprop

/// A random scalar function of `inputCount` Variables, drawn once and then applied the same way
/// at every point: every entry of the primitive table, the four arithmetic operations, the
/// constant forms, powers, and max/min.
private struct RandomScalarFunction {
    enum Step {
        case unary(UnaryFunction, Int)
        case binary(Int, Int, Int)        // kind, lhs, rhs
        case withConstant(Int, Int, Double)   // kind, operand, constant
    }
    let inputCount: Int
    let steps: [Step]

    init(inputCount: Int, length: Int, seed: UInt64) {
        var generator = SeededRandomNumberGenerator(seed: seed)
        self.inputCount = inputCount
        steps = (0..<length).map { step in
            let available = inputCount + step
            let operand = { Int.random(in: 0..<available, using: &generator) }
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: return .unary(UnaryFunction.allCases.randomElement(using: &generator)!, operand())
            case 1: return .binary(Int.random(in: 0..<7, using: &generator), operand(), operand())
            default: return .withConstant(Int.random(in: 0..<10, using: &generator), operand(), Double.random(in: -2...2, using: &generator))
            }
        }
    }

    func callAsFunction(_ x: [Variable]) -> Variable {
        var values = x
        for step in steps {
            let result: Variable
            switch step {
            case .unary(let function, let a): result = values[a].applying(function)
            case .binary(let kind, let a, let b):
                let (x, y) = (values[a], values[b])
                result = [x + y, x - y, x * y, x / y, pow(x, y), max(x, y), min(x, y)][kind]
            case .withConstant(let kind, let a, let c):
                let x = values[a]
                result = [x + c, c - x, x * c, x / c, c / x, pow(x, c), pow(abs(c), x), max(x, c), min(x, c), -x][kind]
            }
            // Keep magnitudes moderate so that most programs stay finite.
            values.append(tanh(result) + result * 0.001)
        }
        return values.suffix(3).reduce(Variable(constant: 0), +)
    }
}

/// Equal, or both NaN.
private func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

@Suite("Compiled functions: record once, replay at new inputs")
struct CompiledFunctionTests {
    @Test("a replay without simplification equals a new recording bit for bit: values and gradients of random programs")
    func replayEqualsRecording() throws {
        for seed in 0..<150 as Range<UInt64> {
            let function = RandomScalarFunction(inputCount: 3, length: 12, seed: seed)
            var generator = SeededRandomNumberGenerator(seed: 1000 + seed)
            let recordedAt = (0..<3).map { _ in Double.random(in: 0.2...1.5, using: &generator) }
            let compiled = try compile(at: recordedAt, simplifying: false, onBranchChange: .recompile) { function($0) }
            for _ in 0..<3 {
                let point = (0..<3).map { _ in Double.random(in: 0.2...1.5, using: &generator) }
                let expected = valueWithGradient(at: point) { function($0) }
                let replayed = try compiled.valueWithGradient(at: point)
                #expect(same(replayed.value, expected.value), "seed \(seed): \(replayed.value) vs \(expected.value)")
                #expect(zip(replayed.gradient, expected.gradient).allSatisfy(same), "seed \(seed): \(replayed.gradient) vs \(expected.gradient)")
                #expect(same(try compiled(point), expected.value))
            }
        }
    }

    @Test("with simplification, replays of random programs agree with recordings to rounding, and their Hessians with the tape's")
    func simplifiedReplayAgrees() throws {
        for seed in 200..<260 as Range<UInt64> {
            let function = RandomScalarFunction(inputCount: 2, length: 8, seed: seed)
            let compiled = try compile(at: [0.7, 1.1], onBranchChange: .recompile) { function($0) }
            let point = [0.9, 0.6]
            let expected = valueWithGradient(at: point) { function($0) }
            let replayed = try compiled.valueWithGradient(at: point)
            guard expected.value.isFinite, expected.gradient.allSatisfy(\.isFinite) else { continue }
            #expect(abs(replayed.value - expected.value) <= 1e-12 * max(1, abs(expected.value)), "seed \(seed)")
            for (r, e) in zip(replayed.gradient, expected.gradient) { #expect(abs(r - e) <= 1e-10 * max(1, abs(e)), "seed \(seed)") }
            let tapeHessian = hessian(at: point) { function($0) }
            guard tapeHessian.joined().allSatisfy(\.isFinite) else { continue }
            let compiledHessian = try compiled.hessian(at: point)
            for (row, expectedRow) in zip(compiledHessian, tapeHessian) {
                for (h, e) in zip(row, expectedRow) { #expect(abs(h - e) <= 1e-8 * max(1, abs(e)), "seed \(seed): \(compiledHessian) vs \(tapeHessian)") }
            }
        }
    }

    @Test("the gradient and Hessian of x₀²·sin x₁ match their closed forms at a new point")
    func closedForms() throws {
        let f = try compile(at: [1, 2]) { x in x[0] * x[0] * sin(x[1]) }
        let (a, b) = (3.0, 0.5)
        #expect(try f([a, b]) == a * a * sin(b))
        let gradient = try f.gradient(at: [a, b])
        #expect(abs(gradient[0] - 2 * a * sin(b)) < 1e-14 && abs(gradient[1] - a * a * cos(b)) < 1e-14)
        let h = try f.hessian(at: [a, b])
        let expected = [[2 * sin(b), 2 * a * cos(b)], [2 * a * cos(b), -a * a * sin(b)]]
        for (row, expectedRow) in zip(h, expected) { for (x, y) in zip(row, expectedRow) { #expect(abs(x - y) < 1e-13) } }
        let hv = try f.hessianVectorProduct(at: [a, b], along: [1, -2])
        #expect(abs(hv[0] - (expected[0][0] - 2 * expected[0][1])) < 1e-13 && abs(hv[1] - (expected[1][0] - 2 * expected[1][1])) < 1e-13)
    }

    @Test("a changed branch is reported with the comparison and its line; recompile follows the new branch")
    func changedBranch() throws {
        let line = #line + 1
        let absolute: ([Variable]) -> Variable = { x in x[0] > 0 ? x[0] * x[0] : -x[0] }
        let f = try compile(at: [1], absolute)
        #expect(try f.gradient(at: [3]) == [6])
        var thrown: BackpropError?
        do { _ = try f.gradient(at: [-2]) } catch { thrown = error }
        #expect(thrown?.kind == .branchChanged)
        let message = thrown?.description ?? ""
        #expect(message.contains("`x[0]` > `0.0`") && message.contains("was true when the function was compiled and is false"), "\(message)")
        #expect(message.contains("CompiledFunctionTests.swift:\(line)") || message.contains("unknown location"), "\(message)")

        let following = try compile(at: [1], onBranchChange: .recompile, absolute)
        #expect(try following.gradient(at: [-2]) == [-1])
        #expect(try following([-2]) == 2)
        #expect(try following.gradient(at: [4]) == [8])
    }

    @Test("constants fold, unused operations are dropped, and a repeated operation on the same operands is computed once")
    func simplification() throws {
        let captured = Variable(3.0)
        let body: ([Variable]) -> Variable = { x in
            _ = exp(x[0]) * 5                          // unused: dropped
            let folded = exp(captured) + 2             // no input: one constant
            return sin(x[0]) * sin(x[0]) + folded * x[1]
        }
        let plain = try compile(at: [0.5, 1], simplifying: false, body)
        let simplified = try compile(at: [0.5, 1], body)
        #expect(plain.operationCount == 5)        // sin, sin, ×, ×, +
        #expect(simplified.operationCount == 4)   // sin, ×, ×, +
        let expectedGradient = [2 * sin(0.2) * cos(0.2), exp(3.0) + 2]
        for f in [plain, simplified] {
            let gradient = try f.gradient(at: [0.2, 7])
            #expect(abs(gradient[0] - expectedGradient[0]) < 1e-14 && gradient[1] == expectedGradient[1])
        }
        #expect(captured.grad == nil)
    }

    @Test("misuse: tensor operations, custom derivatives, a wrong number of inputs, and recording switched off are errors")
    func misuse() throws {
        #expect(throws: BackpropError.self) {
            _ = try compile(at: [1]) { x in Variable((Tensor<Double>.ones([2]) * x[0]).sum()) }
        }
        do {
            _ = try compile(at: [1]) { x in Variable((Tensor<Double>.ones([2]) * x[0]).sum()) }
        } catch {
            #expect(error.kind == .invalidArgument && error.description.contains("a tensor operation"))
        }
        do {
            _ = try compile(at: [1]) { x in Variable.differentiable("cube", x[0], value: { $0 * $0 * $0 }, derivative: { x, _ in 3 * x * x }) }
            Issue.record("a custom operation was compiled")
        } catch {
            #expect(error.kind == .invalidArgument && error.description.contains("a custom operation"))
        }
        let f = try compile(at: [1, 2]) { x in x[0] * x[1] }
        do {
            _ = try f.gradient(at: [1])
            Issue.record("one input for two was accepted")
        } catch {
            #expect(error.kind == .shapeMismatch && error.description.contains("compiled for 2 inputs, and 1 were given"))
        }
        #expect(throws: BackpropError.self) { _ = try withoutRecording { try compile(at: [1]) { x in x[0] } } }
    }

    @Test("a function that ignores its inputs compiles to a constant with a zero gradient")
    func constantFunction() throws {
        let f = try compile(at: [1, 2]) { _ in Variable(constant: 4) }
        #expect(try f([5, 6]) == 4)
        #expect(try f.gradient(at: [5, 6]) == [0, 0])
        #expect(try f.hessian(at: [5, 6]) == [[0, 0], [0, 0]])
    }

    @Test("threads calling one compiled function at once each get their own point's gradient")
    func concurrentCalls() async throws {
        let f = try compile(at: [1, 1]) { x in x[0] * x[0] * x[1] }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let a = Double(task)
                    return try f.gradient(at: [a, 2]) == [4 * a, a * a]
                }
            }
            for try await correct in group { #expect(correct) }
        }
    }
}
