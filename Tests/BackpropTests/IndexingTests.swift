import Testing
@testable import Backprop

@Suite("Subscripts with positions, ranges and strides")
struct IndexingTests {
    /// [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    let matrix = Tensor<Double>.arange(12).reshaped(to: [3, 4])

    @Test("an integer drops its axis and counts from the end when negative")
    func integerPositions() {
        #expect(matrix[1].shape == [4])
        #expect(matrix[1].scalars == [4, 5, 6, 7])
        #expect(matrix[-1].scalars == [8, 9, 10, 11])
        let element = matrix[-1, 0]
        #expect(element.shape == [])
        #expect(element.scalar == 8)
        #expect(matrix[.all, -1].scalars == [3, 7, 11])
        #expect(matrix[.all, -1].shape == [3])
        let row = 2, column = -3
        #expect(matrix[row].scalars == [8, 9, 10, 11])
        #expect(matrix[row, column].scalar == 9)
        #expect(matrix[.all, .at(column)].scalars == [1, 5, 9])
    }

    @Test("ranges keep their axis; axes left out are taken whole")
    func ranges() {
        #expect(matrix[.range(0..<2), 3].scalars == [3, 7])
        #expect(matrix[.range(1...), .range(..<2)].scalars == [4, 5, 8, 9])
        #expect(matrix[.range(1...), .range(..<2)].shape == [2, 2])
        #expect(matrix[.all, .range(...1)].scalars == [0, 1, 4, 5, 8, 9])
        #expect(matrix[.all, .range(1...2)].scalars == [1, 2, 5, 6, 9, 10])
        #expect(matrix[.from(2)].scalars == [8, 9, 10, 11])
        #expect(matrix[.range(1..<1)].shape == [0, 4])
        #expect(matrix[.range(3...)].shape == [0, 4])
        #expect(matrix[.upTo(1)].scalars == [0, 1, 2, 3])
        #expect(matrix[...(-1)].shape == [0, 4])
    }

    @Test("Swift range subscripts take rows")
    func rowRanges() {
        #expect(matrix[1..<3].shape == [2, 4])
        #expect(matrix[1..<3].scalars == [4, 5, 6, 7, 8, 9, 10, 11])
        #expect(matrix[0...0].scalars == [0, 1, 2, 3])
        #expect(matrix[2...].scalars == [8, 9, 10, 11])
        #expect(matrix[..<1].scalars == [0, 1, 2, 3])
        #expect(matrix[...1].shape == [2, 4])
    }

    @Test("strides take every n-th position from the range's start")
    func strides() {
        #expect(matrix[.stride(0..<3, by: 2)].scalars == [0, 1, 2, 3, 8, 9, 10, 11])
        #expect(matrix[.all, .stride(1..<4, by: 2)].scalars == [1, 3, 5, 7, 9, 11])
        #expect(matrix[.all, .stride(0..<4, by: 3)].shape == [3, 2])
        #expect(matrix[.all, .stride(1..<4, by: Int.max)].scalars == [1, 5, 9])
        #expect(matrix[.all, .stride(2..<2, by: 2)].shape == [3, 0])
        let cube = Tensor<Double>.arange(24).reshaped(to: [2, 3, 4])
        #expect(cube[1, .stride(0..<3, by: 2), 2].scalars == [14, 22])
        #expect(cube[.all, 2, .stride(1..<4, by: 2)].scalars == [9, 11, 21, 23])
    }

    @Test("taking everything returns the same values; a 0-d tensor takes no index")
    func identities() {
        #expect(matrix[.all, .all].scalars == matrix.scalars)
        #expect(Tensor<Double>(5)[].scalar == 5)
    }

