import Testing
@testable import Backprop

/// `Tensor` and `Variable` are `Sendable`: values created by one task or thread can be used by
/// others at the same time, each recording on its own tape.
@Suite("Values shared between tasks and threads")
struct SharedValueTests {
    static let workers = 8

    /// Σᵢ (wᵢ·k)² summed over `steps` operations, each a scalar node: ∂/∂wᵢ = 2·k²·wᵢ per step.
    static func scalarLoss(_ w: [Variable], k: Double, steps: Int) -> Variable {
        var total = Variable(constant: 0)
        for step in 0..<steps {
            let scaled = w[step % w.count] * k
            total = total + scaled * scaled
        }
        return total
    }

    @Test("leaf Variables used by eight tasks and eight threads at once get the sum of their gradients")
    func sharedScalarLeaves() async {
        let w = (0..<4).map { Variable(Double($0) + 1) }
        let steps = 4_000
        // Each worker k adds steps/4 terms (k·wᵢ)² per weight: 2·k²·wᵢ·steps/4 in all, summed over k.
        let sumOfSquares = (1...Self.workers).reduce(0.0) { $0 + Double($1 * $1) }
        let expected: [Double] = w.map { 2 * sumOfSquares * $0.value * Double(steps / 4) }
        _ = await inConcurrentTasks(Self.workers) { worker in
            Self.scalarLoss(w, k: Double(worker + 1), steps: steps).backward()
        }
        #expect(close(w.map { $0.grad ?? .nan }, expected, tolerance: 1e-9))
        for weight in w { weight.zeroGrad() }
        _ = onThreads(Self.workers) { worker in Self.scalarLoss(w, k: Double(worker + 1), steps: steps).backward() }
        #expect(close(w.map { $0.grad ?? .nan }, expected, tolerance: 1e-9))
    }

    @Test("a leaf tensor used by eight tasks and eight threads at once gets the sum of their gradients")
    func sharedTensorLeaf() async {
        let w = Tensor<Double>.randomNormal(shape: [16, 16], seed: 1, requiresGrad: true)
        let inputs = (0..<Self.workers).map { Tensor<Double>.randomNormal(shape: [16, 4], seed: UInt64($0 + 2)) }
        // ∂/∂W Σ (W·xᵢ) = Σᵢ 1·xᵢᵀ
        let expected = inputs.reduce(Tensor<Double>.zeros([16, 16])) { $0 + matmul(Tensor<Double>.ones([16, 4]), $1.transposed()) }
        _ = await inConcurrentTasks(Self.workers) { worker in matmul(w, inputs[worker]).sum().backward() }
        #expect(close(w.grad?.scalars ?? [], expected.scalars, tolerance: 1e-12))
        w.zeroGrad()
        _ = onThreads(Self.workers) { worker in matmul(w, inputs[worker]).sum().backward() }
        #expect(close(w.grad?.scalars ?? [], expected.scalars, tolerance: 1e-12))
    }

    @Test("an operation on another recorder's value records on the caller's own tape, and gradients flow back through it")
    func operationsOnAnotherRecordersValue() async {
        let x = Variable(3.0), t = Tensor<Double>([1, 2], requiresGrad: true)
        let (squared, doubled) = await Task.detached { (x * x, t * 2) }.value
        let scalarResult = squared * 5, tensorResult = (doubled * doubled).sum()
        #expect(scalarResult.tape !== squared.tape)
        #expect(tensorResult.recordingTape !== doubled.recordingTape)
        scalarResult.backward()
        tensorResult.backward()
        #expect(x.grad == 30)                      // 5·2x
        #expect(t.grad?.scalars == [8, 16])        // 8t
    }

    @Test("a tensor from a closed tape used twice in one operation gets both contributions")
    func tensorImportedTwice() {
        let t = Tensor<Double>([1, 2], requiresGrad: true)
        let doubled = t * 2
        (t * 3).sum().backward()   // closes the tape that holds `doubled`, whose operation stays unreleased
        t.zeroGrad()
        let squared = doubled * doubled   // recorded on a fresh tape, importing `doubled` twice
        #expect(squared.recordingTape !== doubled.recordingTape)
        squared.sum().backward()
        #expect(t.grad?.scalars == [8, 16])   // ∂/∂t (2t)² = 8t
    }

    @Test("on its own tape a recorder appends directly, without importing its own values")
    func ownValuesStayOnTheirTape() {
        let x = Variable(3.0)
        let y = x * x
        #expect(y.tape === x.tape)
        let t = Tensor<Double>([1, 2], requiresGrad: true)
        let u = t * 2, v = u * u
        #expect(v.recordingTape === u.recordingTape)
    }
}
