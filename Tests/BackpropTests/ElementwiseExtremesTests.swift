import Testing
import Backprop

@Suite("Elementwise max and min of tensors")
struct ElementwiseExtremesTests {
    private let x = Tensor<Double>([1, 5, 3, -2, 0.5, 4], shape: [2, 3], requiresGrad: true)
    private let y = Tensor<Double>([2, 2, 3], requiresGrad: true)

    @Test("the values are the larger and smaller of each broadcast pair")
    func values() {
        #expect(max(x, y).scalars == [2, 5, 3, 2, 2, 4])
        #expect(min(x, y).scalars == [1, 2, 3, -2, 0.5, 3])
        #expect(max(x, 2.5).scalars == [2.5, 5, 3, 2.5, 2.5, 4])
        #expect(min(x, 2.5).scalars == [1, 2.5, 2.5, -2, 0.5, 2.5])
    }

    @Test("the gradient goes to the chosen input and is split evenly on a tie, as torch.maximum")
    func tiesSplitEvenly() {
        max(x, y).sum().backward()
        #expect(x.grad!.scalars == [0, 1, 0.5, 0, 0, 1])
        // y broadcasts over the two rows: column sums of its share.
        #expect(y.grad!.scalars == [2, 1, 0.5])
        let a = Tensor<Double>([3, 1], requiresGrad: true), b = Tensor<Double>([3, 2], requiresGrad: true)
        min(a, b).sum().backward()
        #expect(a.grad!.scalars == [0.5, 1])
        #expect(b.grad!.scalars == [0.5, 0])
    }

    @Test("a NaN in either input gives NaN, as torch.maximum and torch.minimum")
    func nanPropagates() {
        let a = Tensor<Double>([.nan, 1, 2]), b = Tensor<Double>([0, .nan, 1])
        let larger = max(a, b).scalars, smaller = min(a, b).scalars
        #expect(larger[0].isNaN && larger[1].isNaN && larger[2] == 2)
        #expect(smaller[0].isNaN && smaller[1].isNaN && smaller[2] == 1)
    }

    @Test("an infinite input on the losing side passes no NaN into the gradient")
    func infiniteLoserGetsZero() {
        let a = Tensor<Double>([.infinity, 1], requiresGrad: true), b = Tensor<Double>([1, -.infinity], requiresGrad: true)
        min(a, b).sum().backward()
        #expect(a.grad!.scalars == [0, 0] && b.grad!.scalars == [1, 1])
    }

    @Test("finite differences agree to first and second order, with broadcasting, away from ties")
    func finiteDifferences() {
        let left = Tensor<Double>([0.3, -1.2, 2.5, 0.8, -0.4, 1.7], shape: [2, 3])
        let right = Tensor<Double>([0.1, -0.9, 2.2])
        let weight = Tensor<Double>([1.5, -0.5, 2])
        for extreme in [max, min] as [(Tensor<Double>, Tensor<Double>) -> Tensor<Double>] {
            let first = checkGradient(of: { (extreme($0, $1) * extreme($0, $1) * weight).sum() }, at: left, right)
            #expect(first.passed, "\(first)")
            let second = checkSecondOrderGradient(of: { (extreme($0, right) * extreme($0, right) * weight).sum() }, at: left)
            #expect(second.passed, "\(second)")
        }
    }

    @Test("the batched Jacobian is diagonal, with ½ on the ties")
    func batchedJacobian() {
        let point = Tensor<Double>([1, 2, 3])
        let j = jacobian(at: point) { max($0, Tensor([2])) }
        #expect(j.scalars == [0, 0, 0, 0, 0.5, 0, 0, 0, 1])
    }
}
