import Foundation
import Testing
@testable import Backprop

/// Reductions follow PyTorch at their edges: empty tensors, ties, and 0-d tensors with an axis.
@Suite("Reductions at their edges: empty tensors, ties and 0-d tensors, as PyTorch")
struct ReductionConventionTests {
    @Test("the mean of an empty tensor, or along an empty axis, is NaN (0/0); the sum is 0; the gradient is empty")
    func emptyMeans() {
        let empty = Tensor<Double>.zeros([0]).requiringGrad()
        let mean = empty.mean()
        #expect(mean.shape == [] && mean.scalar!.isNaN)
        mean.backward()
        #expect(empty.grad!.shape == [0])
        #expect(Tensor<Double>.zeros([0]).sum().scalar == 0)
        let rows = Tensor<Double>.zeros([0, 3])
        #expect(rows.mean(alongAxes: 0).shape == [3] && rows.mean(alongAxes: 0).scalars.allSatisfy(\.isNaN))
        #expect(rows.mean(alongAxes: 1).shape == [0])
        #expect(rows.sum(alongAxes: 0).scalars == [0, 0, 0])
        #expect(Tensor<Float>.zeros([2, 0]).mean().scalar!.isNaN)
        // The statistics built on the mean agree: NaN, as the variance always gave.
        #expect(Tensor<Double>.zeros([0]).variance().scalar!.isNaN)
        #expect(Tensor<Double>.zeros([0]).logSumExp().scalar == -.infinity)
        #expect(Tensor<Double>.zeros([0]).norm().scalar == 0)
    }

    @Test("max and min of an empty tensor, or along an empty axis, are errors naming the operation, not crashes")
    func emptyExtremes() {
        let empty = Tensor<Double>.zeros([0, 2])
        for (operation, body) in [
            ("max()", { _ = empty.max() }), ("min()", { _ = empty.min() }),
            ("max(alongAxes:)", { _ = empty.max(alongAxes: 0) }), ("min(alongAxes:)", { _ = empty.min(alongAxes: 0) }),
            ("argmax()", { _ = empty.argmax() }), ("argmin(alongAxis:)", { _ = empty.argmin(alongAxis: 0) }),
        ] as [(String, () -> Void)] {
            let error = raisedError(body)
            #expect(error?.kind == .invalidArgument && error?.operation == operation, "\(operation): \(String(describing: error))")
        }
        // Along a non-empty axis of an empty tensor the result is empty, as in PyTorch.
        #expect(empty.max(alongAxes: 1).shape == [0])
    }

    @Test("max() and min() split the gradient evenly among tied elements, as PyTorch; along an axis it goes to the first")
    func ties() {
        let x = Tensor<Double>([2, 7, 7, 1, 7, 1], shape: [2, 3], requiresGrad: true)
        x.max().backward(seed: Tensor(3))
        #expect(x.grad!.scalars == [0, 1, 1, 0, 1, 0])
        let y = Tensor<Double>([2, 7, 7, 1, 7, 1], shape: [2, 3], requiresGrad: true)
        y.min().backward()
        #expect(y.grad!.scalars == [0, 0, 0, 0.5, 0, 0.5])
        let z = Tensor<Float>([5, 5, 5], requiresGrad: true)
        z.max().backward()
        let third: Float = 1 / 3
        #expect(z.grad!.scalars == [third, third, third])
        let rows = Tensor<Double>([7, 7, 1, 1], shape: [2, 2], requiresGrad: true)
        rows.max(alongAxes: 1).sum().backward()
        #expect(rows.grad!.scalars == [1, 0, 1, 0])
    }

    @Test("a NaN is the maximum, and the NaNs share its gradient, as PyTorch")
    func nanTies() {
        let x = Tensor<Double>([1, .nan, 3, .nan], requiresGrad: true)
        let largest = x.max()
        #expect(largest.scalar!.isNaN)
        largest.backward()
        #expect(x.grad!.scalars == [0, 0.5, 0, 0.5])
    }

