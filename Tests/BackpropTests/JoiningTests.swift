import Testing
@testable import Backprop

@Suite("Concatenation, stacking, splitting, padding, flipping and expansion")
struct JoiningTests {
    let a = Tensor<Double>([1, 2, 3, 4], shape: [2, 2])
    let b = Tensor<Double>([5, 6], shape: [2, 1])

    @Test("concatenation joins along any axis, negative axes counting from the end")
    func concatenationValues() {
        let columns = Tensor.concatenated([a, b], alongAxis: 1)
        #expect(columns.shape == [2, 3])
        #expect(columns.scalars == [1, 2, 5, 3, 4, 6])
        #expect(Tensor.concatenated([a, b], alongAxis: -1).scalars == [1, 2, 5, 3, 4, 6])
        let rows = Tensor.concatenated([a, b.reshaped(to: [1, 2]), a])
        #expect(rows.shape == [5, 2])
        #expect(rows.scalars == [1, 2, 3, 4, 5, 6, 1, 2, 3, 4])
        #expect(Tensor.concatenated([a, Tensor<Double>.zeros([2, 0])], alongAxis: 1).scalars == a.scalars)
        #expect(Tensor.concatenated([a]).scalars == a.scalars)
    }

    @Test("each input of a concatenation gets its slice of the gradient, including transposed inputs")
    func concatenationGradients() {
        let report = checkGradient(
            of: { x in Tensor.concatenated([x[0], x[1].transposed(), x[2]], alongAxis: 1) },
            at: [sample([3, 2], seed: 1), sample([4, 3], seed: 2), sample([3, 1], seed: 3)])
        #expect(report.passed, "\(report)")
        let middle = checkGradient(
            of: { x in Tensor.concatenated([x[0], x[1]], alongAxis: 1) * x[0].sum() },
            at: [sample([2, 3, 2], seed: 4), sample([2, 1, 2], seed: 5)])
        #expect(middle.passed, "\(middle)")
        let constant = Tensor<Double>.ones([1, 2])
        let x = Tensor<Double>.zeros([2, 2], requiresGrad: true)
        Tensor.concatenated([constant, x, constant]).backward(seed: Tensor(Array(1...8).map(Double.init), shape: [4, 2]))
        #expect(x.grad!.scalars == [3, 4, 5, 6])
    }

    @Test("stacking adds a new axis at any position")
    func stacking() {
        let x = Tensor<Double>([1, 2]), y = Tensor<Double>([3, 4])
        #expect(Tensor.stacked([x, y]).scalars == [1, 2, 3, 4])
        #expect(Tensor.stacked([x, y]).shape == [2, 2])
        #expect(Tensor.stacked([x, y], alongAxis: 1).scalars == [1, 3, 2, 4])
        #expect(Tensor.stacked([x, y], alongAxis: -1).scalars == [1, 3, 2, 4])
        #expect(Tensor.stacked([a, a, a], alongAxis: 2).shape == [2, 2, 3])
        let report = checkGradient(
            of: { x in Tensor.stacked([x[0], x[1].transposed(), x[0]], alongAxis: 1) },
            at: [sample([2, 3], seed: 6), sample([3, 2], seed: 7)])
        #expect(report.passed, "\(report)")
    }

    @Test("splitting by sizes or into equal pieces undoes concatenation")
    func splitting() {
        let x = Tensor<Double>.arange(10).reshaped(to: [2, 5])
        let pieces = x.split(sizes: [2, 0, 3], alongAxis: 1)
        #expect(pieces.map(\.shape) == [[2, 2], [2, 0], [2, 3]])
        #expect(pieces[0].scalars == [0, 1, 5, 6])
        #expect(pieces[2].scalars == [2, 3, 4, 7, 8, 9])
        #expect(Tensor.concatenated(pieces, alongAxis: 1).scalars == x.scalars)
        let halves = Tensor<Double>.arange(12).reshaped(to: [4, 3]).split(count: 2)
        #expect(halves.map(\.scalars) == [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]])
        #expect(x.split(count: 5, alongAxis: -1).map(\.shape) == Array(repeating: [2, 1], count: 5))
    }

    @Test("the pieces of a split pass their gradients back to their own positions")
    func splitGradients() {
        let weights = [sample([3, 1], seed: 8), sample([3, 2], seed: 9), sample([3, 3], seed: 10)]
        let report = checkGradient(
            of: { x in
                let pieces = x.transposed().split(sizes: [1, 2, 3], alongAxis: 1)
                return (pieces[0] * weights[0]).sum() + (pieces[2] * weights[2]).sum() * pieces[1].sum()
            },
            at: sample([6, 3], seed: 11))
        #expect(report.passed, "\(report)")
        let equal = checkGradient(of: { $0.split(count: 2, alongAxis: 0)[1] * 3 }, at: sample([4, 2], seed: 12))
        #expect(equal.passed, "\(equal)")
    }

