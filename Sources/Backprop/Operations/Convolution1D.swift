/// 1-d convolution (cross-correlation) of a batch of sequences [N, C, L] with filters
/// [F, C/groups, K], as PyTorch's `conv1d`: [N, F, OL] with
/// OL = ⌊(L + 2·padding − dilation·(K − 1) − 1)/stride⌋ + 1. It is the 2-d convolution of
/// images one row high, so it has the same gradients (of every order) and `groups`.
///
/// ```swift
/// let signal = Tensor<Double>.randomNormal(shape: [4, 2, 100], seed: 1)
/// let filters = Tensor<Double>.randomNormal(shape: [8, 2, 5], seed: 2)
/// conv1d(signal, filters, padding: 2)   // [4, 8, 100]
/// ```
public func conv1d<Element>(
    _ input: Tensor<Element>, _ filter: Tensor<Element>, bias: Tensor<Element>? = nil,
    stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1
) -> Tensor<Element> {
    guard input.rank == 3, filter.rank == 3 else {
        raise(BackpropError(
            .shapeMismatch, operation: "conv1d",
            problem: "input \(Shape.describe(input.shape)) and filter \(Shape.describe(filter.shape)) do not fit: the input must be [N, C, L] and the filter [F, C/groups, K]",
            fix: "Reshape a single sequence [C, L] to [1, C, L] with unsqueezed(at: 0), and give the filter three axes"))
        return .placeholder(shape: [input.shape.first ?? 0, filter.shape.first ?? 0, 1])
    }
    return input.unsqueezed(at: 2)
        .convolution(
            filter.unsqueezed(at: 2), bias: bias, stride: (1, stride), padding: (0, padding), dilation: (1, dilation),
            groups: groups, operation: "conv1d")
        .squeezed(axes: [2])
}
