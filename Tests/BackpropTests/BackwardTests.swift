import Foundation
import Testing
@testable import Backprop

@Suite("backward(): accumulation, retained graphs, released graphs, no-grad scopes")
struct BackwardTests {
    @Test("gradients accumulate across backward calls until zeroGrad")
    func gradientsAccumulate() {
        let x = Variable(2.0)
        let y = x * x
        y.backward(retainGraph: true)
        #expect(x.grad == 4)
        y.backward()
        #expect(x.grad == 8)
        x.zeroGrad()
        #expect(x.grad == 0)
    }

    @Test("a second backward through a released graph is an error naming retainGraph")
    func secondBackwardThroughReleasedGraphThrows() {
        let x = Variable(2.0)
        let y = sin(x) * x
        y.backward()
        #expect {
            try withErrorChecking { y.backward() }
        } throws: { error in
            let error = error as! BackpropError
            return error.kind == .graphReleased && error.operation == "backward"
                && error.description.contains("retainGraph: true")
        }
    }

    @Test("backward of a constant is an error")
    func backwardOfConstantThrows() {
        #expect {
            try withErrorChecking { Variable(3).detached().backward() }
        } throws: { error in
            let error = error as! BackpropError
            return error.kind == .noGradientRequired && error.description.contains("does not depend on anything")
        }
    }

    @Test("independent graphs on one tape can each run backward, in any order")
    func independentGraphsOnOneTape() {
        let x = Variable(2.0)
        let first = x * x
        let second = sin(x) * 3
        second.backward()
        first.backward()
        #expect(x.grad == 4 + 3 * Foundation.cos(2.0))
        let t = Tensor<Double>([1, 2], requiresGrad: true)
        let a = (t * t).sum(), b = exp(t).sum()
        b.backward()
        a.backward()
        #expect(close(t.grad!.scalars, [2 + Foundation.exp(1), 4 + Foundation.exp(2)]))
    }

    @Test("a second backward through a shared, released intermediate is an error, as in PyTorch")
    func sharedIntermediateIsReleased() {
        let x = Variable(2.0)
        let h = x * x
        let first = h * 2, second = h * 3
        first.backward()
        #expect(raisedError { second.backward() }?.kind == .graphReleased)
        let t = Tensor<Double>([1, 2], requiresGrad: true)
        let shared = exp(t)
        let c = shared.sum(), d = (shared * 2).sum()
        c.backward(retainGraph: true)
        d.backward()
        #expect(close(t.grad!.scalars, [3 * Foundation.exp(1), 3 * Foundation.exp(2)]))
        #expect(raisedError { c.backward() }?.kind == .graphReleased)
    }

    @Test("a leaf reused after its graph was released keeps accumulating, as in PyTorch")
    func leafReusedAcrossGraphs() {
        let w = Variable(3.0)
        (w * 2).backward()
        #expect(w.grad == 2)
        (w * w).backward()
        #expect(w.grad == 8)
        (w * 5 + Variable(1) * w).backward()
        #expect(w.grad == 14)
    }

    @Test("nothing is recorded inside withoutRecording, and detached values stop gradients")
    func withoutRecordingRecordsNothing() {
        let x = Variable(2.0)
        let y = withoutRecording { x * x }
        #expect(!y.requiresGrad && y.value == 4)
        let z = x * x.detached()
        z.backward()
        #expect(x.grad == 2)
    }

    @Test("a chain of 1,000,000 operations differentiates without recursion")
    func millionOperationChain() {
        let x = Variable(1.0)
        var y = x
        for _ in 0..<1_000_000 { y = y * 1.0000001 + 0.0 }
        y.backward()
        #expect(Swift.abs(x.grad! - Foundation.pow(1.0000001, 1_000_000)) < 1e-9)
    }

    @Test("a training loop of 10,000 scalar steps keeps the live-tape byte count flat")
    func scalarTrainingLoopKeepsMemoryFlat() {
        var w = 0.0, b = 0.0
        var peaks: [Int] = []
        for step in 0..<10_000 {
            let wv = Variable(w), bv = Variable(b)
            var loss = Variable(0)
            for (x, y) in [(1.0, 3.0), (2.0, 5.0), (3.0, 7.0)] {
                let error = wv * x + bv - y
                loss = loss + error * error
            }
            loss.backward()
            w -= 0.01 * wv.grad!
            b -= 0.01 * bv.grad!
            if step % 1000 == 999 { peaks.append(MemoryStatistics.liveTapeBytesOfCurrentThread) }
        }
        #expect(Swift.abs(w - 2) < 0.05 && Swift.abs(b - 1) < 0.1)
        #expect(Set(peaks).count == 1, "live tape bytes drifted: \(peaks)")
    }

    @Test("a computation dropped without backward is freed when the next one starts")
    func abandonedComputationIsRecycled() {
        var samples: [Int] = []
        for index in 0..<1000 {
            let x = Variable(Double(index))
            var y = x
            for _ in 0..<200 { y = sin(y) * 1.5 + 1 }
            #expect(y.value.isFinite)
            if index % 100 == 99 { samples.append(MemoryStatistics.liveTapeBytesOfCurrentThread) }
        }
        #expect(Set(samples).count == 1, "live tape bytes drifted: \(samples)")
    }

    @Test("gradients computed in eight concurrent tasks equal the serial results")
    func concurrentTasksAreIsolated() async {
        func gradientOfCubic(_ x: Double) -> Double {
            let v = Variable(x)
            var y = v
            for _ in 0..<1000 { y = y * 0.999 + v * v * v * 1e-6 }
            y.backward()
            return v.grad!
        }
        let serial = (0..<8).map { gradientOfCubic(Double($0) * 0.1) }
        let concurrent = await withTaskGroup(of: (Int, Double).self) { group in
            for index in 0..<8 { group.addTask { (index, gradientOfCubic(Double(index) * 0.1)) } }
            var results = [Double](repeating: 0, count: 8)
            for await (index, gradient) in group { results[index] = gradient }
            return results
        }
        #expect(concurrent == serial)
    }
}
