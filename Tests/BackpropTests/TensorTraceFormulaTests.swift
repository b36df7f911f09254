import Testing
@testable import Backprop

/// Every tensor operation's trace step carries its own gradient formula: the formulas are an
/// exhaustive switch over `TensorOperation`, and these traces reach each kind of operation,
/// first and second order (the backward pass of a backward pass records the adjoint operations).
@Suite("Tensor trace formulas")
struct TensorTraceFormulaTests {
    /// A loss through one operation of each kind a forward pass records.
    private func forwardLoss(_ x: Tensor<Double>, _ w: Tensor<Double>) -> Tensor<Double> {
        let images = x.reshaped(to: [1, 1, 4, 4])
        let convolved = conv2d(images, w, stride: (1, 1), padding: (1, 1))
        let pooled = convolved.maxPool2d(kernel: 2).reshaped(to: [4])
        let bounded = tanh(pooled) + log1p(exp(pooled))
        let smooth = bounded - sqrt(pooled * pooled + 1) / pow(pooled, 2).sum()
        let joined = Tensor.concatenated([smooth, x.flipped(alongAxes: 0)[0..<4]])
        let picked = joined.gathering(indices: [0, 3, 5], alongAxis: 0).clamped(to: -2...2)
        let positive = picked .> Tensor(0)
        let selected = Tensor.where(positive, picked, -picked).cumulativeSum(alongAxis: 0)
        let normalized = selected.logSoftmax().padded([(1, 1)]).max()
        let square = x.reshaped(to: [4, 4])
        let gram = matmul(square, square, transposeA: true, transposeB: false).sum()
        let powered = pow(abs(x) + 1, x).sum()
        return normalized + gram + powered + x.norm()
    }

    private let x = Tensor<Double>((0..<16).map { Double($0 % 7) / 3 - 1 }, shape: [16], requiresGrad: true)
    private let w = Tensor<Double>((0..<9).map { Double($0) / 10 - 0.4 }, shape: [1, 1, 3, 3], requiresGrad: true)

    @Test("each step of a tensor trace has a formula in δ, and the trace reaches every recorded operation")
    func everyForwardStepHasAFormula() {
        let loss = forwardLoss(x, w)
        let recorded = Set(loss.graph.nodes.map(\.operation))
        let trace = loss.backwardWithTrace()
        #expect(!trace.steps.isEmpty)
        for step in trace.steps {
            #expect(step.formula.contains("δ"), "\(step.output) → \(step.input): \(step.formula)")
            #expect(!step.formula.contains("∂"), "a generic formula: \(step.formula)")
        }
        let traced = Set(trace.graph.nodes.filter { node in trace.steps.contains { $0.output == node.label } }.map(\.operation))
        #expect(traced.count > 20, "only \(traced.sorted()) of \(recorded.sorted())")
    }

    @Test("the backward pass recorded under createGraph traces with a formula for every adjoint operation")
    func everySecondOrderStepHasAFormula() {
        let loss = forwardLoss(x, w)
        loss.backward(createGraph: true)
        let secondOrder = (x.grad! * x.grad!).sum() + (w.grad! * w.grad!).sum()
        let trace = secondOrder.backwardWithTrace()
        let operations = Set(trace.graph.nodes.map(\.operation))
        for adjoint in ["maxUnpool2d", "conv2dInputGradient", "conv2dFilterGradient", "scatterAdd", "sliceScatter"] {
            #expect(operations.contains(adjoint), "\(adjoint) not recorded: \(operations.sorted())")
        }
        for step in trace.steps {
            #expect(step.formula.contains("δ"), "\(step.output) → \(step.input): \(step.formula)")
            #expect(!step.formula.contains("∂"), "a generic formula: \(step.formula)")
        }
    }

    @Test("an operation of your own shows its name in the trace's formula")
    func customOperationsAreNamed() {
        let y = Tensor<Double>.differentiable("cube", inputs: [x], value: { $0[0] * $0[0] * $0[0] },
                                              pullback: { g, x, _ in [3 * g * x[0] * x[0]] })
        let trace = y.sum().backwardWithTrace()
        #expect(trace.steps.contains { $0.formula == "the pullback of cube applied to δ" })
    }
}
