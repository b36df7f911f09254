import Testing
@testable import Backprop

@Suite("Selection: where, clamping, comparisons, arg-max/arg-min and the minimum")
struct SelectionTests {
    @Test("where takes a where the mask is nonzero and b elsewhere, broadcasting among the three")
    func whereValues() {
        let x = Tensor<Double>([-1, 2, -3])
        #expect(Tensor.where(x .> 0, x, Tensor(0)).scalars == [0, 2, 0])
        #expect(Tensor.where(x .> 0, x, 0).scalars == [0, 2, 0])
        #expect(Tensor.where(x .> 0, 1, x).scalars == [-1, 1, -3])
        let mask = Tensor<Double>([1, 0], shape: [2, 1])
        let a = Tensor<Double>([1, 2, 3]), b = Tensor<Double>([10, 20, 30, 40, 50, 60], shape: [2, 3])
        let chosen = Tensor.where(mask, a, b)
        #expect(chosen.shape == [2, 3])
        #expect(chosen.scalars == [1, 2, 3, 40, 50, 60])
        #expect(Tensor.where(Tensor<Double>([0.5, -2, 0]), Tensor<Double>(7), Tensor<Double>(8)).scalars == [7, 7, 8])
    }

    static let whereShapes: [([Int], [Int], [Int])] = [
        ([2, 3], [2, 3], [2, 3]), ([2, 1], [3], [2, 3]), ([3], [2, 1], []), ([], [2, 3], [3]), ([2, 1, 3], [4, 1], [1, 4, 3]),
    ]

    @Test("the gradient of where goes to a under the mask and to b elsewhere, with broadcasting")
    func whereGradients() {
        for (maskShape, aShape, bShape) in Self.whereShapes {
            let mask = Tensor<Double>.randomNormal(shape: maskShape, seed: 1) .> 0
            let report = checkGradient(of: { Tensor.where(mask, $0, $1) }, at: sample(aShape, seed: 2), sample(bShape, seed: 3))
            #expect(report.passed, "mask \(maskShape), a \(aShape), b \(bShape): \(report)")
        }
        let transposed = checkGradient(
            of: { Tensor.where(Tensor<Double>([1, 0, 0, 1, 1, 0], shape: [3, 2]), $0.transposed(), $1 * $1) },
            at: sample([2, 3], seed: 4), sample([2], seed: 5))
        #expect(transposed.passed, "\(transposed)")
    }

    @Test("the gradient of where is the seed masked, and the mask gets none")
    func whereGradientClosedForm() {
        let mask = Tensor<Double>([1, 0, 0, 1], requiresGrad: true)
        let a = Tensor<Double>.zeros([4], requiresGrad: true), b = Tensor<Double>.zeros([1], requiresGrad: true)
        Tensor.where(mask, a, b).backward(seed: Tensor([1, 2, 3, 4]))
        #expect(a.grad!.scalars == [1, 0, 0, 4])
        #expect(b.grad!.scalars == [5])
        #expect(mask.grad == nil)
    }

    @Test("an infinite gradient on the side not chosen does not leak into the other as NaN")
    func whereDoesNotLeakInfinity() {
        let a = Tensor<Double>([1, 2], requiresGrad: true)
        (Tensor.where(Tensor([1, 0]), a, Tensor(0)) * Tensor([3, .infinity])).sum().backward()
        #expect(a.grad!.scalars == [3, 0])
    }

    @Test("clamping limits values to the range; the gradient is 1 strictly inside, and 0 at the bounds (minimum-norm subgradient, as PyTorch 2.15) and outside")
    func clamping() {
        #expect(Tensor<Double>([-2, 0.5, 3]).clamped(to: 0...1).scalars == [0, 0.5, 1])
        let nan = Tensor<Double>([.nan]).clamped(to: 0...1).scalars[0]
        #expect(nan.isNaN)
        let report = checkGradient(of: { ($0.transposed() - 1).clamped(to: -0.35...0.45) }, at: sample([3, 4], seed: 6))
        #expect(report.passed, "\(report)")
        let x = Tensor<Double>([-2, 0, 0.5, 1, 3], requiresGrad: true)
        x.clamped(to: 0...1).backward(seed: Tensor([1, 2, 3, 4, 5]))
        #expect(x.grad!.scalars == [0, 0, 3, 0, 0])
        // Outside the range the gradient is 0 whatever arrives, as PyTorch's where-based rule gives.
        let outside = Tensor<Double>([-2, 0.5, 3], requiresGrad: true)
        outside.clamped(to: 0...1).backward(seed: Tensor([.infinity, 1, .nan]))
        #expect(outside.grad!.scalars == [0, 1, 0])
        #expect(checkSecondOrderGradient(of: { ($0 * $0).clamped(to: 0.5...2).sum() }, at: sample([5], seed: 8)).passed)
    }

