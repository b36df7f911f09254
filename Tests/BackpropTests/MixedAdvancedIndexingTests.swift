import Backprop
import Testing

/// The message of the error `body` raises, or nil.
private func errorMessage(_ body: () -> Void) -> String? {
    do { try withErrorChecking(body) } catch { return "\(error)" }
    return nil
}

@Suite("Position arrays mixed with slices in the subscript, with NumPy's placement of the result's axes")
struct MixedAdvancedIndexingTests {
    /// y[i, j, k] = 12i + 4j + k.
    let y = Tensor<Double>.arange(24).reshaped(to: [2, 3, 4])

    /// The element y[i, j, k], from the formula rather than the library.
    func element(_ i: Int, _ j: Int, _ k: Int) -> Double { Double(12 * i + 4 * j + k) }

    @Test("x[:, idx] takes the positions along the second axis, in place: shape [2, 2, 4]")
    func positionsAfterSlice() {
        let taken = y[.all, .positions([2, 0])]
        #expect(taken.shape == [2, 2, 4])
        #expect(taken.scalars == [0, 1].flatMap { i in [2, 0].flatMap { j in (0..<4).map { element(i, j, $0) } } })
        #expect(y[.all, .positions(Tensor<Float>([2, 0]))].scalars == taken.scalars)
        #expect(y[.all, .all, .positions([-1, 0])].scalars == y[.all, .all, .positions([3, 0])].scalars)
        let strided = y[.all, .positions([1]), .slice(nil, nil, step: 2)]
        #expect(strided.shape == [2, 1, 2] && strided.scalars == [element(0, 1, 0), element(0, 1, 2), element(1, 1, 0), element(1, 1, 2)])
        // A 2-D array of positions puts both of its axes in place of the one it indexes.
        let grid = y[.all, .positions(TensorIndex.Positions([0, 1, 2, 0], shape: [2, 2]))]
        #expect(grid.shape == [2, 2, 2, 4] && grid[1, 1, 0].scalars == (0..<4).map { element(1, 2, $0) })
    }

    @Test("adjacent position arrays broadcast together and stay in place: x[0:2, idx1, idx2] has shape [2, 2]")
    func adjacentArraysStayInPlace() {
        let taken = y[.range(0..<2), .positions([1, 2]), .positions([0, 3])]
        #expect(taken.shape == [2, 2])
        #expect(taken.scalars == [0, 1].flatMap { i in zip([1, 2], [0, 3]).map { element(i, $0, $1) } })
        // Leading and adjacent: the same as the leading-axes subscript.
        let leading = y[.positions([1, 0, 1]), .positions([2])]
        #expect(leading.shape == [3, 4] && leading.scalars == y[indices: [Tensor([1, 0, 1]), Tensor([2])]].scalars)
    }

    @Test("position arrays separated by a slice put the broadcast axes first, as NumPy's x[idx0, :, idx1]")
    func separatedArraysGoFirst() {
        let taken = y[.positions([0, 1]), .all, .positions([3, 1])]
        #expect(taken.shape == [2, 3])
        #expect(taken.scalars == zip([0, 1], [3, 1]).flatMap { i, k in (0..<3).map { element(i, $0, k) } })
        let outer = y[.positions(TensorIndex.Positions([0, 1], shape: [2, 1])), .all, .positions([0, 1, 2])]
        #expect(outer.shape == [2, 3, 3])
        #expect(outer.scalars == [0, 1].flatMap { i in [0, 1, 2].flatMap { k in (0..<3).map { element(i, $0, k) } } })
        // A single position drops its axis first, as in PyTorch (NumPy would give [2, 3] here).
        let single = y[1, .all, .positions([0, 2])]
        #expect(single.shape == [3, 2] && single.scalars == (0..<3).flatMap { j in [0, 2].map { element(1, j, $0) } })
        #expect(y[1, .positions([0, 2])].shape == [2, 4] && y[.all, 1, .positions([0, 2])].shape == [2, 2])
        // Both agree when the single position sits among arrays that stay separated: [2, 3] as z[[0, 1], :, 0, [1, 2]].
        let z = Tensor<Double>.arange(120).reshaped(to: [2, 3, 4, 5])
        #expect(z[.positions([0, 1]), .all, 0, .positions([1, 2])].shape == [2, 3])
        #expect(z[.all, .positions([0, 1]), 0, .positions([1, 2])].shape == [2, 2])
    }

    @Test("the gradient adds up at repeated and negative positions: x[:, [1, 1, -3]].sum() gives 2, 1, 0 per row")
    func gradientAccumulates() {
        let leaf = y.detached().requiringGrad()
        leaf[.all, .positions([1, 1, -3]), .range(1..<3)].sum().backward()
        let takenPerRow: [Double] = [1, 2, 0]
        let expected: [Double] = [0, 1].flatMap { _ in [0, 1, 2].flatMap { j in (0..<4).map { k in (1..<3).contains(k) ? takenPerRow[j] : 0 } } }
        #expect(leaf.grad!.scalars == expected)
    }

