import Testing
@testable import Backprop

@Suite("Values the output does not depend on")
struct UnreachedNodeTests {
    @Test("a value computed and not used adds nothing to its inputs' gradients, even where its partial is infinite or NaN, as in PyTorch")
    func unusedValuesDoNotPoisonGradients() {
        let x = Variable(0.0), y = Variable(-1.0)
        _ = log(x)          // partial 1/0 = ∞
        _ = sqrt(y)         // partial NaN
        let f = x * 2 + y * 3
        f.backward()
        #expect(x.grad == 2)
        #expect(y.grad == 3)
    }

    @Test("with retainGraph, a second output's backward skips the first output's branch")
    func secondOutputSkipsOtherBranch() {
        let x = Variable(0.0)
        let first = log(x) * 5
        let second = x * 4
        second.backward(retainGraph: true)
        #expect(x.grad == 4)
        _ = first
    }
}