    @Test("comparisons give constant 0/1 tensors, broadcasting and with scalars on either side")
    func comparisons() {
        let x = Tensor<Double>([1, 2, 3]), y = Tensor<Double>([2, 2, 2])
        #expect((x .< y).scalars == [1, 0, 0])
        #expect((x .> y).scalars == [0, 0, 1])
        #expect((x .<= y).scalars == [1, 1, 0])
        #expect((x .>= y).scalars == [0, 1, 1])
        #expect((x .== y).scalars == [0, 1, 0])
        #expect((x .!= y).scalars == [1, 0, 1])
        #expect((x .< 2).scalars == [1, 0, 0])
        #expect((2 .< x).scalars == [0, 0, 1])
        #expect((x .>= 2).scalars == [0, 1, 1])
        #expect((2 .>= x).scalars == [1, 1, 0])
        #expect((x .== 3).scalars == [0, 0, 1])
        #expect((3 .!= x).scalars == [1, 1, 0])
        #expect((x .<= 1).scalars == [1, 0, 0])
        #expect((1 .> x).scalars == [0, 0, 0])
        let column = Tensor<Double>([1, 3], shape: [2, 1])
        let grid = column .> x
        #expect(grid.shape == [2, 3])
        #expect(grid.scalars == [0, 0, 0, 1, 1, 0])
        let nan = Tensor<Double>([.nan])
        #expect((nan .== nan).scalars == [0])
        #expect((nan .!= nan).scalars == [1])
        let leaf = Tensor<Float>([1, -1], requiresGrad: true)
        #expect(!(leaf .> 0).requiresGrad)
        #expect((leaf .> 0).scalars == [1, 0])
    }

    @Test("arg-max and arg-min return the first position of the extreme along an axis or overall")
    func argExtremes() {
        let x = Tensor<Double>([1, 5, 5, 7, 2, 0], shape: [2, 3])
        #expect(x.argmax(alongAxis: 1) == [1, 0])
        #expect(x.argmax(alongAxis: -1) == [1, 0])
        #expect(x.argmax(alongAxis: 0) == [1, 0, 0])
        #expect(x.argmin(alongAxis: 1) == [0, 2])
        #expect(x.argmin(alongAxis: 0) == [0, 1, 1])
        #expect(x.argmax() == 3)
        #expect(x.argmin() == 5)
        #expect(Tensor<Double>([1, 7, 7, 2], shape: [2, 2]).argmax() == 1)
        #expect(Tensor<Double>([4, 1, 1]).argmin() == 1)
        #expect(Tensor<Double>(3).argmax() == 0)
        let cube = Tensor<Double>.arange(24).reshaped(to: [2, 3, 4]).flipped(alongAxes: 1)
        #expect(cube.argmax(alongAxis: 1) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(cube.argmin(alongAxis: 1) == [2, 2, 2, 2, 2, 2, 2, 2])
        #expect(Tensor<Double>([1, .nan, 3]).argmax() == 1)
        #expect(Tensor<Double>([1, .nan, -3]).argmin() == 1)
    }