    @Test("padding surrounds with a constant; its gradient is the slice of the original positions")
    func padding() {
        #expect(Tensor<Double>([1, 2]).padded([(before: 1, after: 2)]).scalars == [0, 1, 2, 0, 0])
        let padded = a.padded([(0, 1), (2, 0)], with: -1)
        #expect(padded.shape == [3, 4])
        #expect(padded.scalars == [-1, -1, 1, 2, -1, -1, 3, 4, -1, -1, -1, -1])
        let report = checkGradient(of: { $0.transposed().padded([(1, 2), (0, 3)], with: 7) }, at: sample([3, 2], seed: 13))
        #expect(report.passed, "\(report)")
        let x = Tensor<Double>.zeros([2], requiresGrad: true)
        x.padded([(1, 1)]).backward(seed: Tensor([10, 20, 30, 40]))
        #expect(x.grad!.scalars == [20, 30])
    }

    @Test("flipping reverses positions along the given axes; its gradient is flipped back")
    func flipping() {
        #expect(a.flipped(alongAxes: 1).scalars == [2, 1, 4, 3])
        #expect(a.flipped(alongAxes: 0).scalars == [3, 4, 1, 2])
        #expect(a.flipped(alongAxes: 0, -1).scalars == [4, 3, 2, 1])
        #expect(a.flipped(alongAxes: []).scalars == a.scalars)
        let report = checkGradient(of: { $0.transposed().flipped(alongAxes: 0, 2) }, at: sample([2, 3, 4], seed: 14))
        #expect(report.passed, "\(report)")
        let x = Tensor<Double>.zeros([3], requiresGrad: true)
        x.flipped(alongAxes: 0).backward(seed: Tensor([1, 2, 3]))
        #expect(x.grad!.scalars == [3, 2, 1])
    }

    @Test("expanding repeats axes of size 1, with -1 keeping a size, and sums the gradient back")
    func expanding() {
        let column = Tensor<Double>([1, 2, 3], shape: [3, 1])
        let expanded = column.expanded(to: [2, -1, 4])
        #expect(expanded.shape == [2, 3, 4])
        #expect(expanded.scalars == column.broadcasted(to: [2, 3, 4]).scalars)
        let report = checkGradient(of: { $0.transposed().expanded(to: [3, 2, -1]) }, at: sample([4, 1], seed: 15))
        #expect(report.passed, "\(report)")
    }

    @Test("mismatched concatenations and stacks name the tensor and both shapes")
    func joiningErrors() {
        let mismatch = raisedError { _ = Tensor.concatenated([a, b], alongAxis: 0) }
        #expect(mismatch?.kind == .shapeMismatch)
        #expect(mismatch?.description == "concatenated(_:alongAxis:): tensor 1 has shape [2, 1] but tensor 0 has shape [2, 2]: all sizes except along axis 0 must agree. Concatenate tensors of rank 2 that differ only in the size of axis 0.")
        #expect(raisedError { _ = Tensor<Double>.concatenated([]) }?.description.contains("the list of tensors is empty") == true)
        #expect(raisedError { _ = Tensor.concatenated([a, b], alongAxis: 2) }?.kind == .invalidAxis)
        #expect(raisedError { _ = Tensor.concatenated([a, Tensor<Double>([1, 2])]) }?.description.contains("tensor 1 has shape [2]") == true)
        let stack = raisedError { _ = Tensor.stacked([a, b]) }
        #expect(stack?.description.contains("tensor 1 has shape [2, 1] but tensor 0 has shape [2, 2]") == true)
        let axis = raisedError { _ = Tensor.stacked([a, a], alongAxis: 3) }
        #expect(axis?.description == "stacked(_:alongAxis:): axis 3 is out of range for stacking tensors of shape [2, 2]. Stack along an axis in -3...2.")
    }

    @Test("splits that do not add up, bad paddings and bad expansions are reported")
    func splittingPaddingErrors() {
        let sizes = raisedError { _ = a.split(sizes: [1, 2], alongAxis: 1) }
        #expect(sizes?.description == "split(sizes:alongAxis:): sizes [1, 2] add up to 3 but axis 1 of shape [2, 2] has size 2. Pass sizes of zero or more that add up to 2.")
        let count = raisedError { _ = Tensor<Double>.zeros([5]).split(count: 2) }
        #expect(count?.description.contains("axis 0 of shape [5] has size 5, which does not split into 2 equal pieces") == true)
        #expect(raisedError { _ = a.split(count: 0) }?.description.contains("count 0 is not positive") == true)
        let pairs = raisedError { _ = a.padded([(1, 1)]) }
        #expect(pairs?.description.contains("1 padding pairs for a tensor of shape [2, 2] (rank 2)") == true)
        let negative = raisedError { _ = a.padded([(0, 0), (-1, 0)]) }
        #expect(negative?.description.contains("the padding (before: -1, after: 0) of axis 1 is negative") == true)
        #expect(raisedError { _ = a.flipped(alongAxes: 2) }?.kind == .invalidAxis)
        let leading = raisedError { _ = a.expanded(to: [-1, 2, 2]) }
        #expect(leading?.description.contains("size -1 at axis 0 of [-1, 2, 2] is a new leading axis") == true)
        #expect(raisedError { _ = a.expanded(to: [3, 2]) }?.kind == .shapeMismatch)
        #expect(raisedError { _ = a.expanded(to: [2, -2]) }?.description.contains("size -2 at axis 1 of [2, -2] is negative") == true)
        #expect(raisedError { _ = a.split(sizes: [-1, 3], alongAxis: 1) }?.description.contains("sizes [-1, 3] contain a negative size") == true)
    }
}
