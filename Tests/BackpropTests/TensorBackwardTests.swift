import Testing
@testable import Backprop

@Suite("Tensor backward(): leaves, retained gradients, released graphs, flat memory")
struct TensorBackwardTests {
    @Test("a leaf used in several graphs accumulates until zeroGrad, as a PyTorch parameter")
    func leafAccumulatesAcrossGraphs() {
        let w = Tensor<Double>([1, 2], requiresGrad: true)
        (w * 3).sum().backward()
        #expect(w.grad!.scalars == [3, 3])
        (w * w).sum().backward()
        #expect(w.grad!.scalars == [5, 7])
        w.zeroGrad()
        #expect(w.grad == nil)
    }

    @Test("retainGraph allows a second backward; a copy of a leaf shares its gradient")
    func retainGraph() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        let alias = x
        let y = (x * x).sum()
        y.backward(retainGraph: true)
        y.backward()
        #expect(alias.grad!.scalars == [4, 8, 12])
    }

    @Test("retainGrad keeps an intermediate gradient")
    func retainGrad() {
        let x = Tensor<Double>([1, 2], requiresGrad: true)
        let z = x * 3
        z.retainGrad()
        (z * z).sum().backward()
        #expect(z.grad!.scalars == [6, 12])
        let unretained = x * 2
        (unretained * 1).sum().backward()
        #expect(unretained.grad == nil)
    }

    @Test("backward(seed:) computes a vector–Jacobian product")
    func seededBackward() {
        let x = Tensor<Double>([1, 2, 3], requiresGrad: true)
        (x * x).backward(seed: Tensor([1, 0, -1]))
        #expect(x.grad!.scalars == [2, 0, -6])
    }

    @Test("inside withoutRecording tensor results are constants; detached() stops gradients")
    func withoutRecordingTensors() {
        let x = Tensor<Double>([1, 2], requiresGrad: true)
        let y = withoutRecording { x * 2 }
        #expect(!y.requiresGrad)
        (x * x.detached()).sum().backward()
        #expect(x.grad!.scalars == [1, 2])
    }

    @Test("10,000 training steps of a small MLP keep the live-tape byte count flat")
    func mlpTrainingKeepsMemoryFlat() {
        // On a thread of its own: a pool thread's context may also hold tapes of other tests'
        // tasks, which come and go while this one runs and would move the count.
        final class Run: @unchecked Sendable {
            var samples: [Int] = []
            var firstLoss = 0.0, lastLoss = 0.0
        }
        let run = Run()
        runAndJoinThread {
            let x = Tensor<Double>.randomNormal(shape: [8, 2], seed: 1)
            let target = (x.sum(alongAxes: [1], keepingDimensions: true) * 0.5).sigmoid()
            var w1 = Tensor<Double>.randomNormal(shape: [2, 6], standardDeviation: 0.5, seed: 2, requiresGrad: true)
            var b1 = Tensor<Double>.zeros([6], requiresGrad: true)
            var w2 = Tensor<Double>.randomNormal(shape: [6, 1], standardDeviation: 0.5, seed: 3, requiresGrad: true)
            for step in 0..<10_000 {
                let hidden = tanh(matmul(x, w1) + b1)
                let loss = pow(matmul(hidden, w2).sigmoid() - target, 2).mean()
                loss.backward()
                if step == 0 { run.firstLoss = loss.scalar! }
                run.lastLoss = loss.scalar!
                withoutRecording {
                    w1 = (w1 - 0.5 * w1.grad!).requiringGrad()
                    b1 = (b1 - 0.5 * b1.grad!).requiringGrad()
                    w2 = (w2 - 0.5 * w2.grad!).requiringGrad()
                }
                if step % 1000 == 999 { run.samples.append(MemoryStatistics.liveTapeBytesOfCurrentThread) }
            }
        }
        #expect(run.lastLoss < run.firstLoss / 10)
        #expect(Set(run.samples).count == 1, "live tape bytes drifted: \(run.samples)")
    }
}
