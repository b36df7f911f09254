import Foundation
import Testing
@testable import Backprop
@testable import BackpropExpressions

@Suite("Chain-rule traces: running totals and names")
struct ChainRuleTraceTests {
    /// Checks every node the steps pass gradient to: its first step has no total, each later
    /// step's total is the sum of the contributions so far, and the last total (or the only
    /// contribution) is the gradient the node ended with in the trace's graph (for the nodes of
    /// the output's graph, which the sweep starts with).
    private func expectTotalsAddUp(_ trace: ChainRuleTrace, sourceLocation: SourceLocation = #_sourceLocation) {
        struct Receiver: Hashable { let tape: ObjectIdentifier, node: Int32 }
        let receivers = Set(trace.steps.map { Receiver(tape: $0.tape, node: $0.inputNode) })
        #expect(!receivers.isEmpty, sourceLocation: sourceLocation)
        for receiver in receivers {
            let steps = trace.steps.filter { Receiver(tape: $0.tape, node: $0.inputNode) == receiver }
            var sum = [Double](repeating: 0, count: steps[0].contribution.leadingValues.count)
            for (position, step) in steps.enumerated() {
                sum = zip(sum, step.contribution.leadingValues).map(+)
                if position == 0 {
                    #expect(step.runningTotal == nil, "\(step.input): a first contribution shows no total", sourceLocation: sourceLocation)
                } else {
                    #expect(step.runningTotal.map { close($0.leadingValues, sum) } == true,
                            "\(step.input): total \(String(describing: step.runningTotal)) after contributions summing to \(sum)",
                            sourceLocation: sourceLocation)
                }
            }
            guard receiver.tape == trace.steps[0].tape else { continue }
            let final = steps.last!.runningTotal ?? steps.last!.contribution
            let graphNode = trace.graph.nodes.first { $0.id == Int(receiver.node) }
            #expect(graphNode?.gradient.map { close($0.leadingValues, final.leadingValues) } == true,
                    "\(steps[0].input): the trace ends at \(final), the graph says \(String(describing: graphNode?.gradient))",
                    sourceLocation: sourceLocation)
        }
    }

    private func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-12 * Swift.max(1, Swift.abs($1)) }
    }

    @Test("(x ⊙ x).sum(): the second contribution's total is [6], x.grad")
    func tensorSquare() {
        let x = Tensor<Double>([3], requiresGrad: true).named("x")
        let trace = (x * x).sum().backwardWithTrace()
        let toX = trace.steps.filter { $0.input == "x" }
        #expect(toX.map(\.contribution.leadingValues) == [[3], [3]])
        #expect(toX[1].runningTotal?.leadingValues == [6] && x.grad?.scalars == [6])
        #expect(trace.text.contains("(total [1] 6)"))
        expectTotalsAddUp(trace)
    }

    @Test("a tensor used three times: totals [3, 5] then [5, 9], the final one x.grad")
    func tensorUsedThreeTimes() {
        let x = Tensor<Double>([2, 4], requiresGrad: true).named("x")
        let trace = (x * x + x).sum().backwardWithTrace()
        let totals = trace.steps.filter { $0.input == "x" }.compactMap(\.runningTotal?.leadingValues)
        #expect(totals == [[3, 5], [5, 9]])
        #expect(x.grad?.scalars == [5, 9])
        expectTotalsAddUp(trace)
    }

    @Test("scalar graphs: tanh(x·w + b) and a value used three times")
    func scalarGraphs() {
        let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w"), b = Variable(1.0).named("b")
        expectTotalsAddUp(tanh(x * w + b).backwardWithTrace())
        let a = Variable(1.5).named("a")
        let trace = (a * a + sin(a)).backwardWithTrace()
        expectTotalsAddUp(trace)
        #expect(trace.steps.last { $0.input == "a" }?.runningTotal?.scalar == a.grad)
    }

    @Test("tensor graphs with broadcasting, a matrix product and a named constant")
    func tensorGraphs() {
        let w = Tensor<Double>.randomNormal(shape: [3, 2], seed: 1, requiresGrad: true).named("W")
        let b = Tensor<Double>([0.5, -0.5, 0.25], shape: [3, 1], requiresGrad: true).named("b")
        let x = Tensor<Double>.randomNormal(shape: [2, 4], seed: 2).named("X")
        let hidden = (matmul(w, x) + b).sigmoid()
        let trace = (hidden * hidden + hidden).mean().backwardWithTrace()
        expectTotalsAddUp(trace)
        let toB = trace.steps.first { $0.input == "b" }
        #expect(toB?.contribution.shape == [3, 1] && toB?.shapes == "[3×4] → [3×1]")
        #expect(trace.steps.last { $0.input == "W" }.map { $0.contribution.leadingValues == w.grad!.scalars } == true)
    }

    @Test("mixed graphs: a Variable scaling a tensor and a tensor read as a Variable, with a step for each conversion")
    func mixedGraph() {
        let s = Variable(2.0).named("s")
        let z = Tensor<Double>([1, 2], requiresGrad: true).named("z")
        let trace = (Variable((s * z).sum()) * s + s).backwardWithTrace()
        expectTotalsAddUp(trace)
        let toS = trace.steps.filter { $0.input == "s" }
        #expect(toS.count == 3 && toS.last?.runningTotal?.scalar == s.grad)
        #expect(toS.contains { $0.output == "Tensor(s)" && $0.formula == "δ" })
        #expect(trace.definitions.contains { $0.meaning.hasPrefix("Variable(") && $0.meaning.contains("Tensor(s) ⊙ z") })
    }

    @Test("a value from an earlier graph, used twice in the next one, is one node under its name, and its total is shown")
    func importedValueUsedTwice() {
        let w = Variable(2.0).named("w"), t = Tensor<Double>([1, 2], requiresGrad: true).named("t")
        let hidden = ((t * t + t) * (t * t - t) * 3).sigmoid()
        (w * w).backward()
        let x = Variable(3.0).named("x")
        let trace = (w * x + w).backwardWithTrace()
        expectTotalsAddUp(trace)
        #expect(trace.graph.nodes.filter { $0.label == "w" }.count == 1)
        #expect(trace.steps.last { $0.input == "w" }?.runningTotal?.scalar == 4 && w.grad == 8)
        let sum = (hidden * hidden).sum()
        let tensorTrace = sum.backwardWithTrace()
        expectTotalsAddUp(tensorTrace)
        let expected = gradient(at: t.detached()) { t in
            let h = ((t * t + t) * (t * t - t) * 3).sigmoid()
            return (h * h).sum()
        }
        #expect(close(t.grad!.scalars, expected.scalars))
        // The steps run on two tapes: the imported value is defined by its label on the first,
        // and a reference to a node of the first is primed so that no name stands for two nodes.
        let names = tensorTrace.definitions.map(\.name)
        #expect(Set(names).count == names.count && names.contains { $0.hasSuffix("′") }, "\(tensorTrace)")
        #expect(tensorTrace.definitions.contains { $0.meaning.contains("′") && $0.meaning.hasSuffix(", from an earlier computation") })
    }

    @Test("every name a trace uses is defined in it, and each node has one name")
    func namesAreDefined() throws {
        let expression = try ScalarExpression(parsing: "sigmoid(x*w + b)^2 * log(x*w + b) + exp(x*w*b - sin(x*w))")
        let explanation = try expression.explain(at: ["x": 1, "w": 2, "b": 3])
        let trace = explanation.trace
        #expect(!trace.definitions.isEmpty)
        let defined = Set(trace.definitions.map(\.name))
        let texts = trace.steps.flatMap { [$0.output, $0.input, $0.formula] } + trace.definitions.map(\.meaning)
        let references = texts.flatMap { text in
            text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.wholeMatch(of: /[vt][0-9]+/) != nil }
        }
        #expect(!references.isEmpty && references.allSatisfy(defined.contains), "undefined: \(Set(references).subtracting(defined))")
        var names: [Int32: Set<String>] = [:]
        for step in trace.steps {
            names[step.outputNode, default: []].insert(step.output)
            names[step.inputNode, default: []].insert(step.input)
        }
        #expect(names.values.allSatisfy { $0.count == 1 }, "\(names.filter { $0.value.count > 1 })")
        for node in trace.graph.nodes { #expect(names[Int32(node.id)].map { $0 == [node.label] } ?? true) }
        for format in ExpressionExplanation.Format.allCases {
            let report = explanation.report(format)
            #expect(trace.definitions.allSatisfy { report.contains($0.name) })
        }
        #expect(explanation.report(.text).contains("where v"))
    }

    @Test("tensor traces define δ and the unnamed constant c")
    func notationIsDefined() {
        let x = Tensor<Double>([1, 2], requiresGrad: true).named("x")
        let trace = (x * Tensor<Double>([3, 4])).sum().backwardWithTrace()
        #expect(trace.steps.contains { $0.formula.contains("c") })
        #expect(Set(trace.definitions.map(\.name)) == ["c", "δ"])
        #expect(trace.text.hasPrefix("where c = a constant input"))
    }
}
