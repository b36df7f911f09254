import Testing
@testable import Backprop

/// The squared error of a linear model w·x against y.
private func squaredError(_ w: Tensor<Double>, _ x: Tensor<Double>, _ y: Tensor<Double>) -> Tensor<Double> {
    pow(dot(w, x) - y, 2)
}

@Suite("vmap maps a function over a batch axis, and per-example gradients equal a loop of gradients")
struct VmapTests {
    @Test("vmap(f)(x)[i] is f(x[i]), for any in-axis and out-axis")
    func mapsItems() {
        let x = sample([4, 3, 2], seed: 1)
        let rowSums = vmap { (item: Tensor<Double>) in item.sum(alongAxes: 1) }(x)
        #expect(rowSums.shape == [4, 3])
        #expect(close(rowSums.scalars, x.sum(alongAxes: 2).scalars))
        let overAxis1 = vmap({ (item: Tensor<Double>) in exp(item).sum() }, inAxis: 1)(x)
        #expect(close(overAxis1.scalars, exp(x).sum(alongAxes: 0, 2).scalars))
        let stackedLast = vmap({ (item: Tensor<Double>) in item * 2 }, inAxis: -1, outAxis: -1)(x)
        #expect(close(stackedLast.scalars, (x * 2).scalars))
    }

    @Test("vmap nests: a function of matrix elements mapped over two axes")
    func nests() {
        let x = sample([3, 4], seed: 8)
        let elementwise = vmap(vmap { (element: Tensor<Double>) in element * element + 1 })
        #expect(close(elementwise(x).scalars, (x * x + 1).scalars))
        let columnsFirst = vmap(vmap({ (element: Tensor<Double>) in element }), inAxis: 1)
        #expect(close(columnsFirst(x).scalars, x.transposed().scalars))
    }

    @Test("an argument with a nil in-axis is shared by every item")
    func sharedArgument() {
        let m = sample([3, 2], seed: 2), vectors = sample([5, 2], seed: 3)
        let products = vmap({ m, v in matmul(m, v) }, inAxes: (nil, 0))(m, vectors)
        #expect(products.shape == [5, 3])
        #expect(close(products.scalars, matmul(vectors, m.transposed()).scalars))
    }

    @Test("per-example gradients equal one gradient per example")
    func perExampleGradients() {
        let w = sample([3], seed: 4), xs = sample([6, 3], seed: 5), ys = sample([6], seed: 6)
        let perExample = vmap({ x, y in gradient(at: w) { w in squaredError(w, x, y) } })(xs, ys)
        #expect(perExample.shape == [6, 3])
        let loop = (0..<6).flatMap { i in gradient(at: w) { w in squaredError(w, xs[i], ys[i]) }.scalars }
        #expect(close(perExample.scalars, loop))
        // Their mean is the gradient of the mean loss.
        let meanLoss = gradient(at: w) { w in vmap({ x, y in squaredError(w, x, y) })(xs, ys).mean() }
        #expect(close(perExample.mean(alongAxes: 0).scalars, meanLoss.scalars))
    }

    @Test("the mapped function differentiates: gradients and second derivatives match finite differences")
    func differentiates() {
        let x = sample([3, 4], seed: 7)
        let softmaxRows = vmap { (row: Tensor<Double>) in row.softmax() * row }
        let first = checkGradient(of: { softmaxRows($0) }, at: x)
        #expect(first.passed, "\(first)")
        let second = checkSecondOrderGradient(of: { softmaxRows($0).sum() }, at: x)
        #expect(second.passed, "\(second)")
        // A gradient inside, differentiated from outside: the mapped Hessian-vector products.
        let inner = vmap { (row: Tensor<Double>) in gradient(at: row) { r in (r * r * r).sum() } }
        let report = checkGradient(of: { inner($0) }, at: x)
        #expect(report.passed, "\(report)")
    }

    @Test("misuse is an error naming vmap: in-axis out of range, batches of different sizes, shapes that change, no items")
    func misuse() {
        let f = { (item: Tensor<Double>) in item.sum() }
        for body in [
            { _ = vmap(f, inAxis: 2)(.zeros([2, 3])) },
            { _ = vmap({ $0 + $1 })(Tensor<Double>.zeros([2, 3]), .zeros([3, 3])) },
            { _ = vmap({ (item: Tensor<Double>) in item[.upTo(item.scalars[0] > 0 ? 1 : 2)] })(Tensor<Double>([1, 0, 0, 0], shape: [2, 2])) },
            { _ = vmap(f)(.zeros([0, 3])) },
            { _ = vmap(f, outAxis: 2)(.zeros([2, 3])) },
        ] as [() -> Void] {
            let error = raisedError(body)
            #expect(error?.operation == "vmap", "\(String(describing: error))")
        }
    }
}
