import Testing
import Backprop

@Suite("Memory of recorded gradients")
struct RecordedGradientMemoryTests {
    @Test("a loop of backward(createGraph: true) on Variables keeps the live-tape byte count flat")
    func createGraphLoopKeepsMemoryFlat() {
        var samples: [Int] = []
        for step in 0..<1000 {
            let x = Variable(1 + Double(step % 10) / 10)
            (x * x * x).backward(createGraph: true)
            x.gradVariable!.backward()
            #expect(x.grad! > 0)
            if step % 100 == 99 { samples.append(MemoryStatistics.liveTapeBytesOfCurrentThread) }
        }
        #expect(Set(samples).count == 1, "live tape bytes drifted: \(samples)")
    }
}