    static let cases: [(String, @Sendable (Tensor<Double>) -> Tensor<Double>)] = [
        ("x[1]", { $0[1] }),
        ("x[-1, 2]", { $0[-1, 2] }),
        ("x[.range(0..<2), .all, 3]", { $0[.range(0..<2), .all, 3] }),
        ("x[.stride(0..<3, by: 2), .range(1...), .stride(0..<5, by: 3)]", { $0[.stride(0..<3, by: 2), .range(1...), .stride(0..<5, by: 3)] }),
        ("x[1..<3]", { $0[1..<3] }),
        ("x[i, j] with variables", { let i = 2, j = -1; return $0[i, j] }),
        ("transposed input", { $0.transposed()[.stride(0..<5, by: 2), 1] }),
        ("permuted input", { $0.permuted(1, 2, 0)[.range(1..<3), .all, -1] }),
        ("slice used twice", { $0[0] * $0[2] + $0[0] }),
    ]

    @Test("the gradient of a slice matches finite differences", arguments: 0..<cases.count)
    func sliceGradients(_ index: Int) {
        let (name, f) = Self.cases[index]
        let report = checkGradient(of: f, at: sample([3, 4, 5], seed: 1))
        #expect(report.passed, "\(name): \(report)")
    }

    @Test("the gradient of a slice is the seed scattered into zeros, summed where slices overlap")
    func sliceGradientClosedForm() {
        let x = Tensor<Double>.zeros([3, 4], requiresGrad: true)
        (x[1].sum() + x[.all, .stride(0..<4, by: 2)].sum() * 10).backward()
        #expect(x.grad!.scalars == [10, 0, 10, 0, 11, 1, 11, 1, 10, 0, 10, 0])
    }

    @Test("the scatter behind a slice's gradient is recorded, with the slice as its own gradient")
    func scatterPrimitiveGradient() {
        let scatter = { (x: Tensor<Double>) in
            x.embedded(inShape: [5, 4], starts: [1, 3], steps: [2, -1], filling: 0, recordedAs: .sliceScatter)
        }
        let report = checkGradient(of: scatter, at: sample([2, 3], seed: 2))
        #expect(report.passed, "\(report)")
        let value = scatter(Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3]))
        #expect(value.scalars == [0, 0, 0, 0, 0, 3, 2, 1, 0, 0, 0, 0, 0, 6, 5, 4, 0, 0, 0, 0])
    }

    @Test("a position out of range names the axis, the index and the size")
    func positionOutOfRange() {
        let error = raisedError { _ = matrix[3] }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.description == "subscript: index 3 is out of range for axis 0 of size 3 (shape [3, 4]). Use an index in -3..<3 (negative indices count from the end).")
        #expect(raisedError { _ = matrix[0, -5] }?.description.contains("index -5 is out of range for axis 1 of size 4") == true)
    }

    @Test("a range out of range, a non-positive step and too many indices are reported")
    func badRangesAndSteps() {
        let range = raisedError { _ = matrix[.all, .range(2..<6)] }
        #expect(range?.description == "subscript: range 2..<6 is out of range for axis 1 of size 4 (shape [3, 4]). Use a range within 0...4.")
        #expect(raisedError { _ = matrix[.range(-1..<2)] }?.description.contains("range -1..<2 is out of range for axis 0 of size 3") == true)
        #expect(raisedError { _ = matrix[4...] }?.description.contains("range 4... is out of range for axis 0 of size 3") == true)
        #expect(raisedError { _ = matrix[..<(-1)] }?.description.contains("range ..<-1 is out of range for axis 0 of size 3") == true)
        #expect(raisedError { _ = matrix[.all, .range(...4)] }?.description.contains("range ..<5 is out of range for axis 1 of size 4") == true)
        let step = raisedError { _ = matrix[.stride(0..<3, by: 0)] }
        #expect(step?.description.contains("the step 0 of the stride along axis 0 is not positive") == true)
        #expect(step?.fix.contains("flipped(alongAxes: [0])") == true)
        let tooMany = raisedError { _ = matrix[0, 1, 2] }
        #expect(tooMany?.description == "subscript: 3 indices for a tensor of shape [3, 4] (rank 2). Give at most 2 indices, one per axis.")
    }
}
