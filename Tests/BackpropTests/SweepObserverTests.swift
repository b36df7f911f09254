import Foundation
import Testing
@testable import Backprop

/// Counts what a sweep tells its observers.
private final class CountingObserver: SweepObserver {
    var scalarNodes: [Int32] = [], tensorNodes: [Int32] = []
    var scalarEdges: [(from: Int32, to: Int32, contribution: Double)] = []
    var tensorEdges: [(from: Int32, input: Int, contribution: [Double])] = []
    var finishedTapes = 0

    func reached(_ node: Int32, gradient: Double, in sweep: Sweep) { scalarNodes.append(node) }

    func passed(
        _ contribution: Double, from node: Int32, to input: Int32, second: Bool, upstream: Double, partial: Double, in sweep: Sweep
    ) {
        scalarEdges.append((node, input, contribution))
    }

    func reached<Element>(_ node: Int32, gradient: Tensor<Element>, in sweep: Sweep) { tensorNodes.append(node) }

    func passed<Element>(
        _ contribution: Tensor<Element>, added: Tensor<Element>, from record: TensorRecord, input index: Int,
        upstream: Tensor<Element>, in sweep: Sweep
    ) {
        tensorEdges.append((record.node, index, added.scalars.map { Double($0) }))
    }

    func finished(sweeping tape: Tape) { finishedTapes += 1 }
}

@Suite("One backward sweep, watched by observers")
struct SweepObserverTests {
    /// Runs `backward()` from `output` with `observer` watching, as a trace does.
    private func observedBackward(from tape: Tape, node: Int32, seeds: Seeds, _ observer: CountingObserver) {
        let request = BackwardRequest(retainGraph: false, createGraph: false, accumulates: true)
        request.observers.append(observer)
        Tape.backward(from: tape, seeds: seeds, request: request)
    }

    @Test("an observer is told of each reached scalar node and each edge once, and the gradients are those of a plain backward")
    func scalarEdges() {
        let x = Variable(2.0), y = Variable(-3.0)
        let unrelated = y * 5
        let product = x * y, sine = sin(x)
        let z = product + sine
        var seeds = Seeds()
        seeds.scalars.append((z.index, 1))
        let observer = CountingObserver()
        observedBackward(from: z.tape, node: z.index, seeds: seeds, observer)

        #expect(observer.scalarNodes == [z, sine, product, y, x].map(\.index))
        #expect(!observer.scalarNodes.contains(unrelated.index))
        let edges = observer.scalarEdges.map { [$0.from, $0.to] }
        #expect(edges == [[z.index, product.index], [z.index, sine.index], [sine.index, x.index], [product.index, x.index], [product.index, y.index]])
        let intoX = observer.scalarEdges.filter { $0.to == x.index }.map(\.contribution).reduce(0, +)
        #expect(intoX == x.grad && x.grad == -3 + cos(2.0))
        #expect(observer.finishedTapes == 1)
    }

    @Test("an observer is told of each reached tensor node and of each input's contribution, summed to the input's shape")
    func tensorEdges() {
        let a = Tensor<Double>([1, 2, 3], requiresGrad: true), b = Tensor<Double>(2, requiresGrad: true)
        let output = (a * b).sum()
        guard case .recorded(let tape, let node) = output.tracking else { Issue.record("output is not recorded"); return }
        var seeds = Seeds()
        seeds.add(Tensor<Double>.ones([]), for: node)
        let observer = CountingObserver()
        observedBackward(from: tape, node: node, seeds: seeds, observer)

        // sum → product → a and b: the contribution to b, broadcast in the product, arrives summed.
        #expect(observer.tensorEdges.count == 3)
        #expect(observer.tensorEdges.last?.contribution == b.grad?.scalars && b.grad?.scalars == [6])
        #expect(observer.tensorNodes.count == 4)
    }

    @Test("a chain-rule trace inside withAnomalyDetection also checks the scalar backward for infinities")
    func traceAndAnomalyChecks() {
        let error = raisedAnomaly {
            let x = Variable(0.0).named("x")
            _ = sqrt(x).backwardWithTrace()
        }
        #expect(error?.kind == .nonFiniteValue && error?.description.contains("the backward pass of sqrt") == true,
                "\(String(describing: error))")
    }

    @Test("a Variable hook does not run in a backward that does not reach its value")
    func hookOfUnreachedValue() {
        let x = Variable(1.0), y = Variable(2.0)
        let unrelated = y * 3
        var calls = 0
        unrelated.registerHook { gradient in
            calls += 1
            return gradient
        }
        (x * 2).backward()
        #expect(calls == 0)
        (unrelated * x).backward()
        #expect(calls == 1 && y.grad == 3)
    }

    @Test("a request keeps only the gradients its caller asked for")
    func requestKeepsCapturedGradients() {
        let x = Tensor<Double>([1, 2], requiresGrad: true)
        let output = exp(x * x).sum()
        guard case .recorded(let tape, let node) = output.tracking, case .leaf(let leaf) = x.tracking else {
            Issue.record("unexpected tracking")
            return
        }
        let request = BackwardRequest(retainGraph: false, createGraph: false, accumulates: false)
        request.capture(leaf: leaf)
        var seeds = Seeds()
        seeds.add(Tensor<Double>.ones([]), for: node)
        Tape.backward(from: tape, seeds: seeds, request: request)
        #expect(request.tensorResults.count == 1)
        #expect(request.tensorResults[.leaf(ObjectIdentifier(leaf))]?.tensor(of: Double.self).scalars == [2 * exp(1.0), 4 * exp(4.0)])
    }

    /// The error `body` throws inside `withAnomalyDetection`, if any.
    private func raisedAnomaly(_ body: () -> Void) -> BackpropError? {
        do {
            try withAnomalyDetection(body)
            return nil
        } catch {
            return error as? BackpropError
        }
    }
}
