import Backprop
import BackpropNN

/// Reductions with nothing to reduce, axes a tensor lacks, and losses given a layout that does
/// not fit.
let numericsMisuseCases: [MisuseCase] = [
    MisuseCase("max of an empty tensor", operation: "max()") { _ = Tensor<Float>.zeros([0]).max() },
    MisuseCase("min of an empty matrix", operation: "min()") { _ = Tensor<Double>.zeros([3, 0]).min() },
    MisuseCase("max along an empty axis", operation: "max(alongAxes:)") { _ = Tensor<Float>.zeros([0, 2]).max(alongAxes: 0) },
    MisuseCase("min along an empty axis", operation: "min(alongAxes:)") { _ = Tensor<Float>.zeros([2, 0]).min(alongAxes: -1) },
    MisuseCase("argmax of an empty tensor", operation: "argmax()") { _ = Tensor<Float>.zeros([0]).argmax() },
    MisuseCase("argmin along an empty axis", operation: "argmin(alongAxis:)") { _ = Tensor<Float>.zeros([0, 2]).argmin(alongAxis: 0) },
    MisuseCase("max of an empty tensor then backward", operation: "max()") {
        Tensor<Double>.zeros([0], requiresGrad: true).max().backward()
    },
    MisuseCase("sum of a 0-d tensor along axis 1", operation: "sum(alongAxes:)") { _ = Tensor<Float>(2).sum(alongAxes: 1) },
    MisuseCase("softmax of a 0-d tensor along axis -2", operation: "softmax(alongAxis:)") { _ = Tensor<Float>(2).softmax(alongAxis: -2) },
    MisuseCase("cumulative sum of a 0-d tensor along axis 1", operation: "cumulativeSum(alongAxis:)") {
        _ = Tensor<Float>(2).cumulativeSum(alongAxis: 1)
    },
    MisuseCase("halved squared error with samples along a missing axis", operation: "meanSquaredError(_:_:halved:samples:)") {
        _ = meanSquaredError(Tensor<Float>.zeros([3]), .zeros([3]), halved: true, samples: .columns)
    },
]
