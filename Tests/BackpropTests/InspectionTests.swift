import Foundation
import Testing
@testable import Backprop

@Suite("Graphs and chain-rule traces")
struct InspectionTests {
    @Test("the trace of tanh(x·w + b) lists exactly the expected steps and values")
    func traceOfNeuron() {
        let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
        let trace = tanh(x * w + b).backwardWithTrace()
        let local = 1 - Foundation.tanh(-5.0) * Foundation.tanh(-5.0)
        let expected: [(String, String, String, Double, Double, Double)] = [
            ("tanh(x·w + b)", "x·w + b", "1 − tanh²(x·w + b)", local, 1, local),
            ("x·w + b", "x·w", "1", 1, local, local),
            ("x·w + b", "b", "1", 1, local, local),
            ("x·w", "x", "w", -3, local, -3 * local),
            ("x·w", "w", "x", 2, local, 2 * local),
        ]
        #expect(trace.steps.count == expected.count)
        for (step, (output, input, formula, localValue, upstream, contribution)) in zip(trace.steps, expected) {
            #expect(step.output == output && step.input == input && step.formula == formula)
            #expect(Swift.abs(step.localValue! - localValue) < 1e-15)
            #expect(Swift.abs(step.upstream.scalar! - upstream) < 1e-15)
            #expect(Swift.abs(step.contribution.scalar! - contribution) < 1e-15)
            #expect(step.runningTotal == nil)
        }
        #expect(x.grad == -3 * local && w.grad == 2 * local)
        #expect(trace.text.contains("∂L/∂x += ∂L/∂(x·w) · ∂(x·w)/∂x"))
        #expect(trace.markdown.hasPrefix("| step | operation |") && trace.latex.contains("\\frac{\\partial L}{\\partial x}"))
    }

    @Test("compound labels are parenthesised where they are differentiated; x − 2 reads as written")
    func labelsReadUnambiguously() {
        #expect(parenthesized("x") == "x" && parenthesized("tanh(x·w + b)") == "tanh(x·w + b)" && parenthesized("σ(z)") == "σ(z)")
        #expect(parenthesized("x·w + b") == "(x·w + b)" && parenthesized("(a + b)·(c + d)") == "((a + b)·(c + d))")
        #expect(parenthesized("−x") == "(−x)" && parenthesized("x^2") == "(x^2)")
        let x = Variable(5.0).named("x")
        let trace = tanh(x - 2).backwardWithTrace()
        #expect(trace.steps.map(\.input) == ["x − 2", "x"])
        #expect(trace.text.hasPrefix("∂L/∂(x − 2) += ∂L/∂tanh(x − 2) · ∂tanh(x − 2)/∂(x − 2): "))
    }

    @Test("a node used twice shows both contributions and their sum")
    func reusedNodeShowsTotal() {
        let a = Variable(3.0).named("a")
        let trace = (a * a).backwardWithTrace()
        #expect(trace.steps.count == 2)
        #expect(trace.steps[0].runningTotal == nil && trace.steps[0].contribution.scalar == 3)
        #expect(trace.steps[1].contribution.scalar == 3 && trace.steps[1].runningTotal?.scalar == 6)
        #expect(trace.text.contains("(total 6)"))
    }

    @Test("tensor steps show the matrix form and the shapes of the dimension-compatibility rule")
    func tensorTrace() {
        let w = Tensor<Double>.randomNormal(shape: [4, 3], seed: 1, requiresGrad: true).named("W")
        let a = Tensor<Double>.randomNormal(shape: [3, 1], seed: 2, requiresGrad: true).named("a")
        let trace = matmul(w, a).sum().backwardWithTrace()
        let step = trace.steps.first { $0.input == "W" }
        #expect(step?.formula == "δ·aᵀ")
        #expect(step?.shapes == "[4×1]·[1×3] → [4×3]")
    }

    @Test("a convolution's steps name im2col and col2im: ∂x = col2im(Wᵀ·δ), ∂W = δ·im2col(x)ᵀ")
    func convolutionTrace() {
        let x = Tensor<Double>.randomNormal(shape: [1, 1, 4, 4], seed: 3, requiresGrad: true).named("x")
        let w = Tensor<Double>.randomNormal(shape: [2, 1, 3, 3], seed: 4, requiresGrad: true).named("W")
        let b = Tensor<Double>.zeros([2], requiresGrad: true).named("b")
        let trace = conv2d(x, w, bias: b).sum().backwardWithTrace()
        #expect(trace.steps.first { $0.input == "x" }?.formula == "col2im(Wᵀ·δ)")
        #expect(trace.steps.first { $0.input == "W" }?.formula == "δ·im2col(x)ᵀ")
        #expect(trace.steps.first { $0.input == "b" }?.formula == "Σ δ over images and positions")
    }

