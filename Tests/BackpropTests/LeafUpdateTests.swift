import Testing
@testable import Backprop

@Suite("Compound assignment on leaves: in place inside withoutRecording, as torch.no_grad()")
struct LeafUpdateTests {
    @Test("w -= 0.1 * w.grad! inside withoutRecording updates a tensor leaf in place; it stays a leaf and grad keeps accumulating")
    func tensorUpdate() {
        var w = Tensor<Double>([1, 2], requiresGrad: true).named("w")
        (w * w).sum().backward()
        withoutRecording { w -= 0.1 * w.grad! }
        #expect(w.scalars == [0.8, 1.6] && w.isLeaf && w.requiresGrad)
        #expect(w.grad?.scalars == [2, 4])
        (w * w).sum().backward()
        #expect(close(w.grad!.scalars, [2 + 1.6, 4 + 3.2]))
    }

    @Test("every compound operator, with a tensor or a number on the right, keeps a tensor leaf inside withoutRecording")
    func tensorOperators() {
        var w = Tensor<Double>([4, 8], requiresGrad: true)
        let two = Tensor<Double>([2, 2])
        withoutRecording {
            w += two; w -= 1; w *= two; w /= 4; w *= 3; w /= two; w += 0.5; w -= two
        }
        let expected: [Double] = [4, 8].map { (start: Double) -> Double in
            let doubled: Double = (start + 1) * 2 / 4
            return doubled * 3 / 2 + 0.5 - 2
        }
        #expect(w.isLeaf && w.scalars == expected)
    }

    @Test("outside withoutRecording, w -= constant on a leaf is an error naming both fixes; the leaf is unchanged")
    func tensorMisuse() {
        var w = Tensor<Double>([1, 2], requiresGrad: true).named("w")
        (w * w).sum().backward()
        let error = raisedError { w -= 0.1 * w.grad! }
        #expect(error?.operation == "-=" && error.map { "\($0)".contains("withoutRecording { w -= … }") } == true)
        #expect(w.isLeaf && w.scalars == [1, 2] && w.grad?.scalars == [2, 4])
        #expect(raisedError { w *= 2 }?.operation == "*=")
        let error2 = raisedError { withoutRecording { w += Tensor<Double>.ones([3, 2]) } }
        #expect(error2?.kind == .shapeMismatch && error2?.operation == "+=")
    }

    @Test("a right side that needs a gradient makes the assignment a computation: u = b + w·x is recorded")
    func computationIsRecorded() {
        let b = Tensor<Double>([1, 1], requiresGrad: true), w = Tensor<Double>([2, 3], requiresGrad: true)
        var u = b
        u += w * Tensor([5, 7])
        #expect(!u.isLeaf && u.scalars == [11, 22])
        u.sum().backward()
        #expect(b.grad?.scalars == [1, 1] && w.grad?.scalars == [5, 7])
    }

    @Test("a graph recorded before an update keeps the old values; its backward gives the gradient there")
    func earlierGraphKeepsValues() {
        var w = Tensor<Double>([1, 2], requiresGrad: true)
        let before = (w * w).sum()
        withoutRecording { w -= 1 }
        before.backward()
        #expect(w.grad?.scalars == [2, 4] && w.scalars == [0, 1])
    }

    @Test("Variables: w -= 0.1 * w.grad! inside withoutRecording keeps the leaf; later graphs, higher derivatives included, use the new value")
    func variableUpdate() {
        var w = Variable(3.0).named("w")
        (w * w).backward()
        withoutRecording { w -= 0.1 * w.grad! }
        #expect(w.value == 2.4 && w.isLeaf && w.grad == 6)
        (w * w).backward()
        #expect(Swift.abs(w.grad! - (6 + 4.8)) < 1e-12)
        w.zeroGrad()
        (w * w * w).backward(createGraph: true)
        let slope = w.gradVariable!
        w.zeroGrad()
        slope.backward()
        #expect(Swift.abs(w.grad! - 6 * 2.4) < 1e-12)
        var fresh = Variable(3.0)
        withoutRecording { fresh -= 1 }
        (fresh * fresh * fresh).backward(createGraph: true)
        #expect(fresh.gradVariable?.value == 12)
        let freshSlope = fresh.gradVariable!
        fresh.zeroGrad()
        freshSlope.backward()
        #expect(fresh.grad == 12)
        withoutRecording { w += 1; w *= 2; w /= 4; w -= Variable(0.5) }
        #expect(w.isLeaf && Swift.abs(w.value - ((2.4 + 1) * 2 / 4 - 0.5)) < 1e-12)
    }

    @Test("Variables: outside withoutRecording a constant right side is an error; a recorded one is a computation")
    func variableRules() {
        var w = Variable(3.0)
        (w * w).backward()
        let error = raisedError { w -= 0.1 * w.grad! }
        #expect(error?.operation == "-=" && error.map { "\($0)".contains("withoutRecording") } == true)
        #expect(w.value == 3 && w.isLeaf)
        var total = Variable(1.0)
        let x = Variable(2.0)
        total += x * x
        #expect(!total.isLeaf && total.value == 5)
        total.backward()
        #expect(x.grad == 4)
    }

    @Test("the README's hand-written training loop fits y = 2x + 1")
    func readmeLoop() {
        var w = Tensor<Double>([0], requiresGrad: true), b = Tensor<Double>([0], requiresGrad: true)
        let x = Tensor<Double>([1, 2, 3]), y = Tensor<Double>([3, 5, 7])
        for _ in 0..<2000 {
            let loss = ((w * x + b - y) * (w * x + b - y)).mean()
            loss.backward()
            withoutRecording {
                w -= 0.1 * w.grad!
                b -= 0.1 * b.grad!
            }
            w.zeroGrad()
            b.zeroGrad()
        }
        #expect(Swift.abs(w.scalar! - 2) < 1e-6 && Swift.abs(b.scalar! - 1) < 1e-6)
    }
}