    @Test("min mirrors max: values; min() splits the gradient among tied minima, min along an axis sends it to the first")
    func minimum() {
        let x = Tensor<Double>([3, 1, 2, 0, 4, 0], shape: [2, 3])
        #expect(x.min().scalar == 0)
        #expect(x.min(alongAxes: 1).scalars == [1, 0])
        #expect(x.min(alongAxes: [0], keepingDimensions: true).shape == [1, 3])
        #expect(x.min(alongAxes: [0], keepingDimensions: true).scalars == [0, 1, 0])
        let leaf = x.requiringGrad()
        leaf.min().backward()
        #expect(leaf.grad!.scalars == [0, 0, 0, 0.5, 0, 0.5])
        let rows = x.requiringGrad()
        rows.min(alongAxes: -1).sum().backward()
        #expect(rows.grad!.scalars == [0, 1, 0, 1, 0, 0])
        let sampled = sample([2, 3, 4], seed: 7)
        for (name, f) in [
            ("min", { $0.min() }), ("min axis 1", { $0.min(alongAxes: 1) }),
            ("min axes 0, 2 kept", { $0.min(alongAxes: [0, 2], keepingDimensions: true) }),
            ("min of transposed", { $0.transposed().min(alongAxes: 0) }),
        ] as [(String, (Tensor<Double>) -> Tensor<Double>)] {
            let report = checkGradient(of: f, at: sampled)
            #expect(report.passed, "\(name): \(report)")
        }
    }

    @Test("shapes that do not broadcast, empty axes and bad axes are reported")
    func misuse() {
        let mismatch = raisedError { _ = Tensor.where(Tensor<Double>.ones([2]), .zeros([3]), .zeros([3])) }
        #expect(mismatch?.kind == .shapeMismatch)
        #expect(mismatch?.description.hasPrefix("where: cannot broadcast the mask's shape [2], a's [3] and b's [3] together") == true)
        let comparison = raisedError { _ = Tensor<Double>.zeros([2, 3]) .< .zeros([2]) }
        #expect(comparison?.description.hasPrefix(".<: cannot broadcast shapes [2, 3] and [2]") == true)
        let empty = raisedError { _ = Tensor<Double>.zeros([2, 0]).argmax(alongAxis: 1) }
        #expect(empty?.description == "argmax(alongAxis:): axis 1 of shape [2, 0] is empty. Look for the extreme along a non-empty axis.")
        #expect(raisedError { _ = Tensor<Double>.zeros([0]).argmin() }?.description.contains("argmin(): the tensor of shape [0] is empty") == true)
        #expect(raisedError { _ = Tensor<Double>.zeros([2]).argmax(alongAxis: 1) }?.kind == .invalidAxis)
        #expect(raisedError { _ = Tensor<Double>.zeros([0, 2]).min() }?.description.hasPrefix("min(): the tensor of shape [0, 2] is empty") == true)
        #expect(raisedError { _ = Tensor<Double>.zeros([0, 2]).min(alongAxes: 0) }?.description.hasPrefix("min(alongAxes:): axis 0 of shape [0, 2] is empty") == true)
        #expect(raisedError { _ = Tensor<Double>.zeros([2]).min(alongAxes: 3) }?.description.hasPrefix("min(alongAxes:): axis 3 is out of range") == true)
    }
}

@Suite("∞-norms split their gradient evenly among tied elements, as PyTorch's")
struct InfinityNormTieTests {
    @Test("vectorNorm of order ±∞ shares the gradient among the tied magnitudes and keeps the exact value")
    func vectorNormTies() {
        let x = Tensor<Double>([1, -2, 2], requiresGrad: true)
        let norm = vectorNorm(x, order: .infinity)
        #expect(norm.scalar == 2)
        norm.backward()
        #expect(x.grad!.scalars == [0, -0.5, 0.5])
        let y = Tensor<Double>([3, -1, 1, 5, 2, 2], shape: [2, 3], requiresGrad: true)
        let smallest = vectorNorm(y, order: -.infinity, alongAxes: [1])
        #expect(smallest.scalars == [1, 2])
        smallest.backward(seed: Tensor([1, 10]))
        #expect(y.grad!.scalars == [0, -0.5, 0.5, 0, 5, 5])
        let report = checkGradient(of: { vectorNorm($0, order: .infinity, alongAxes: [0]) }, at: Tensor<Double>([0.3, -1.7, 0.9, 2.2], shape: [2, 2]))
        #expect(report.passed, "\(report)")
    }

    @Test("matrixNorm's largest column and row sums share the gradient among tied sums")
    func matrixNormTies() {
        let a = Tensor<Double>([1, -2, 3, 2], shape: [2, 2], requiresGrad: true)
        let norm = matrixNorm(a, .maxColumnSum)   // column sums 4 and 4
        #expect(norm.scalar == 4)
        norm.backward()
        #expect(a.grad!.scalars == [0.5, -0.5, 0.5, 0.5])
    }
}
