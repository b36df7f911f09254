import Foundation
import Testing
import Backprop

/// Property-based gradient testing: random differentiable programs — broadcasting, reused
/// values, reductions, matrix products, shaping and indexing, softmax, elementwise functions on
/// their domains, `Variable`s mixed with tensors — whose tape gradients must equal central finite
/// differences in `Double`.
///
/// A failing program is shrunk to a small one that still fails and reported as Swift code to
/// paste into a test, with its seed.
///
/// Each run checks 2,000 programs, and the second derivatives (Hessian-vector products by
/// reverse over reverse) of 300 more. Two environment variables run others, or many more:
///
/// - `BACKPROP_RANDOM_PROGRAMS`: how many programs (for example 100000);
/// - `BACKPROP_RANDOM_SEED`: the seed of the first program (program k has seed + k); a reported
///   seed with `BACKPROP_RANDOM_PROGRAMS=1` reproduces that program alone.
///
/// ```
/// BACKPROP_RANDOM_PROGRAMS=100000 BACKPROP_RANDOM_SEED=7 swift test --filter RandomProgramTests
/// ```
@Suite("Random programs: tape gradients against central finite differences")
struct RandomProgramTests {
    @Test("the tape's gradients of random programs equal central finite differences")
    func gradientsMatchFiniteDifferences() {
        checkPrograms(secondOrder: false, defaultCount: 2_000)
    }

    @Test("the tape's second derivatives of random programs equal finite differences of its gradients")
    func secondDerivativesMatchFiniteDifferences() {
        checkPrograms(secondOrder: true, defaultCount: 300)
    }

    /// Checks `BACKPROP_RANDOM_PROGRAMS` programs (or `defaultCount`) from `BACKPROP_RANDOM_SEED`.
    private func checkPrograms(secondOrder: Bool, defaultCount: Int) {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["BACKPROP_RANDOM_PROGRAMS"].flatMap { Int($0) } ?? defaultCount
        let firstSeed = environment["BACKPROP_RANDOM_SEED"].flatMap { UInt64($0) } ?? 1
        var usable = 0, failures = 0, elements = 0, unestimated = 0, families = Set<String>()
        for offset in 0..<count {
            let seed = firstSeed &+ UInt64(offset)
            let program = ProgramGenerator.program(seed: seed)
            let outcome = program.checkGradients(secondOrder: secondOrder)
            if case .unusable = outcome { continue }
            usable += 1
            families.formUnion(program.operationFamilies)
            if case .compared(let comparison) = outcome {
                elements += comparison.tape.joined().count
                unestimated += comparison.unestimatedCount
            }
            guard outcome.isFailure else { continue }
            failures += 1
            Issue.record(Comment(rawValue: failureReport(program, seed: seed, secondOrder: secondOrder)))
            // A broken rule fails many programs; a few shrunk reports say it all.
            if failures == 3 { return }
        }
        // Unusable programs and elements without an estimate are skipped; too many of them
        // would hollow the test out.
        #expect(usable >= count * 9 / 10, "only \(usable) of \(count) programs could be checked")
        #expect(unestimated * 100 <= elements, "\(unestimated) of \(elements) input elements had no finite-difference estimate")
        if count >= 1_000 && !secondOrder {
            #expect(families.isSuperset(of: ProgramOperation.allFamilies), "never generated: \(ProgramOperation.allFamilies.subtracting(families).sorted())")
        }
    }

    @Test("a failing program shrinks to a small one that still fails")
    func shrinking() throws {
        // A stand-in for a broken rule: every program that computes a sine "fails".
        let computesSine = { (program: RandomProgram) in
            program.steps.contains { if case .operation(.unary(.function(.sin), _)) = $0 { true } else { false } }
        }
        let seed = try #require((UInt64(1)...10_000).first { computesSine(ProgramGenerator.program(seed: $0)) })
        let program = ProgramGenerator.program(seed: seed)
        let shrunk = ProgramShrinker.shrink(program) { computesSine($0) && $0.types != nil }
        let types = try #require(shrunk.types)
        #expect(computesSine(shrunk))
        #expect(shrunk.steps.count <= 3, "\(shrunk.swiftCode())")
        #expect(types.allSatisfy { $0.count == 1 }, "\(shrunk.swiftCode())")
        #expect(shrunk.swiftCode().contains("= sin(x0)"), "\(shrunk.swiftCode())")
        #expect(ProgramShrinker.complexity(of: shrunk).lexicographicallyPrecedes(ProgramShrinker.complexity(of: program)))
    }

    @Test("a program prints as the Swift code that builds it, with expectations from finite differences")
    func printing() throws {
        let program = RandomProgram(steps: [
            .input(.tensor([2, 1]), scalars: [0.5, -1.25]),
            .input(.scalar, scalars: [2]),
            .operation(.binary(.multiply, 0, 1)),
            .operation(.logSoftmax(2, axis: 0)),
            .operation(.weightedSum(3, weights: [1, -2])),
        ])
        guard case .compared(let comparison) = program.checkGradients() else {
            Issue.record("the program could not be checked")
            return
        }
        #expect(comparison.mismatches.isEmpty)
        let code = program.swiftCode(comparison: comparison)
        let lines = code.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(6)) == [
            "let x0 = Tensor<Double>([0.5, -1.25], shape: [2, 1], requiresGrad: true)",
            "let x1 = Variable(2.0)",
            "let v2 = x0 * x1",
            "let v3 = v2.logSoftmax(alongAxis: 0)",
            "let v4 = (v3 * Tensor<Double>([1.0, -2.0], shape: [2, 1])).sum()",
            "v4.backward()",
        ])
        #expect(lines.contains { $0.hasPrefix("#expect(close(x0.grad?.scalars ?? Array(repeating: 0, count: 2), [") })
        #expect(lines.contains { $0.hasPrefix("#expect(close([x1.grad ?? 0], [") })
    }

    /// The report of a failing program: its seed, and the shrunk program as a test.
    private func failureReport(_ program: RandomProgram, seed: UInt64, secondOrder: Bool) -> String {
        let shrunk = ProgramShrinker.shrink(program) { $0.checkGradients(secondOrder: secondOrder).isFailure }
        if secondOrder {
            let outcome = shrunk.checkGradients(secondOrder: true)
            let found = if case .compared(let comparison) = outcome {
                "H·u from the tape \(comparison.tape), from finite differences \(comparison.numeric)"
            } else { "\(outcome)" }
            return """
                Random program \(seed): the tape's second derivatives (H·u, u = cos(0.9k + 0.3) over the \
                input elements) differ from finite differences of its gradients: \(found). Shrunk from \
                \(program.steps.count) to \(shrunk.steps.count) steps:

                \(shrunk.swiftCode())
                """
        }
        var report = """
            Random program \(seed) (BACKPROP_RANDOM_SEED=\(seed) BACKPROP_RANDOM_PROGRAMS=1 runs it alone): \
            the tape's gradients differ from central finite differences.
            Shrunk from \(program.steps.count) to \(shrunk.steps.count) steps, as a test:

            """
        switch shrunk.checkGradients() {
        case .compared(let comparison):
            report += "@Test func randomProgram\(seed)() {\n\(shrunk.swiftCode(comparison: comparison))\n}"
        case .rejectedOnTape(let error):
            report += shrunk.swiftCode() + "\n// The engine rejects it on the tape: \(error)"
        case .unusable:
            report += shrunk.swiftCode()
        }
        return report
    }
}
