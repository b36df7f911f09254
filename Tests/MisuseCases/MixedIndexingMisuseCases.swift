import Backprop

/// The subscript with arrays of positions mixed with slices, and `replacing(_:with:)`, given
/// positions or values that do not fit.
let mixedIndexingMisuseCases: [MisuseCase] = [
    MisuseCase("position array past the end of a middle axis", operation: "subscript") {
        _ = Tensor<Float>.zeros([2, 3, 4])[.all, .positions([0, 3])]
    },
    MisuseCase("position arrays that do not broadcast", operation: "subscript") {
        _ = Tensor<Float>.zeros([2, 3, 4])[.positions([0, 1]), .all, .positions([0, 1, 2])]
    },
    MisuseCase("replacing selected elements with values that do not broadcast", operation: "replacing(_:with:)") {
        _ = Tensor<Float>.zeros([2, 3]).replacing(.all, .positions([0, 1]), with: .zeros([3]))
    },
    MisuseCase("positions that do not fill their shape", operation: "TensorIndex.Positions") {
        _ = TensorIndex.Positions([0, 1, 2], shape: [2, 2])
    },
]
