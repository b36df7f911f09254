import Backprop

/// Sorting, scattering, masks, advanced indices, repeats and one-hot labels given sizes, indices
/// or shapes that do not fit.
let tensorOperationMisuseCases: [MisuseCase] = [
    MisuseCase("top-k with k beyond the axis", operation: "topK(_:alongAxis:largest:)") {
        Tensor<Double>.ones([2, 3], requiresGrad: true).topK(4).values.sum().backward()
    },
    MisuseCase("top-k with a negative k", operation: "topK(_:alongAxis:largest:)") { _ = Tensor<Float>.ones([3]).topK(-1) },
    MisuseCase("sort along a missing axis", operation: "sorted(alongAxis:descending:)") { _ = Tensor<Float>.ones([3]).sorted(alongAxis: 1) },
    MisuseCase("cumulative product along a missing axis", operation: "cumulativeProduct(alongAxis:)") {
        _ = Tensor<Float>.ones([3]).cumulativeProduct(alongAxis: 2)
    },
    MisuseCase("scatter with an index out of range", operation: "scattering(_:indices:alongAxis:)") {
        let target = Tensor<Double>.zeros([2, 3], requiresGrad: true)
        target.scattering(.ones([2, 1]), indices: [0, 3], alongAxis: 1).sum().backward()
    },
    MisuseCase("scatter-reduce with too few indices", operation: "scattering(_:indices:alongAxis:reduction:includeSelf:)") {
        _ = Tensor<Float>.zeros([2, 3]).scattering(.ones([2, 2]), indices: [0, 1], alongAxis: 1, reduction: .amax)
    },
    MisuseCase("scatter from a source of another shape", operation: "scattering(_:indices:alongAxis:)") {
        _ = Tensor<Float>.zeros([2, 3]).scattering(.ones([3, 1]), indices: [0, 0, 0], alongAxis: 1)
    },
    MisuseCase("mask selection with a mask of another shape", operation: "selected(where:)") {
        let x = Tensor<Double>.ones([2, 3], requiresGrad: true)
        x[mask: .ones([3, 2])].sum().backward()
    },
    MisuseCase("masked fill with a mask that does not broadcast", operation: "maskedFilled(where:with:)") {
        _ = Tensor<Float>.ones([2, 3]).maskedFilled(where: .ones([2]), with: 0)
    },
    MisuseCase("advanced index out of range", operation: "subscript(indices:)") {
        let x = Tensor<Double>.ones([2, 3], requiresGrad: true)
        x[indices: [Tensor([0, 1]), Tensor([1, 3])]].sum().backward()
    },
    MisuseCase("advanced index that is not a whole number", operation: "subscript(indices:)") {
        _ = Tensor<Float>.ones([2, 3])[indices: [Tensor([0.5])]]
    },
    MisuseCase("advanced index tensors that do not broadcast", operation: "subscript(indices:)") {
        _ = Tensor<Float>.ones([2, 3])[indices: [Tensor([0, 1]), Tensor([0, 1, 2])]]
    },
    MisuseCase("repeat with fewer counts than axes", operation: "repeated(_:)") { _ = Tensor<Float>.ones([2, 3]).repeated([2]) },
    MisuseCase("repeat to a size beyond Int.max", operation: "repeated(_:)") { _ = Tensor<Float>.ones([2, 3]).repeated([Int.max, 1]) },
    MisuseCase("repeat-interleave with one count too few", operation: "repeatedInterleave(_:alongAxis:)") {
        _ = Tensor<Float>.ones([2, 3]).repeatedInterleave([1, 2], alongAxis: 1)
    },
    MisuseCase("roll with more shifts than axes", operation: "rolled(by:alongAxes:)") {
        _ = Tensor<Float>.ones([2, 3]).rolled(by: [1, 2], alongAxes: [0])
    },
    MisuseCase("one-hot label out of range", operation: "oneHot(_:classes:)") { _ = Tensor<Float>.oneHot([0, 3], classes: 3) },
]