    @Test("the graph lists nodes with values and gradients, as DOT and as a text tree")
    func graphExport() {
        let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
        let y = tanh(x * w + b)
        y.backward(retainGraph: true)
        let graph = y.graph
        #expect(graph.nodes.map(\.label) == ["x", "w", "b", "x·w", "x·w + b", "tanh(x·w + b)"])
        #expect(graph.nodes.first { $0.label == "x" }?.kind == .leaf)
        #expect(graph.nodes.last?.gradient?.scalar == 1)
        #expect(graph.dot.hasPrefix("digraph backprop {") && graph.dot.contains("-> n"))
        #expect(graph.textTree.hasPrefix("tanh(x·w + b) = -0.9999") && graph.textTree.contains("└─ b = 1  grad"))
        let traced = tanh(Variable(0.5).named("u") * 2).backwardWithTrace()
        #expect(traced.graph.nodes.allSatisfy { $0.gradient != nil })
    }

    @Test("DOT output parses with dot -Tsvg",
          .enabled(if: GraphvizError.locateDot() != nil, "Graphviz's dot is not installed (apt-get install graphviz)"))
    func renderingWithGraphviz() throws {
        let x = Tensor<Double>([1, 2], requiresGrad: true).named("x")
        let svg = try exp(x * 2).sum().graph.renderSVG()
        #expect(svg.contains("<svg"))
    }
}

@Suite("Graphs after backward()")
struct GraphAfterBackwardTests {
    /// The parts of a graph that a release keeps.
    private func structure(_ graph: ComputationGraph) -> [String] {
        graph.nodes.map { node in
            "\(node.id) \(node.kind) \(node.operation) \(node.label) \(node.inputs) \(node.kind == .operation ? "" : "\(String(describing: node.value))")"
        }
    }

    @Test("a scalar graph keeps every node, edge, label, leaf value and gradient; operations' values are released")
    func scalarGraph() {
        let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
        let y = tanh(x * w + b) * x
        let before = y.graph
        y.backward()
        let after = y.graph
        #expect(after.nodes.count == 7 && structure(after) == structure(before))
        #expect(after.nodes.filter { $0.kind == .operation }.allSatisfy { $0.value == nil && $0.gradient != nil })
        #expect(after.nodes.first { $0.label == "x" }?.gradient?.scalar == x.grad)
        #expect(after.textTree.contains("x = 2  grad") && after.textTree.contains("└─ x·w + b  grad"))
        #expect(after.dot.components(separatedBy: " -> ").count - 1 == after.nodes.reduce(0) { $0 + $1.inputs.count })
    }

    @Test("a trace's graph keeps every value and gradient, scalar and tensor")
    func traceGraph() {
        let x = Tensor<Double>([1, 2], requiresGrad: true).named("x"), s = Variable(3.0).named("s")
        let trace = (Variable((x * x).sum()) * s).backwardWithTrace()
        #expect(trace.graph.nodes.count == 7)
        #expect(trace.graph.nodes.allSatisfy { $0.value != nil && $0.gradient != nil })
    }

    @Test("a tensor graph keeps its structure, leaf values and gradients, and lets go of the tensors it saved")
    func tensorGraph() {
        let w = Tensor<Double>.randomNormal(shape: [3, 2], seed: 1, requiresGrad: true).named("W")
        let x = Tensor<Double>.randomNormal(shape: [2, 1], seed: 2).named("x")
        let b = Tensor<Double>.zeros([3, 1], requiresGrad: true).named("b")
        let loss = (matmul(w, x) + b).sigmoid().sum()
        let before = loss.graph
        let bytesBefore = MemoryStatistics.liveTapeBytesOfCurrentThread
        loss.backward()
        #expect(MemoryStatistics.liveTapeBytesOfCurrentThread < bytesBefore)
        let after = loss.graph
        #expect(after.nodes.count == before.nodes.count && structure(after) == structure(before))
        #expect(after.nodes.first { $0.label == "W" }?.gradient == ValueSummary(w.grad!))
        #expect(after.textTree.hasPrefix("Σσ(W·x + b)") && after.textTree.contains("W = [3×2]"))
    }

    @Test("a released scalar tape draws its whole graph, and the next computation reuses its storage")
    func releasedScalarTapeIsReused() {
        func chain() -> (recorded: Int, graphNodes: Int) {
            let x = Variable(0.5)
            var y = x
            for _ in 0..<20_000 { y = sin(y) * 1.5 + 1 }
            let recorded = MemoryStatistics.liveTapeBytesOfCurrentThread
            y.backward()
            return (recorded, y.graph.nodes.count)
        }
        let first = chain(), second = chain()
        #expect(first.graphNodes == 60_001 && second.graphNodes == 60_001)
        // The second chain's tape is the first one's, emptied: no more bytes than it held.
        #expect(second.recorded <= first.recorded)
    }
}