    @Test("max() and min() pass first- and second-order gradient checks away from ties, and their batched Jacobian splits ties too")
    func extremesGradientChecks() {
        let x = sample([3, 4], seed: 21)
        for (name, f) in [("max", { (t: Tensor<Double>) in t.max() * t.sum() }), ("min", { (t: Tensor<Double>) in t.min() * t.sum() })] {
            #expect(checkGradient(of: f, at: x).passed, "\(name)")
            #expect(checkSecondOrderGradient(of: f, at: x).passed, "\(name)")
        }
        let tied = Tensor<Double>([4, 1, 4])
        let jacobianOfMax: Tensor<Double> = jacobian(at: tied) { $0.max().reshaped(to: [1]) * Tensor([1, 2]) }
        #expect(jacobianOfMax.scalars == [0.5, 0, 0.5, 1, 0, 1])
    }

    /// Every reduction and softmax-like operation that takes an axis, on a tensor of any rank.
    private static let alongAxis: [(String, @Sendable (Tensor<Double>, Int) -> Tensor<Double>)] = [
        ("sum(alongAxes:)", { $0.sum(alongAxes: $1) }), ("mean(alongAxes:)", { $0.mean(alongAxes: $1) }),
        ("max(alongAxes:)", { $0.max(alongAxes: $1) }), ("min(alongAxes:)", { $0.min(alongAxes: $1) }),
        ("logSumExp(alongAxes:)", { $0.logSumExp(alongAxes: $1) }),
        ("variance(alongAxes:)", { $0.variance(alongAxes: $1) }), ("standardDeviation(alongAxes:)", { $0.standardDeviation(alongAxes: $1) }),
        ("norm(alongAxes:)", { $0.norm(alongAxes: $1) }), ("cumulativeSum(alongAxis:)", { $0.cumulativeSum(alongAxis: $1) }),
        ("softmax(alongAxis:)", { $0.softmax(alongAxis: $1) }), ("logSoftmax(alongAxis:)", { $0.logSoftmax(alongAxis: $1) }),
    ]

    @Test("on a 0-d tensor, reductions, softmax and cumulative sums accept axis 0 and −1 as PyTorch: the same value and gradient as on [x]")
    func zeroDimensionalAxis() {
        for (name, f) in Self.alongAxis {
            for axis in [0, -1] {
                let scalar = Tensor<Double>(-1.5).requiringGrad(), vector = Tensor<Double>([-1.5]).requiringGrad()
                let fromScalar = f(scalar, axis), fromVector = f(vector, 0)
                #expect(fromScalar.shape == [], "\(name) axis \(axis)")
                #expect(fromScalar.scalars == fromVector.scalars, "\(name) axis \(axis)")
                fromScalar.sum().backward()
                fromVector.sum().backward()
                #expect(scalar.grad!.scalars == vector.grad!.scalars, "\(name) axis \(axis)")
                #expect(checkGradient(of: { f($0, axis).sum() }, at: Tensor(0.7)).passed, "\(name) axis \(axis)")
            }
        }
        // The values, as PyTorch gives them.
        let x = Tensor<Double>(3)
        #expect(x.softmax().scalar == 1 && x.logSoftmax().scalar == 0 && x.logSumExp(alongAxes: 0).scalar == 3)
        #expect(x.variance(alongAxes: [0], correction: 1).scalar!.isNaN)
        #expect(x.sum(alongAxes: [0], keepingDimensions: true).shape == [])
        #expect(x.argmax(alongAxis: 0) == [0] && x.argmin(alongAxis: -1) == [0])
    }

    @Test("on a 0-d tensor any other axis is an invalidAxis error saying that only 0 and −1 exist")
    func zeroDimensionalBadAxis() {
        for (name, f) in Self.alongAxis {
            for axis in [1, -2] {
                let error = raisedError { _ = f(Tensor(2), axis) }
                #expect(error?.kind == .invalidAxis && error?.operation == name, "\(name) axis \(axis)")
                #expect(error?.fix.contains("only axis 0 or -1") == true, "\(name): \(String(describing: error))")
            }
        }
        #expect(raisedError { _ = Tensor<Double>(2).sum(alongAxes: [0, -1]) }?.kind == .invalidAxis)
    }
}