    @Test("gradients match finite differences in Double, with broadcast arrays, repeated positions and a Jacobian through the batched rules")
    func gradients() {
        let x = Tensor<Double>.randomNormal(shape: [3, 4, 2], seed: 1)
        let repeated = checkGradient(of: { x in sin(x[.all, .positions([1, 1, -1]), .range(0..<2)]) }, at: x)
        #expect(repeated.passed, "\(repeated)")
        let broadcast = checkGradient(
            of: { x in x[.positions(TensorIndex.Positions([2, 0, 2], shape: [3, 1])), .slice(1, nil), .positions([1, 0])] * x[0, .range(0..<3)].transposed() },
            at: x)
        #expect(broadcast.passed, "\(broadcast)")
        let jacobian = checkJacobian(of: { x in x[.positions([0, 2]), .all, .positions([1, 1])] }, at: x)
        #expect(jacobian.passed, "\(jacobian)")
    }

    @Test("second derivatives through mixed indexing match finite differences")
    func secondOrder() {
        let x = Tensor<Double>.randomNormal(shape: [3, 4], seed: 2)
        let report = checkSecondOrderGradient(of: { x in (x[.positions([2, 2, 0]), .range(1..<4)] * x[.all, .positions([0, -1, 0])].transposed()).sum() * x.sum() }, at: x)
        #expect(report.passed, "\(report)")
    }

    @Test("misuse: a position out of range or fractional names the axis and the index; arrays that do not broadcast, and slices out of range, are reported")
    func misuse() {
        let range = errorMessage { _ = y[.all, .positions([0, 3])] }
        #expect(range?.contains("index 3.0 in the positions of axis 1 is out of range for axis 1 of size 3") == true, "\(range ?? "")")
        let negative = errorMessage { _ = y[.positions([0]), .all, .positions([-5])] }
        #expect(negative?.contains("index -5.0 in the positions of axis 2 is out of range for axis 2 of size 4") == true)
        #expect(errorMessage { _ = y[.all, .positions(Tensor<Double>([0.5]))] }?.contains("not a whole number for axis 1") == true)
        #expect(errorMessage { _ = y[.positions([0, 1]), .positions([0, 1, 2])] }?.contains("do not broadcast together") == true)
        #expect(errorMessage { _ = y[.range(0..<5), .positions([0])] }?.contains("range 0..<5 is out of range for axis 0") == true)
        #expect(errorMessage { _ = y[.all, 3, .positions([0])] }?.contains("index 3 is out of range for axis 1 of size 3") == true)
        #expect(errorMessage { _ = y[1, .all, .positions([4])] }?.contains("index 4.0 in the positions of axis 2 is out of range for axis 2 of size 4") == true)
        #expect(errorMessage { _ = TensorIndex.Positions([0, 1, 2], shape: [2, 2]) }?.contains("3 positions do not fill the shape [2, 2]") == true)
        #expect(TensorIndex.Positions([0, 1], shape: [2]).description == "Positions([0, 1], shape: [2])")
    }
}

@Suite("replacing(_:with:): PyTorch's out-of-place index_put through the subscript's indices")
struct IndexedReplacementTests {
    @Test("the selected elements are replaced, or increased when accumulating; values broadcast; the tensor itself is unchanged")
    func knownValues() {
        let x = Tensor<Double>.zeros([2, 3])
        #expect(x.replacing(.all, .positions([2, 0]), with: Tensor([1, 2])).scalars == [2, 0, 1, 2, 0, 1])
        #expect(x.replacing(.positions([1, 1]), with: Tensor([1]), accumulating: true).scalars == [0, 0, 0, 2, 2, 2])
        #expect(x.replacing(.positions([1, -2]), .positions([0, 2]), with: Tensor([5, 6])).scalars == [0, 0, 6, 5, 0, 0])
        #expect(x.replacing(.range(0..<1), .slice(nil, nil, step: 2), with: Tensor([7])).scalars == [7, 0, 7, 0, 0, 0])
        #expect(x.replacing(1, with: Tensor([1, 2, 3])).scalars == [0, 0, 0, 1, 2, 3])
        // A position written twice keeps the last value, as PyTorch on the CPU.
        #expect(x.replacing(0, .positions([1, 1]), with: Tensor([3, 4])).scalars == [0, 4, 0, 0, 0, 0])
        #expect(x.scalars == [0, 0, 0, 0, 0, 0])
    }

    @Test("gradients match finite differences for the tensor and the values, overwriting and accumulating, to second order")
    func gradients() {
        let x = Tensor<Double>.randomNormal(shape: [3, 4], seed: 3), v = Tensor<Double>.randomNormal(shape: [2, 1], seed: 4)
        let overwrite = checkGradient(of: { x, v in sin(x.replacing(.positions([2, 0]), .slice(1, nil), with: v * v)) }, at: x, v)
        #expect(overwrite.passed, "\(overwrite)")
        let accumulate = checkGradient(of: { x, v in sin(x.replacing(.all, .positions([1, 1]), with: v.transposed(), accumulating: true)) }, at: x, v)
        #expect(accumulate.passed, "\(accumulate)")
        let second = checkSecondOrderGradient(of: { x in (x.replacing(.positions([0, 2]), with: x[1] * x[1]) * x).sum() }, at: x)
        #expect(second.passed, "\(second)")
    }

    @Test("misuse: values that do not broadcast to the selection, and indices out of range, are reported")
    func misuse() {
        let x = Tensor<Double>.zeros([2, 3])
        let message = errorMessage { _ = x.replacing(.all, .positions([0, 1]), with: .zeros([3])) }
        #expect(message?.contains("values of shape [3] do not broadcast to the [2, 2] elements selected") == true)
        #expect(errorMessage { _ = x.replacing(.positions([2]), with: .zeros([1])) }?.contains("for axis 0 of size 2") == true)
    }
}
