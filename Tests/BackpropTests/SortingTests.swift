import Testing
@testable import Backprop

@Suite("Sorting, top-k and running extremes, differentiated through the permutation")
struct SortingTests {
    @Test("sorting is stable, ascending or descending, along any axis")
    func sortedValues() {
        let (values, indices) = Tensor<Double>([3, 1, 2, 1]).sorted()
        #expect(values.scalars == [1, 1, 2, 3])
        #expect(indices == [1, 3, 2, 0])
        let descending = Tensor<Double>([3, 1, 3, 1]).sorted(descending: true)
        #expect(descending.values.scalars == [3, 3, 1, 1])
        #expect(descending.indices == [0, 2, 1, 3])
        let matrix = Tensor<Double>([5, 1, 4, 2, 6, 0], shape: [2, 3])
        let byColumn = matrix.sorted(alongAxis: 0)
        #expect(byColumn.values.scalars == [2, 1, 0, 5, 6, 4])
        #expect(byColumn.indices == [1, 0, 1, 0, 1, 0])
        #expect(matrix.argsort(alongAxis: 1) == [1, 2, 0, 2, 0, 1])
        #expect(matrix.argsort(alongAxis: 1, descending: true) == [0, 2, 1, 1, 0, 2])
        #expect(Tensor<Double>(7).sorted().indices == [0])
    }

    @Test("a NaN sorts as the largest, as in PyTorch")
    func nanOrder() {
        let x = Tensor<Double>([2, .nan, -1, .nan, 0])
        let ascending = x.sorted()
        #expect(ascending.indices == [2, 4, 0, 1, 3])
        #expect(Array(ascending.values.scalars[..<3]) == [-1, 0, 2])
        #expect(x.sorted(descending: true).indices == [1, 3, 0, 4, 2])
        #expect(x.topK(1).indices == [1])
        #expect(x.topK(2, largest: false).indices == [2, 4])
    }

    @Test("top-k takes the k largest or smallest in sorted order, ties to the earlier position")
    func topK() {
        let (values, indices) = Tensor<Double>([1, 5, 3, 5]).topK(2)
        #expect(values.scalars == [5, 5])
        #expect(indices == [1, 3])
        let matrix = Tensor<Double>([5, 1, 4, 2, 6, 0], shape: [2, 3])
        let smallest = matrix.topK(2, alongAxis: 1, largest: false)
        #expect(smallest.values.shape == [2, 2])
        #expect(smallest.values.scalars == [1, 4, 0, 2])
        #expect(smallest.indices == [1, 2, 2, 0])
        let byColumn = matrix.topK(1, alongAxis: 0)
        #expect(byColumn.values.scalars == [5, 6, 4])
        #expect(matrix.topK(0).values.shape == [2, 0])
    }

    @Test("the gradient goes back through the permutation, ties included")
    func permutationGradient() {
        let x = Tensor<Double>([3, 1, 2, 1], requiresGrad: true)
        let weights = Tensor<Double>([10, 20, 30, 40])
        (x.sorted().values * weights).sum().backward()
        #expect(x.grad!.scalars == [40, 10, 30, 20])
        let y = Tensor<Double>([1, 5, 3, 5], requiresGrad: true)
        (y.topK(2).values * Tensor([1, 2])).sum().backward()
        #expect(y.grad!.scalars == [0, 1, 0, 2])
    }

    @Test("finite differences agree for sort, top-k and running extremes, on batches")
    func gradientChecks() {
        let x = sample([3, 4], seed: 11)
        for axis in [0, 1] {
            for descending in [false, true] {
                let sorted = checkGradient(of: { $0.sorted(alongAxis: axis, descending: descending).values }, at: x)
                #expect(sorted.passed, "\(sorted)")
            }
            let top = checkGradient(of: { $0.topK(2, alongAxis: axis, largest: axis == 0).values }, at: x)
            #expect(top.passed, "\(top)")
            let largest = checkGradient(of: { $0.cumulativeMax(alongAxis: axis).values }, at: x)
            #expect(largest.passed, "\(largest)")
            let smallest = checkGradient(of: { $0.cumulativeMin(alongAxis: axis).values }, at: x)
            #expect(smallest.passed, "\(smallest)")
        }
        let cube = checkGradient(of: { $0.sorted(alongAxis: 1).values * $0 }, at: sample([2, 3, 2], seed: 12))
        #expect(cube.passed, "\(cube)")
    }

    @Test("second derivatives pass through the permutation")
    func secondOrder() {
        let x = sample([2, 4], seed: 13)
        let weights = Tensor<Double>([1, 2, 3, 4])
        let sorted = checkSecondOrderGradient(of: { (pow($0.sorted(alongAxis: 1).values, 3) * weights).sum() }, at: x)
        #expect(sorted.passed, "\(sorted)")
        let top = checkSecondOrderGradient(of: { exp($0.topK(3, alongAxis: 1).values).sum() }, at: x)
        #expect(top.passed, "\(top)")
        let running = checkSecondOrderGradient(of: { ($0.cumulativeMax(alongAxis: 1).values * $0).sum() }, at: x)
        #expect(running.passed, "\(running)")
        let jacobian = checkJacobian(of: { $0.sorted(alongAxis: 1, descending: true).values }, at: x)
        #expect(jacobian.passed, "\(jacobian)")
    }

    @Test("running maxima and minima report the latest of ties, and a NaN propagates, as PyTorch's cummax")
    func runningExtremes() {
        let (values, indices) = Tensor<Double>([1, 3, 2, 3]).cumulativeMax(alongAxis: 0)
        #expect(values.scalars == [1, 3, 3, 3])
        #expect(indices == [0, 1, 1, 3])
        #expect(Tensor<Double>([2, 1, 3, 1]).cumulativeMin(alongAxis: 0).indices == [0, 1, 1, 3])
        #expect(Tensor<Double>([1, .nan, 5, .nan]).cumulativeMax(alongAxis: 0).indices == [0, 1, 1, 3])
        let matrix = Tensor<Double>([1, 4, 3, 2, 0, 5], shape: [2, 3])
        #expect(matrix.cumulativeMax(alongAxis: 0).values.scalars == [1, 4, 3, 2, 4, 5])
        #expect(matrix.cumulativeMin(alongAxis: 1).values.scalars == [1, 1, 1, 2, 0, 0])
        let x = Tensor<Double>([1, 3, 2, 3], requiresGrad: true)
        x.cumulativeMax(alongAxis: 0).values.sum().backward()
        #expect(x.grad!.scalars == [1, 2, 0, 1])
    }

    @Test("k beyond the axis and axes the tensor lacks are reported")
    func misuse() {
        let error = raisedError { _ = Tensor<Double>.ones([2, 3]).topK(4) }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.description.contains("k = 4 is out of range for axis 1 of size 3") == true)
        #expect(raisedError { _ = Tensor<Double>.ones([2, 3]).topK(-1) } != nil)
        #expect(raisedError { _ = Tensor<Double>.ones([2]).sorted(alongAxis: 1) }?.kind == .invalidAxis)
        #expect(raisedError { _ = Tensor<Double>.ones([2]).cumulativeMin(alongAxis: 3) }?.kind == .invalidAxis)
    }
}
