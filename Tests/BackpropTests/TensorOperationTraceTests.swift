import Testing
@testable import Backprop

@Suite("Traces through products, running log-sum-exps and scatters")
struct TensorOperationTraceTests {
    @Test("each new primitive appears by name with a formula in δ, first and second order")
    func formulas() {
        let x = Tensor<Double>([0.5, 0, 1.5, 2], requiresGrad: true)
        let loss = x.cumulativeProduct(alongAxis: 0).logCumulativeSumExp(alongAxis: 0)
            .scattering(x, indices: [1, 1, 0, 3], alongAxis: 0, reduction: .amax).sum()
        let trace = loss.backwardWithTrace()
        let operations = Set(trace.graph.nodes.map(\.operation))
        for name in ["linearRecurrence", "logCumulativeSumExp", "scatter(amax)"] {
            #expect(operations.contains(name), "\(name) not in \(operations.sorted())")
        }
        for step in trace.steps { #expect(step.formula.contains("δ"), "\(step.output) → \(step.input): \(step.formula)") }
        let y = Tensor<Double>([0.5, 0.25, 1.5], requiresGrad: true)
        y.logCumulativeSumExp(alongAxis: 0).product().backward(createGraph: true)
        let second = (y.grad! * y.grad!).sum().backwardWithTrace()
        let adjoints = Set(second.graph.nodes.map(\.operation))
        for name in ["reverseLinearRecurrence", "reverseLogCumulativeSumExp"] {
            #expect(adjoints.contains(name), "\(name) not in \(adjoints.sorted())")
        }
        for step in second.steps { #expect(step.formula.contains("δ"), "\(step.output) → \(step.input): \(step.formula)") }
    }
}
